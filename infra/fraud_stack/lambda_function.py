"""One Lambda function with what it always comes with: its own role, its own log group, its code and settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pulumi
import pulumi_aws as aws

from fraud_stack.iam import XRAY_WRITE_ACTIONS, Statement, assume_role_policy, lambda_vpc_statements, policy_json

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"


@dataclass(frozen=True)
class FunctionSettings:
    """What every function of the stack shares."""

    runtime: str
    region: str
    timeout_seconds: int
    memory_mb: int
    reserved_concurrency: int
    log_retention_days: int
    layer_arns: list[pulumi.Input[str]]
    subnet_ids: pulumi.Input[list[str]]
    security_group_id: pulumi.Input[str]
    account_id: pulumi.Input[str]
    shared_environment: dict[str, pulumi.Input[str]]


@dataclass(frozen=True)
class FunctionSpec:
    """What makes one function different: its name, entry point and exactly the permissions it needs."""

    logical: str
    function_name: str
    handler: str
    service_name: str
    statements: list[Statement]


def function_code() -> pulumi.AssetArchive:
    """Every .py file under functions/ at its relative path; caches and tests stay out, so the hash is stable."""
    files = sorted(p for p in FUNCTIONS_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    return pulumi.AssetArchive({p.relative_to(FUNCTIONS_DIR).as_posix(): pulumi.FileAsset(str(p)) for p in files})


def declare_function(
    spec: FunctionSpec, settings: FunctionSettings, code: pulumi.Archive, parent: pulumi.Resource
) -> tuple[aws.lambda_.Function, aws.iam.Role]:
    # Fixed physical names: a replacement must delete the old resource first, or the new one's name is still taken.
    child = pulumi.ResourceOptions(parent=parent, delete_before_replace=True)
    # Created by the program (not by Lambda on first write) so retention and tags are ours, and a policy can see it.
    log_group = aws.cloudwatch.LogGroup(
        f"{spec.logical}-logs",
        name=f"/aws/lambda/{spec.function_name}",
        retention_in_days=settings.log_retention_days,
        opts=child,
    )
    role = aws.iam.Role(
        f"{spec.logical}-role",
        name=f"{spec.function_name}-role",
        assume_role_policy=assume_role_policy("lambda.amazonaws.com", settings.account_id, parent),
        description=f"Execution role of {spec.function_name}: exactly the actions it needs on exactly its resources",
        opts=child,
    )
    baseline = [
        Statement(
            sid="WriteOwnLogs",
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[log_group.arn.apply(lambda arn: f"{arn}:*")],
        ),
        *lambda_vpc_statements(settings.region, settings.account_id, settings.subnet_ids, settings.security_group_id),
        # Resource "*" is required here: see XRAY_WRITE_ACTIONS.
        Statement(sid="WriteTraces", actions=XRAY_WRITE_ACTIONS, resources=["*"]),
    ]
    role_policy = aws.iam.RolePolicy(
        f"{spec.logical}-policy",
        name=f"{spec.function_name}-least-privilege",
        role=role.id,
        policy=policy_json(spec.statements + baseline),
        opts=child,
    )
    function = aws.lambda_.Function(
        spec.logical,
        name=spec.function_name,
        runtime=settings.runtime,
        handler=spec.handler,
        role=role.arn,
        code=code,
        timeout=settings.timeout_seconds,
        memory_size=settings.memory_mb,
        reserved_concurrent_executions=settings.reserved_concurrency,
        layers=settings.layer_arns,
        vpc_config=aws.lambda_.FunctionVpcConfigArgs(
            subnet_ids=settings.subnet_ids, security_group_ids=[settings.security_group_id]
        ),
        tracing_config=aws.lambda_.FunctionTracingConfigArgs(mode="Active"),
        logging_config=aws.lambda_.FunctionLoggingConfigArgs(
            log_format="JSON", log_group=log_group.name, application_log_level="INFO", system_log_level="INFO"
        ),
        environment=aws.lambda_.FunctionEnvironmentArgs(
            variables={**settings.shared_environment, "POWERTOOLS_SERVICE_NAME": spec.service_name}
        ),
        # The role's permissions and the log group must exist before the first invocation can use them.
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[log_group, role_policy], delete_before_replace=True),
    )
    return function, role
