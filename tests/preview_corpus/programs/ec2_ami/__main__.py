"""The shape of aws-py-webserver: the newest Amazon Linux 2023 image, a security group, an instance."""

import pulumi
import pulumi_aws as aws

size = "t3.micro"
ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[aws.ec2.GetAmiFilterArgs(name="name", values=["al2023-ami-*-x86_64"])],
)
group = aws.ec2.SecurityGroup(
    "web-secgrp",
    description="Enable HTTP and SSH access",
    ingress=[
        aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=22, to_port=22, cidr_blocks=["0.0.0.0/0"]),
        aws.ec2.SecurityGroupIngressArgs(protocol="tcp", from_port=80, to_port=80, cidr_blocks=["0.0.0.0/0"]),
    ],
)
user_data = """#!/bin/bash
echo "Hello, World!" > index.html
nohup python3 -m http.server 80 &
"""
server = aws.ec2.Instance(
    "web-server-www",
    instance_type=size,
    vpc_security_group_ids=[group.id],
    user_data=user_data,
    ami=ami.id,
    tags={"Name": "web-server-www"},
)
pulumi.export("public_ip", server.public_ip)
pulumi.export("public_dns", server.public_dns)
