"""Answers to the data-source invokes a program makes, computed like the AWS provider computes them.

Only the data sources listed in ``_INVOKES`` are answered; any other fails the run with one line naming its token
(a silent ``{}`` would let a wrong plan through). Every answer is completed to pulumi-aws's schema by
``aws_invoke_shapes.shaped``: each required output field is present, typed as the SDK expects.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fraudctl.program import aws_invoke_answers as answers
from fraudctl.program.aws_invoke_shapes import shaped


class UnknownInvokeError(RuntimeError):
    """The program called a data source the offline mocks cannot answer; a silent {} would hide wrong plans."""


def answer_invoke(token: str, args: dict[str, Any], *, region: str, account_id: str) -> dict[str, Any]:
    handler = _INVOKES.get(token)
    if handler is None:
        raise UnknownInvokeError(
            f"invoke {token!r} is not supported offline; add an answer for it in fraudctl/program/aws_invokes.py"
        )
    return shaped(token, args, handler(args, region, account_id))


def _caller_identity(args: dict, region: str, account_id: str) -> dict[str, Any]:
    return {
        "accountId": account_id,
        "arn": f"arn:aws:iam::{account_id}:user/offline-preview",
        "userId": "AIDAOFFLINEPREVIEW",
        "id": account_id,
    }


def _region(args: dict, region: str, account_id: str) -> dict[str, Any]:
    name = args.get("region") or args.get("name") or region
    return {"region": name, "name": name, "id": name, "endpoint": f"ec2.{name}.amazonaws.com", "description": name}


def _partition(args: dict, region: str, account_id: str) -> dict[str, Any]:
    return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws", "reverseDnsPrefix": "com.amazonaws"}


def _availability_zones(args: dict, region: str, account_id: str) -> dict[str, Any]:
    names = [f"{region}{letter}" for letter in "abc"]
    zone_ids = [f"{_zone_prefix(region)}-az{i}" for i in (1, 2, 3)]
    return {"names": names, "zoneIds": zone_ids, "id": region, "groupNames": [region], "region": region}


def _zone_prefix(region: str) -> str:
    # us-east-2 -> use2, eu-west-1 -> euw1: how AWS names zone ids.
    area, direction, number = [*region.split("-"), "", "", ""][:3]
    return f"{area}{direction[:1]}{number}"


def _policy_document(args: dict, region: str, account_id: str) -> dict[str, Any]:
    """aws:iam/getPolicyDocument: the same JSON shape the provider renders (single values unwrapped, sets sorted)."""
    statements = []
    for raw in args.get("statements") or []:
        statement: dict[str, Any] = {}
        if raw.get("sid"):
            statement["Sid"] = raw["sid"]
        statement["Effect"] = raw.get("effect") or "Allow"
        for key, wire in (("actions", "Action"), ("notActions", "NotAction")):
            if raw.get(key):
                statement[wire] = _one_or_sorted(raw[key])
        for key, wire in (("resources", "Resource"), ("notResources", "NotResource")):
            if raw.get(key):
                statement[wire] = _one_or_sorted(raw[key])
        for key, wire in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
            if raw.get(key):
                statement[wire] = _principals(raw[key])
        if raw.get("conditions"):
            statement["Condition"] = _conditions(raw["conditions"])
        statements.append(statement)
    document = {"Version": args.get("version") or "2012-10-17", "Statement": statements}
    if args.get("policyId"):
        document = {"Id": args["policyId"], **document}
    rendered = json.dumps(document, indent=2)
    return {
        "json": rendered,
        "minifiedJson": json.dumps(document, separators=(",", ":")),
        "id": hashlib.sha256(rendered.encode()).hexdigest()[:10],
    }


def _one_or_sorted(values: list[str]) -> str | list[str]:
    unique = sorted(set(values), reverse=True)  # the provider keeps sets in descending order
    return unique[0] if len(unique) == 1 else unique


def _principals(principals: list[dict]) -> dict[str, Any] | str:
    grouped: dict[str, list[str]] = {}
    for principal in principals:
        if principal.get("type") == "*":
            return "*"
        grouped.setdefault(principal["type"], []).extend(principal.get("identifiers") or [])
    return {kind: _one_or_sorted(ids) for kind, ids in grouped.items()}


def _conditions(conditions: list[dict]) -> dict[str, dict[str, Any]]:
    rendered: dict[str, dict[str, Any]] = {}
    for condition in conditions:
        rendered.setdefault(condition["test"], {})[condition["variable"]] = _one_or_sorted(
            condition.get("values") or []
        )
    return rendered


_INVOKES = {
    "aws:index/getCallerIdentity:getCallerIdentity": _caller_identity,
    "aws:index/getRegion:getRegion": _region,
    "aws:index/getPartition:getPartition": _partition,
    "aws:index/getAvailabilityZones:getAvailabilityZones": _availability_zones,
    "aws:iam/getPolicyDocument:getPolicyDocument": _policy_document,
    "aws:iam/getRole:getRole": answers.role,
    "aws:iam/getPolicy:getPolicy": answers.policy,
    "aws:ec2/getAmi:getAmi": answers.ami,
    "aws:ec2/getVpc:getVpc": answers.vpc,
    "aws:ec2/getSubnets:getSubnets": answers.subnets,
    "aws:ec2/getSubnet:getSubnet": answers.subnet,
    "aws:ec2/getSecurityGroup:getSecurityGroup": answers.security_group,
    "aws:route53/getZone:getZone": answers.hosted_zone,
    "aws:acm/getCertificate:getCertificate": answers.certificate,
    "aws:s3/getBucket:getBucket": answers.bucket,
    "aws:ecr/getAuthorizationToken:getAuthorizationToken": answers.ecr_token,
    "aws:ssm/getParameter:getParameter": answers.parameter,
}
