"""Values and document helpers the baseline modules share."""

from __future__ import annotations

import json
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-2"
SUFFIX = "dev"
PREFIX = f"fraud-detection-{SUFFIX}"
API_ID = "a1b2c3d4e5"
TAGS = {"Environment": SUFFIX, "CostCenter": "fraud-detection", "ManagedBy": "Pulumi"}
FUNCTIONS = ("transaction-processor", "fraud-analyzer", "report-generator")
FILE_ARCHIVE = {"4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7", "path": "/work/main/functions"}


def arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}"


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, sort_keys=True)


def allow(sid: str, actions: list[str], resources: list[str]) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Action": sorted(actions), "Resource": resources}


def trust(service: str) -> str:
    return document(
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Service": service},
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        }
    )
