"""The AWS provider: every AWS resource is managed in the spec's region (us-east-2)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pulumi.runtime
from pulumi_policy import PolicyProviderResource, ResourceValidationArgs, Severity

from fraud_guardrails import types as T
from fraud_guardrails.metadata import MANDATORY, resource_rule, string_list
from fraud_guardrails.props import UNKNOWN, get, peek


def provider_region(provider: PolicyProviderResource) -> Any:
    """The region a provider deploys to: its `region` input; for a default provider, else the stack's aws:region.

    An explicit provider does not read the stack's config: without `region` it uses AWS_REGION at deploy time.
    """
    region = peek(provider.props, "region")
    if region is None and provider.name.startswith("default"):
        region = pulumi.runtime.get_config("aws:region")
    return region


@resource_rule(
    name="aws-provider-region-allowed",
    description="Every AWS resource is managed in the spec's region (us-east-2), pinned on its provider.",
    severity=Severity.HIGH,
    enforcement=MANDATORY,
    remediation='Create the aws.Provider with region="us-east-2" and pass it to every resource; do not set a '
    "per-resource region.",
    types=None,
    spec=True,
    config={"allowedRegions": string_list(["us-east-2"], "Regions resources may be deployed to.")},
)
def provider_region_allowed(args: ResourceValidationArgs, cfg: Mapping[str, Any]) -> Iterator[str]:
    allowed = cfg["allowedRegions"]
    providers: list[PolicyProviderResource] = []
    if args.resource_type == T.AWS_PROVIDER:
        providers.append(PolicyProviderResource(args.resource_type, args.props, args.urn, args.name))
    elif args.resource_type.startswith("aws:"):
        own = peek(args.props, "region")  # pulumi-aws v7: a per-resource override of the provider's region
        if isinstance(own, str) and own not in allowed:
            yield f"its region argument is {own}; allowed: {', '.join(allowed)}"
        if args.provider is not None and args.provider.resource_type == T.AWS_PROVIDER:
            providers.append(args.provider)
    listed = ", ".join(allowed)
    for provider in providers:
        region = provider_region(provider)
        if region is None:
            yield f"provider {provider.name} pins no region (AWS_REGION decides at deploy time); allowed: {listed}"
        elif region is not UNKNOWN and region not in allowed:
            yield f"provider {provider.name} deploys to {region}; allowed: {listed}"
    # A region set from another resource's output is not known in a preview: get() raises for it, so the SDK notes
    # that the policy could not run, once what is known was judged.
    get(args.props, "region")
    for provider in providers:
        get(provider.props, "region")


POLICIES = [provider_region_allowed]
