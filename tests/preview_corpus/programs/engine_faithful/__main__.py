"""What the engine adds around a program: default providers, reads, stack references, remote components, logs."""

import pulumi
import pulumi_aws as aws


class RandomUuid(pulumi.CustomResource):
    def __init__(self, name: str, version: str | None) -> None:
        opts = pulumi.ResourceOptions(version=version) if version else None
        super().__init__("random:index/randomUuid:RandomUuid", name, {"keepers": None, "result": None}, opts)


class Tool(pulumi.CustomResource):  # a package that gives no version: its default provider is named "default"
    def __init__(self, name: str) -> None:
        super().__init__("tools:index/thing:Thing", name, {"size": 3})


class Vpc(pulumi.ComponentResource):  # a multi-language component, as awsx.ec2.Vpc registers itself
    def __init__(self, name: str) -> None:
        super().__init__("awsx:ec2:Vpc", name, {"cidrBlock": "10.0.0.0/16", "vpcId": None}, None, remote=True)


uuid = RandomUuid("id", "4.16.7")
Tool("thing")
existing = aws.s3.Bucket.get("existing", "legacy-bucket")
network = pulumi.StackReference("acme/network/prod")
vpc = Vpc("vpc")
pulumi.log.info("an info line")
pulumi.log.warn("a warning about the bucket", resource=existing)
pulumi.export("existingArn", existing.arn)
pulumi.export("sharedVpcId", network.get_output("vpcId"))
pulumi.export("vpcId", vpc.vpcId)  # type: ignore[attr-defined]
pulumi.export("ratio", 0.5)
pulumi.export("count", 12)
pulumi.export("nested", {"list": [1, "two"], "flag": True})
