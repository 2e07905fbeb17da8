"""Which (role, action, resource) each function actually used, recorded where moto decides it; and the resource
moto leaves out for services other than S3.

moto is embedded in this process, so its authorization can be observed directly: every authorized call goes through
`IAMRequestBase.check_action_permitted(resource)`, which knows the caller's key (an assumed role's session), the
IAM action (`dynamodb:PutItem`) and, for S3, the object or bucket ARN. For every other service moto passes `*`,
which matches only statements granting Resource `*`: a policy scoped to a table's ARN would deny everything. So the
resource is read from the request itself (TableName, IndexName, StreamArn, ShardIterator, QueueUrl, QueueName, the
tables of a batch) and written as the ARN the program's policies name, and each is checked; a transaction is checked
item by item, as the single-item action each item stands for. DynamoDB and SQS calls are then judged on their
resources as in AWS. A call that names none (ListStreams without a table) is checked against `*`, as AWS does.

The file (`iam-usage.json` in the state directory) is what `fraudctl review --iam-usage` reads to say which grants a
run used.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from moto.iam.access_control import IAMRequestBase

USAGE_FILE = "iam-usage.json"


class UsageRecorder:
    def __init__(self, account_id: str, region: str) -> None:
        self.account_id, self.region = account_id, region
        self.counts: Counter[tuple[str, str, str, bool]] = Counter()  # (role, action, resource, allowed)
        self._lock = threading.Lock()
        self._original: Any = None

    def install(self) -> UsageRecorder:
        original = IAMRequestBase.check_action_permitted
        recorder = self

        def observed(request: IAMRequestBase, resource: str) -> None:
            role = _role_of(request)
            called = request._action
            try:
                for action, target in recorder._checks(request, resource):
                    request._action = action  # moto reads the action to check from the request
                    try:
                        original(request, target)
                    except Exception:
                        if role is not None:
                            recorder._record(role, action, target, allowed=False)
                        raise
                    if role is not None:  # None: the harness user, local mode itself, not a function
                        recorder._record(role, action, target, allowed=True)
            finally:
                request._action = called

        original_signature = IAMRequestBase.check_signature

        def signature(request: IAMRequestBase) -> None:
            # moto rebuilds some REST requests differently from botocore (Lambda's GET .../functions/ fails with
            # SignatureDoesNotMatch): local mode's own harness is not held to it; every role's call is.
            if _role_of(request) is not None:
                original_signature(request)

        self._original = (original, original_signature)
        IAMRequestBase.check_action_permitted = observed  # type: ignore[method-assign]
        IAMRequestBase.check_signature = signature  # type: ignore[method-assign]
        return self

    def uninstall(self) -> None:
        if self._original is not None:
            IAMRequestBase.check_action_permitted, IAMRequestBase.check_signature = self._original  # type: ignore[method-assign]
            self._original = None

    def _record(self, role: str, action: str, resource: str, allowed: bool) -> None:
        with self._lock:
            self.counts[(role, action, resource, allowed)] += 1

    def _checks(self, request: IAMRequestBase, resource: str) -> list[tuple[str, str]]:
        """The (action, resource) pairs AWS authorizes for this call."""
        action = request._action
        if resource != "*":
            return [(action, resource)]  # S3: moto matched this ARN
        try:
            body = json.loads(request._body or b"{}")
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            return [(action, "*")]
        if action in ("dynamodb:TransactWriteItems", "dynamodb:TransactGetItems"):
            # There is no IAM action for a transaction: AWS authorizes each of its items as the single-item action
            # it stands for, on that item's table (DynamoDB developer guide, "Using IAM with DynamoDB transactions").
            return [
                (f"dynamodb:{_TRANSACT_ACTIONS[kind]}", target)
                for item in body.get("TransactItems") or []
                for kind, operation in (item.items() if isinstance(item, dict) else ())
                if kind in _TRANSACT_ACTIONS and isinstance(operation, dict)
                for target in _named(operation, self.account_id, self.region)
            ] or [(action, "*")]
        found = list(_named(body, self.account_id, self.region))
        return [(action, target) for target in found or ["*"]]

    def write(self, path: Path, project: str, stack: str) -> Path:
        roles: dict[str, list[dict[str, Any]]] = {}
        with self._lock:
            items = sorted(self.counts.items())
        for (role, action, resource, allowed), count in items:
            entry = next(
                (e for e in roles.setdefault(role, []) if (e["action"], e["resource"]) == (action, resource)), None
            )
            if entry is None:
                entry = {"action": action, "resource": resource, "allowed": 0, "denied": 0}
                roles[role].append(entry)
            entry["allowed" if allowed else "denied"] += count
        document = {"source": "fraudctl local", "project": project, "stack": stack, "roles": roles}
        path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return path


def _role_of(request: IAMRequestBase) -> str | None:
    arn = getattr(request._access_key, "arn", "")
    return arn.split("/")[1] if ":assumed-role/" in arn else None


def _named(body: dict[str, Any], account: str, region: str) -> Iterator[str]:
    if isinstance(body.get("TableName"), str):
        table = f"arn:aws:dynamodb:{region}:{account}:table/{body['TableName']}"
        yield f"{table}/index/{body['IndexName']}" if isinstance(body.get("IndexName"), str) else table
    if isinstance(body.get("StreamArn"), str):
        yield body["StreamArn"]
    if isinstance(body.get("ShardIterator"), str):  # moto's iterators are "<stream arn>|1|<id>"
        yield body["ShardIterator"].split("|", 1)[0]
    if isinstance(body.get("QueueUrl"), str):
        yield f"arn:aws:sqs:{region}:{account}:{body['QueueUrl'].rstrip('/').rsplit('/', 1)[-1]}"
    if isinstance(body.get("QueueName"), str):
        yield f"arn:aws:sqs:{region}:{account}:{body['QueueName']}"
    if isinstance(body.get("RequestItems"), dict):  # BatchGetItem / BatchWriteItem: authorized on every table named
        for table in body["RequestItems"]:
            yield f"arn:aws:dynamodb:{region}:{account}:table/{table}"


_TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}
