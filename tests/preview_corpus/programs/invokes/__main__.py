"""Every common data source, each consumed the way example programs consume it."""

import pulumi
import pulumi_aws as aws

ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[aws.ec2.GetAmiFilterArgs(name="name", values=["al2023-ami-*-x86_64"])],
)
vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[aws.ec2.GetSubnetsFilterArgs(name="vpc-id", values=[vpc.id])])
zone = aws.route53.get_zone(name="example.com")
region = aws.get_region()
partition = aws.get_partition()
layer = aws.ssm.get_parameter(name="/aws/service/powertools/python/x86_64/python3.11/3.37.0")
image = aws.ssm.get_parameter(name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")

pulumi.export("amiId", ami.id)
pulumi.export("amiArchitecture", ami.architecture)
pulumi.export("amiBlockDevices", len(ami.block_device_mappings))
pulumi.export("vpcCidr", vpc.cidr_block)
pulumi.export("subnetCount", len(subnets.ids))
pulumi.export("zoneServers", zone.name_servers)
pulumi.export("region", region.region)
pulumi.export("dnsSuffix", partition.dns_suffix)
pulumi.export("powertoolsLayer", layer.value)
pulumi.export("latestImage", image.value)
