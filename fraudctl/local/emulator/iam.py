"""Least privilege at run time: each function calls moto with its own role's credentials, and moto enforces IAM.

The program's roles and their inline policies are created in moto as declared; each function's role is assumed
through moto's STS (as Lambda does for the function) and the worker gets those temporary credentials. Then moto's
authorization is switched on (`POST /moto-api/reset-auth`): from there every call is checked against the caller's
policies. moto checks the ACTION of every call, and the resource only for S3 (other services are checked against
`*`); a call a role does not allow fails with AccessDenied, as in AWS.

Local mode's own calls (creating tables, reading streams' descriptions, the tests' clients) use a harness user that
may do anything: it stands for the AWS services themselves, not for any function.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from fraudctl.program.model import ProgramRun

ROLE = "aws:iam/role:Role"
INLINE_POLICY = "aws:iam/rolePolicy:RolePolicy"
FUNCTION = "aws:lambda/function:Function"
HARNESS_USER = "fraudctl-local-harness"
_EVERYTHING = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None

    def environment(self) -> dict[str, str]:
        env = {"AWS_ACCESS_KEY_ID": self.access_key_id, "AWS_SECRET_ACCESS_KEY": self.secret_access_key}
        return env | ({"AWS_SESSION_TOKEN": self.session_token} if self.session_token else {})


@dataclass
class LocalIam:
    """What was created: the functions' credentials (by function name), their roles, and the harness's key."""

    function_credentials: dict[str, Credentials] = field(default_factory=dict)
    function_roles: dict[str, str] = field(default_factory=dict)  # function name -> role name
    harness: Credentials | None = None
    notes: list[str] = field(default_factory=list)


def provision_iam(run: ProgramRun, client: Any) -> LocalIam:
    """Roles, inline policies, one assumed session per function, the harness user. Auth must still be off."""
    iam, sts, done = client("iam"), client("sts"), LocalIam()
    roles_by_arn: dict[str, str] = {}
    for role in run.by_type(ROLE):
        name = str(role.inputs.get("name") or role.outputs.get("name") or role.name)
        document = role.inputs.get("assumeRolePolicy") or role.outputs.get("assumeRolePolicy")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=str(document))
        roles_by_arn[str(role.outputs.get("arn", ""))] = name
        roles_by_arn[name] = name
    for policy in run.by_type(INLINE_POLICY):
        role_name = roles_by_arn.get(str(policy.inputs.get("role")), str(policy.inputs.get("role")))
        name = str(policy.inputs.get("name") or policy.name)
        iam.put_role_policy(RoleName=role_name, PolicyName=name, PolicyDocument=str(policy.inputs["policy"]))
    for function in run.by_type(FUNCTION):
        function_name = str(function.inputs.get("name") or function.outputs.get("name"))
        role_name = roles_by_arn.get(str(function.inputs.get("role")))
        if role_name is None:
            done.notes.append(f"function {function_name}: its role is not in the program; it runs as the harness")
            continue
        arn = iam.get_role(RoleName=role_name)["Role"]["Arn"]
        session = sts.assume_role(RoleArn=arn, RoleSessionName=function_name, DurationSeconds=43200)["Credentials"]
        done.function_credentials[function_name] = Credentials(
            session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"]
        )
        done.function_roles[function_name] = role_name
    iam.create_user(UserName=HARNESS_USER)
    iam.put_user_policy(UserName=HARNESS_USER, PolicyName="local-mode-harness", PolicyDocument=_EVERYTHING)
    key = iam.create_access_key(UserName=HARNESS_USER)["AccessKey"]
    done.harness = Credentials(key["AccessKeyId"], key["SecretAccessKey"])
    for attachment in run.resources:
        if attachment.type.startswith("aws:iam/") and "Attachment" in attachment.type:
            done.notes.append(f"{attachment.name}: managed policy attachments are not applied locally")
    return done


def set_enforcement(endpoint: str, on: bool) -> None:
    """moto's own switch: 0 unauthenticated calls left (enforce from now on), or infinitely many (off)."""
    body = b"0" if on else b"inf"
    # text/plain: as a form post, Flask would parse the body away and moto would read an empty count.
    headers = {"Content-Type": "text/plain"}
    request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=body, headers=headers, method="POST")  # noqa: S310
    urllib.request.urlopen(request, timeout=10).read()  # noqa: S310 - our own loopback server
