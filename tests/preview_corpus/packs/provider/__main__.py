"""The default provider of each resource: its type, name and version, as the engine registers it."""

from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy

EXPECTED = {
    "random:index/randomUuid:RandomUuid": ("pulumi:providers:random", "default_4_16_7", "4.16.7"),
    "tools:index/thing:Thing": ("pulumi:providers:tools", "default", None),
}


def check(args, report) -> None:
    expected = EXPECTED.get(args.resource_type)
    if expected is None:
        return
    provider = args.provider
    got = (provider.resource_type, provider.name, provider.props.get("version")) if provider else None
    if got != expected:
        report(f"provider {got}, expected {expected}")


PolicyPack(
    name="provider-test-policy",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        ResourceValidationPolicy(name="default-provider", description="Checks default providers.", validate=check)
    ],
)
