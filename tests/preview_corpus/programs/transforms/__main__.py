"""A stack transform, a per-resource transform inherited by a component's children, and a legacy transformation."""

import pulumi
import pulumi_aws as aws


def tag_everything(args: pulumi.ResourceTransformArgs) -> pulumi.ResourceTransformResult | None:
    if args.type_.startswith("aws:") and "tags" in _taggable(args.type_):
        tags = {**(args.props.get("tags") or {}), "Owner": "platform"}
        return pulumi.ResourceTransformResult({**args.props, "tags": tags}, args.opts)
    return None


def _taggable(type_: str) -> set[str]:
    return {"tags"} if type_ in ("aws:s3/bucket:Bucket", "aws:sqs/queue:Queue") else set()


def retain_queues(args: pulumi.ResourceTransformArgs) -> pulumi.ResourceTransformResult | None:
    if args.type_ == "aws:sqs/queue:Queue":
        props = {**args.props, "messageRetentionSeconds": 1209600}
        return pulumi.ResourceTransformResult(
            props, pulumi.ResourceOptions.merge(args.opts, pulumi.ResourceOptions(protect=True))
        )
    return None


def legacy_versioning(args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult | None:
    if args.type_ == "aws:sqs/queue:Queue":
        return pulumi.ResourceTransformationResult({**args.props, "delay_seconds": 5}, args.opts)
    return None


class Jobs(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions) -> None:
        super().__init__("corpus:jobs:Jobs", name, None, opts)
        self.queue = aws.sqs.Queue(f"{name}-queue", opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({})


pulumi.runtime.register_resource_transform(tag_everything)
pulumi.runtime.register_stack_transformation(legacy_versioning)
aws.s3.Bucket("data", tags={"Team": "data"})
Jobs("jobs", pulumi.ResourceOptions(transforms=[retain_queues]))
