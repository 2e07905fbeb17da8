"""Realistic, deterministic values for the data sources example programs call most (EC2 networking and images,
Route 53, ACM, IAM, S3, ECR, SSM). Each function returns only what it knows; ``aws_invoke_shapes.shaped`` completes
the result to the schema. The same arguments always give the same answer, so a plan is stable run after run.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from fraudctl.program.aws_public_parameters import public_parameter_value

Answer = Callable[[dict[str, Any], str, str], dict[str, Any]]
AMAZON_OWNER = "137112412989"  # the account that publishes Amazon Linux images


def _hex(seed: Any, length: int) -> str:
    return hashlib.sha256(repr(seed).encode()).hexdigest()[:length]


def _filter_values(args: dict[str, Any], name: str) -> list[str]:
    for item in args.get("filters") or []:
        if item.get("name") == name:
            return list(item.get("values") or [])
    return []


def ami(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    ami_id = f"ami-{_hex(('ami', args.get('owners'), args.get('filters'), args.get('nameRegex')), 17)}"
    pattern = next(iter(_filter_values(args, "name")), "al2023-ami-*-x86_64")
    name = pattern.replace("*", "2023.6.20250101.0").replace("?", "0")
    owners = [o for o in args.get("owners") or [] if o.isdigit()]
    architecture = next(iter(_filter_values(args, "architecture")), "arm64" if "arm64" in name else "x86_64")
    return {
        "id": ami_id,
        "imageId": ami_id,
        "arn": f"arn:aws:ec2:{region}::image/{ami_id}",
        "name": name,
        "architecture": architecture,
        "ownerId": owners[0] if owners else AMAZON_OWNER,
        "imageOwnerAlias": "amazon",
        "imageLocation": f"amazon/{name}",
        "imageType": "machine",
        "creationDate": "2025-01-01T00:00:00.000Z",
        "description": f"{name} image",
        "state": "available",
        "public": True,
        "rootDeviceName": "/dev/xvda",
        "rootDeviceType": "ebs",
        "virtualizationType": next(iter(_filter_values(args, "virtualization-type")), "hvm"),
        "hypervisor": "xen",
        "enaSupport": True,
        "sriovNetSupport": "simple",
        "platformDetails": "Linux/UNIX",
        "usageOperation": "RunInstances",
        "bootMode": "uefi-preferred",
        "imdsSupport": "v2.0",
        "region": region,
    }


def vpc(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    default = bool(args.get("default"))
    vpc_id = args.get("id") or f"vpc-{_hex(('vpc', default, args.get('filters'), args.get('tags')), 17)}"
    cidr = args.get("cidrBlock") or ("172.31.0.0/16" if default else "10.0.0.0/16")
    return {
        "id": vpc_id,
        "arn": f"arn:aws:ec2:{region}:{account}:vpc/{vpc_id}",
        "cidrBlock": cidr,
        "cidrBlockAssociations": [
            {"associationId": f"vpc-cidr-assoc-{_hex(vpc_id, 17)}", "cidrBlock": cidr, "state": "associated"}
        ],
        "default": default,
        "dhcpOptionsId": f"dopt-{_hex(vpc_id + 'dhcp', 17)}",
        "enableDnsHostnames": True,
        "enableDnsSupport": True,
        "enableNetworkAddressUsageMetrics": False,
        "instanceTenancy": "default",
        "mainRouteTableId": f"rtb-{_hex(vpc_id + 'main', 17)}",
        "ownerId": account,
        "state": "available",
        "tags": args.get("tags") or {},
        "region": region,
    }


def subnets(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    seed = (args.get("filters"), args.get("tags"))
    return {"id": region, "ids": [f"subnet-{_hex((seed, zone), 17)}" for zone in "abc"], "region": region}


def subnet(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    subnet_id = args.get("id") or f"subnet-{_hex(('subnet', args.get('filters'), args.get('tags')), 17)}"
    vpc_id = args.get("vpcId") or next(iter(_filter_values(args, "vpc-id")), f"vpc-{_hex('subnet-vpc', 17)}")
    zone = args.get("availabilityZone") or f"{region}a"
    return {
        "id": subnet_id,
        "arn": f"arn:aws:ec2:{region}:{account}:subnet/{subnet_id}",
        "vpcId": vpc_id,
        "cidrBlock": args.get("cidrBlock") or "172.31.0.0/20",
        "availabilityZone": zone,
        "availabilityZoneId": f"use2-az{' abc'.index(zone[-1]) if zone[-1] in 'abc' else 1}",
        "availableIpAddressCount": 4091,
        "defaultForAz": bool(args.get("defaultForAz")),
        "mapPublicIpOnLaunch": True,
        "ownerId": account,
        "state": "available",
        "tags": args.get("tags") or {},
        "region": region,
    }


def security_group(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    name = args.get("name") or next(iter(_filter_values(args, "group-name")), "default")
    group_id = args.get("id") or f"sg-{_hex(('sg', name, args.get('vpcId'), args.get('filters')), 17)}"
    return {
        "id": group_id,
        "arn": f"arn:aws:ec2:{region}:{account}:security-group/{group_id}",
        "name": name,
        "description": f"{name} security group",
        "vpcId": args.get("vpcId") or next(iter(_filter_values(args, "vpc-id")), f"vpc-{_hex('sg-vpc', 17)}"),
        "tags": args.get("tags") or {},
        "region": region,
    }


def hosted_zone(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    name = str(args.get("name") or "example.com").rstrip(".")
    zone_id = args.get("zoneId") or "Z" + _hex(("zone", name, args.get("privateZone")), 13).upper()
    servers = [f"ns-{n}.awsdns-{n:02d}.{tld}" for n, tld in ((1, "com"), (2, "net"), (3, "org"), (4, "co.uk"))]
    return {
        "id": zone_id,
        "zoneId": zone_id,
        "arn": f"arn:aws:route53:::hostedzone/{zone_id}",
        "name": name,
        "callerReference": _hex(zone_id, 32),
        "comment": "",
        "nameServers": servers,
        "primaryNameServer": servers[0],
        "privateZone": bool(args.get("privateZone")),
        "resourceRecordSetCount": 2,
        "tags": args.get("tags") or {},
    }


def certificate(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    domain = args.get("domain") or "example.com"
    uuid = "-".join(_hex(("cert", domain), n) for n in (8, 4, 4, 4, 12))
    arn = f"arn:aws:acm:{region}:{account}:certificate/{uuid}"
    return {"id": arn, "arn": arn, "domain": domain, "status": "ISSUED", "region": region}


def role(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    name = args.get("name") or "role"
    trust = '{"Version":"2012-10-17","Statement":[]}'
    return {
        "id": name,
        "name": name,
        "arn": f"arn:aws:iam::{account}:role/{name}",
        "assumeRolePolicy": trust,
        "path": "/",
        "uniqueId": "AROA" + _hex(("role", name), 17).upper(),
        "createDate": "2025-01-01T00:00:00Z",
        "maxSessionDuration": 3600,
    }


def policy(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    arn = args.get("arn") or f"arn:aws:iam::aws:policy/{args.get('name') or 'Policy'}"
    name = args.get("name") or arn.rsplit("/", 1)[-1]
    document = '{"Version":"2012-10-17","Statement":[]}'
    return {"id": arn, "arn": arn, "name": name, "path": "/", "policy": document, "policyId": "ANPA" + _hex(arn, 17)}


def bucket(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    name = args.get("bucket") or "bucket"
    return {
        "id": name,
        "bucket": name,
        "arn": f"arn:aws:s3:::{name}",
        "bucketDomainName": f"{name}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{name}.s3.{region}.amazonaws.com",
        "region": region,
    }


def ecr_token(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    password = "offline-" + _hex(("ecr", account, region), 24)
    return {
        "id": region,
        "authorizationToken": base64.b64encode(f"AWS:{password}".encode()).decode(),
        "userName": "AWS",
        "password": password,
        "proxyEndpoint": f"https://{account}.dkr.ecr.{region}.amazonaws.com",
        "expiresAt": "2026-01-01T12:00:00Z",
        "region": region,
    }


def parameter(args: dict[str, Any], region: str, account: str) -> dict[str, Any]:
    name = str(args.get("name") or "")
    value = public_parameter_value(name, region)
    if value is None:  # a private parameter: its value is not knowable offline, so it is plainly a stand-in
        value = f"offline-value-of-{name.strip('/').replace('/', '-')}"
    arn_name = name[1:] if name.startswith("/") else name
    owner = "" if name.startswith("/aws/service/") else account  # AWS's public parameters have no account
    return {
        "id": name,
        "name": name,
        "arn": f"arn:aws:ssm:{region}:{owner}:parameter/{arn_name}",
        "type": "String",
        "value": value,
        "insecureValue": value,
        "version": 1,
        "withDecryption": args.get("withDecryption", True),
        "region": region,
    }
