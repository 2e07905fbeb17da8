"""Reads `prefix` of a RandomPet: unknown in a preview, so the SDK reports an advisory instead of a verdict."""

from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy, StackValidationPolicy


def read_prefix(resource) -> None:
    if resource.resource_type == "random:index/randomPet:RandomPet":
        print(resource.props["prefix"])


PolicyPack(
    name="unknown-values-policy",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        ResourceValidationPolicy(
            name="unknown-values-resource-validation",
            description="Accessing unknown values during preview results in a violation.",
            validate=lambda args, report: read_prefix(args),
        ),
        StackValidationPolicy(
            name="unknown-values-stack-validation",
            description="Accessing unknown values during preview results in a violation.",
            validate=lambda args, report: [read_prefix(r) for r in args.resources],
        ),
    ],
)
