"""Pulumi mocks that answer like AWS: physical names, ids, ARNs and the attributes other resources consume.

Mocks run no provider: there is no Check (so no auto-names and no tagsAll) and no cloud. What the provider would
compute and what AWS would return is filled in here, so outputs flow into dependent resources as real-looking values
(an invokeArn into an integration, a streamArn into a mapping) and policies see what a preview would show.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import pulumi

from fraudctl.program.aws_invokes import answer_invoke
from fraudctl.program.taggable import taggable_types

ACCOUNT_ID = "123456789012"
STREAM_LABEL = "2026-01-01T00:00:00.000"


def stable_hex(seed: str, length: int) -> str:
    """Deterministic pseudo-random ids: the same program gives the same plan, run after run."""
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


def _physical_name(args: pulumi.runtime.MockResourceArgs, key: str = "name") -> str:
    # Pulumi's auto-naming: the logical name plus a random 7-character suffix; a read (`Resource.get`) is named by
    # the id it was given.
    return args.inputs.get(key) or args.resource_id or f"{args.name}-{stable_hex(args.name + args.typ, 7)}"


class AwsMocks(pulumi.runtime.Mocks):
    def __init__(
        self,
        region: str,
        account_id: str = ACCOUNT_ID,
        stack_references: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.region = region
        self.account_id = account_id
        self.provider_default_tags: dict[str, dict[str, str]] = {}  # provider id -> default tags
        self.stack_references = dict(stack_references or {})  # "org/project/stack" -> its outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return answer_invoke(args.token, args.args, region=self.region, account_id=self.account_id)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        if args.typ == "pulumi:pulumi:StackReference":
            return self._stack_reference(args)
        state = dict(args.inputs)
        if not args.custom and not args.resource_id:  # components have no physical counterpart
            return "", state
        if args.typ.startswith("pulumi:providers:"):
            return self._provider(args, state)
        if not args.typ.startswith("aws:"):
            # Another package (random, tls, command...): an id and its inputs; what its provider computes (a random
            # result, a key) stays unknown in the preview, as the CLI shows it before the provider has run.
            return args.resource_id or stable_hex(args.name + args.typ, 12), state
        builder = _BUILDERS.get(args.typ)
        resource_id = builder(self, args, state) if builder else stable_hex(args.name + args.typ, 12)
        resource_id = args.resource_id or resource_id  # a read keeps the id it asked for
        if "arn" not in state and builder is None:
            service = args.typ.split(":")[1].split("/")[0]
            state["arn"] = f"arn:aws:{service}:{self.region}:{self.account_id}:{args.name}"
        if "tags" in state or args.typ in taggable_types():
            state["tagsAll"] = {**self._default_tags(args.provider), **(state.get("tags") or {})}
        state.setdefault("region", self.region)
        return resource_id, state

    def _stack_reference(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        """Another stack's outputs, from --stack-reference-outputs; without them they stay unknown in the preview
        (the CLI would read the other stack's state, which offline we do not have)."""
        name = str(args.inputs.get("name") or args.resource_id or args.name)
        if name not in self.stack_references:
            return name, {"name": name}
        return name, {"name": name, "outputs": dict(self.stack_references[name]), "secretOutputNames": []}

    def _provider(self, args: pulumi.runtime.MockResourceArgs, state: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        default_tags = state.get("defaultTags")
        if isinstance(default_tags, str):  # providers receive their inputs JSON-encoded
            default_tags = json.loads(default_tags or "{}")
        tags = (default_tags or {}).get("tags") or {}
        provider_id = stable_hex(args.name, 8) + "-" + stable_hex(args.name, 4)
        self.provider_default_tags[provider_id] = tags
        return provider_id, state

    def _default_tags(self, provider_ref: str | None) -> dict[str, str]:
        if not provider_ref:
            return {}
        return self.provider_default_tags.get(provider_ref.rsplit("::", 1)[1], {})

    def arn(self, service: str, resource: str, region: bool = True, account: bool = True) -> str:
        return f"arn:aws:{service}:{self.region if region else ''}:{self.account_id if account else ''}:{resource}"


def _prefixed(prefix: str):
    def build(mocks: AwsMocks, args, state: dict[str, Any]) -> str:
        resource_id = f"{prefix}-{stable_hex(args.name, 17)}"
        state["arn"] = mocks.arn("ec2", f"{prefix}/{resource_id}")
        return resource_id

    return build


def _log_group(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    state["arn"] = mocks.arn("logs", f"log-group:{state['name']}")
    return state["name"]


def _role(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    state["arn"] = f"arn:aws:iam::{mocks.account_id}:role/{state['name']}"
    state["uniqueId"] = "AROA" + stable_hex(args.name, 16).upper()
    return state["name"]


def _role_policy(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    return f"{state.get('role')}:{state['name']}"


def _table(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    state["arn"] = mocks.arn("dynamodb", f"table/{state['name']}")
    if state.get("streamEnabled"):
        state["streamArn"] = f"{state['arn']}/stream/{STREAM_LABEL}"
        state["streamLabel"] = STREAM_LABEL
    return state["name"]


def _bucket(mocks: AwsMocks, args, state) -> str:
    state["bucket"] = _physical_name(args, "bucket")
    state["arn"] = f"arn:aws:s3:::{state['bucket']}"
    state["bucketDomainName"] = f"{state['bucket']}.s3.amazonaws.com"
    state["bucketRegionalDomainName"] = f"{state['bucket']}.s3.{mocks.region}.amazonaws.com"
    return state["bucket"]


def _bucket_part(mocks: AwsMocks, args, state) -> str:
    return str(state.get("bucket"))


def _function(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    state["arn"] = mocks.arn("lambda", f"function:{state['name']}")
    state["invokeArn"] = (
        f"arn:aws:apigateway:{mocks.region}:lambda:path/2015-03-31/functions/{state['arn']}/invocations"
    )
    state["qualifiedArn"] = f"{state['arn']}:$LATEST"
    state["version"] = "$LATEST"
    return state["name"]


def _rest_api(mocks: AwsMocks, args, state) -> str:
    api_id = stable_hex(args.name, 10)
    state["rootResourceId"] = stable_hex(args.name + "/", 10)
    state["executionArn"] = mocks.arn("execute-api", api_id)
    state["arn"] = f"arn:aws:apigateway:{mocks.region}::/restapis/{api_id}"
    return api_id


def _stage(mocks: AwsMocks, args, state) -> str:
    api, stage = state.get("restApi"), state.get("stageName")
    state["arn"] = f"arn:aws:apigateway:{mocks.region}::/restapis/{api}/stages/{stage}"
    state["invokeUrl"] = f"https://{api}.execute-api.{mocks.region}.amazonaws.com/{stage}"
    state["executionArn"] = f"{mocks.arn('execute-api', str(api))}/{stage}"
    return f"ags-{api}-{stage}"


def _vpc(mocks: AwsMocks, args, state) -> str:
    """A VPC comes with its default security group, network ACL and route table, whose ids it returns."""
    vpc_id = _prefixed("vpc")(mocks, args, state)
    for key, prefix in (
        ("defaultSecurityGroupId", "sg"),
        ("defaultNetworkAclId", "acl"),
        ("defaultRouteTableId", "rtb"),
    ):
        state[key] = f"{prefix}-{stable_hex(args.name + key, 17)}"
    state["mainRouteTableId"] = state["defaultRouteTableId"]
    return vpc_id


def _api_key(mocks: AwsMocks, args, state) -> str:
    state["value"] = stable_hex("key" + args.name, 40)
    key_id = stable_hex(args.name, 10)
    state["arn"] = f"arn:aws:apigateway:{mocks.region}::/apikeys/{key_id}"
    return key_id


def _queue(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    state["arn"] = mocks.arn("sqs", state["name"])
    state["url"] = f"https://sqs.{mocks.region}.amazonaws.com/{mocks.account_id}/{state['name']}"
    return state["url"]


def _topic(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    state["arn"] = mocks.arn("sns", state["name"])
    return state["arn"]


def _kms_key(mocks: AwsMocks, args, state) -> str:
    key_id = "-".join(stable_hex(args.name, n) for n in (8, 4, 4, 4, 12))
    state["keyId"] = key_id
    state["arn"] = mocks.arn("kms", f"key/{key_id}")
    return key_id


def _event_rule(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    state["arn"] = mocks.arn("events", f"rule/{state['name']}")
    return state["name"]


def _alarm(mocks: AwsMocks, args, state) -> str:
    state["name"] = _physical_name(args)
    state["arn"] = mocks.arn("cloudwatch", f"alarm:{state['name']}")
    return state["name"]


def _web_acl(mocks: AwsMocks, args, state) -> str:
    acl_id = "-".join(stable_hex(args.name, n) for n in (8, 4, 4, 4, 12))
    state["name"] = _physical_name(args)
    state["arn"] = mocks.arn("wafv2", f"regional/webacl/{state['name']}/{acl_id}")
    state["capacity"] = 1000
    return acl_id


def _vpc_endpoint(mocks: AwsMocks, args, state) -> str:
    endpoint_id = f"vpce-{stable_hex(args.name, 17)}"
    state["arn"] = mocks.arn("ec2", f"vpc-endpoint/{endpoint_id}")
    state["prefixListId"] = f"pl-{stable_hex(args.name + 'pl', 8)}"
    return endpoint_id


def _event_source_mapping(mocks: AwsMocks, args, state) -> str:
    uuid = "-".join(stable_hex(args.name, n) for n in (8, 4, 4, 4, 12))
    state["uuid"] = uuid
    state["functionArn"] = state.get("functionName")
    state["arn"] = mocks.arn("lambda", f"event-source-mapping:{uuid}")
    return uuid


def _permission(mocks: AwsMocks, args, state) -> str:
    state["statementId"] = state.get("statementId") or f"{args.name}-{stable_hex(args.name, 7)}"
    return state["statementId"]


def _usage_plan(mocks: AwsMocks, args, state) -> str:
    plan_id = stable_hex(args.name, 6)
    state["arn"] = f"arn:aws:apigateway:{mocks.region}::/usageplans/{plan_id}"
    return plan_id


_BUILDERS = {
    "aws:ec2/vpc:Vpc": _vpc,
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": _prefixed("acl"),
    "aws:ec2/subnet:Subnet": _prefixed("subnet"),
    "aws:ec2/routeTable:RouteTable": _prefixed("rtb"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": _prefixed("rtbassoc"),
    "aws:ec2/securityGroup:SecurityGroup": _prefixed("sg"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": _prefixed("sg"),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": _prefixed("sgr"),
    "aws:ec2/flowLog:FlowLog": _prefixed("fl"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": _vpc_endpoint,
    "aws:cloudwatch/logGroup:LogGroup": _log_group,
    "aws:iam/role:Role": _role,
    "aws:iam/rolePolicy:RolePolicy": _role_policy,
    "aws:dynamodb/table:Table": _table,
    "aws:s3/bucket:Bucket": _bucket,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": _bucket_part,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": _bucket_part,
    "aws:s3/bucketVersioning:BucketVersioning": _bucket_part,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": _bucket_part,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": _bucket_part,
    "aws:s3/bucketPolicy:BucketPolicy": _bucket_part,
    "aws:s3/bucketLogging:BucketLogging": _bucket_part,
    "aws:lambda/function:Function": _function,
    "aws:lambda/permission:Permission": _permission,
    "aws:lambda/eventSourceMapping:EventSourceMapping": _event_source_mapping,
    "aws:apigateway/restApi:RestApi": _rest_api,
    "aws:apigateway/stage:Stage": _stage,
    "aws:apigateway/apiKey:ApiKey": _api_key,
    "aws:apigateway/usagePlan:UsagePlan": _usage_plan,
    "aws:sqs/queue:Queue": _queue,
    "aws:sns/topic:Topic": _topic,
    "aws:kms/key:Key": _kms_key,
    "aws:cloudwatch/eventRule:EventRule": _event_rule,
    "aws:cloudwatch/metricAlarm:MetricAlarm": _alarm,
    "aws:wafv2/webAcl:WebAcl": _web_acl,
}
