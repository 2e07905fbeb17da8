"""The fraud-detection-guardrails policy pack, as `pulumi preview --policy-pack policies` runs it."""

from fraud_guardrails.pack import DESCRIPTION, PACK_NAME, policies
from pulumi_policy import EnforcementLevel, PolicyPack

PolicyPack(
    name=PACK_NAME,
    description=DESCRIPTION,
    enforcement_level=EnforcementLevel.ADVISORY,  # each policy sets its own level; this is only the fallback
    policies=policies(),
)
