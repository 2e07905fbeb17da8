"""Every resource's parent and dependencies as the engine records them; any mismatch fails the stack policy."""

from pulumi_policy import EnforcementLevel, PolicyPack, StackValidationPolicy


def check(args, report) -> None:
    by_name = {r.name: r for r in args.resources}
    stack = next(r for r in args.resources if r.resource_type == "pulumi:pulumi:Stack")
    for r in args.resources:
        problem = _problem(r, stack, by_name)
        if problem:
            report(f"{r.resource_type} {r.name}: {problem}", r.urn)


def _problem(r, stack, by_name) -> str:
    if r.resource_type == "pulumi:pulumi:Stack" or r.resource_type.startswith("pulumi:providers:"):
        return "" if r.parent is None and not r.dependencies and not r.property_dependencies else "has a parent"
    if r.resource_type == "random:index/randomPet:RandomPet":
        text = by_name["str"]
        ok = r.parent is stack and r.dependencies == [text] and r.property_dependencies.get("prefix") == [text]
        return "" if ok else "does not depend on str through prefix"
    if r.resource_type == "random:index/randomString:RandomString":
        return "" if r.parent is stack and not r.dependencies else "unexpected dependencies"
    return f"unexpected resource type {r.resource_type}"


PolicyPack(
    name="parent-dependencies-test-policy",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        StackValidationPolicy(name="validate-stack", description="Validates parents and dependencies.", validate=check)
    ],
)
