"""Remediations: a remediate-only policy, a validate-and-remediate policy, and a plain check that runs afterwards."""

from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy

BUCKET = "aws:s3/bucket:Bucket"
QUEUE = "aws:sqs/queue:Queue"


def no_force_destroy(args):
    if args.resource_type == BUCKET and args.props.get("forceDestroy"):
        return {**args.props, "forceDestroy": False}
    return None


def retention(args, report):
    if args.resource_type != QUEUE:
        return None
    # Indexing (not .get) is what makes the SDK's proxy raise "can't be known during preview" for an unknown.
    days = args.props["messageRetentionSeconds"] if "messageRetentionSeconds" in args.props else 345600
    if not isinstance(days, int | float):  # pulumi_policy 1.21's Remediate passes an unknown as its raw sentinel
        return None
    if days < 1209600:
        report("queues keep messages for 14 days")
        return {**args.props, "messageRetentionSeconds": 1209600}
    return None


def checked_after(args, report):
    if args.resource_type == BUCKET and args.props.get("forceDestroy"):
        report("forceDestroy is still on")


PolicyPack(
    name="remediation-policy",
    enforcement_level=EnforcementLevel.REMEDIATE,
    policies=[
        ResourceValidationPolicy(
            name="s3-no-force-destroy", description="Buckets keep their objects on delete.", remediate=no_force_destroy
        ),
        ResourceValidationPolicy(
            name="sqs-retention-14-days", description="Queues keep messages 14 days.", validate_remediate=retention
        ),
        ResourceValidationPolicy(
            name="s3-force-destroy-checked",
            description="Checks what the remediations left.",
            validate=checked_after,
            enforcement_level=EnforcementLevel.MANDATORY,
        ),
    ],
)
