"""Copies of the project with one thing changed: how tests make a stack that a policy must catch."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PROGRAM_FILES = ("Pulumi.yaml", "Pulumi.dev.yaml", "openapi.yaml", "constraints.txt")  # the program reads the pins
PROGRAM_DIRS = ("infra", "functions")


@dataclass(frozen=True)
class Mutation:
    """One change to the program's source (`file`: `old` -> `new`, exactly once) or to its dev stack config."""

    description: str
    file: str = ""
    old: str = ""
    new: str = ""
    config: tuple[tuple[str, str], ...] = ()


MUTATIONS = {
    "runtime python3.12": Mutation(
        "the Lambda runtime set to python3.12",
        "infra/__main__.py",
        "runtime=cfg.lambda_runtime",
        'runtime="python3.12"',
    ),
    "tag missing": Mutation(
        "the ManagedBy tag removed", "infra/fraud_stack/config.py", ', "ManagedBy": "Pulumi"}', "}"
    ),
    "log retention 14": Mutation("log retention set to 14 days", config=(("fraud-detection:logRetentionDays", "14"),)),
    "provisioned billing": Mutation(
        "DynamoDB billing set to PROVISIONED",
        "infra/fraud_stack/data.py",
        'billing_mode="PAY_PER_REQUEST",\n            hash_key="transactionId"',
        'billing_mode="PROVISIONED",\n            read_capacity=5,\n            write_capacity=5,\n'
        '            hash_key="transactionId"',
    ),
    "kms instead of aes256": Mutation(
        "the buckets encrypted with KMS instead of AES256",
        "infra/fraud_stack/buckets.py",
        'sse_algorithm="AES256"',
        'sse_algorithm="aws:kms"',
    ),
    "throttle 5000": Mutation(
        "the API throttle set to 5000 per second", config=(("fraud-detection:apiThrottleRateLimit", "5000"),)
    ),
    "reserved concurrency 50": Mutation(
        "reserved concurrency set to 50", config=(("fraud-detection:lambdaReservedConcurrency", "50"),)
    ),
    "timeout 60": Mutation("the Lambda timeout set to 60 s", config=(("fraud-detection:lambdaTimeoutSeconds", "60"),)),
    "error alarm 5 percent": Mutation(
        "the error-rate alarms set to 5 percent", config=(("fraud-detection:errorRateThresholdPercent", "5"),)
    ),
    "stream keys only": Mutation(
        "the table stream set to KEYS_ONLY",
        "infra/fraud_stack/data.py",
        'stream_view_type="NEW_AND_OLD_IMAGES"',
        'stream_view_type="KEYS_ONLY"',
    ),
    "logging level error": Mutation(
        "the API logging level set to ERROR",
        "infra/fraud_stack/api.py",
        'logging_level="INFO"',
        'logging_level="ERROR"',
    ),
    "wildcard action": Mutation(
        "a wildcard action granted to the report generator",
        "infra/fraud_stack/functions.py",
        'Statement("WriteReports", ["s3:PutObject"]',
        'Statement("WriteReports", ["s3:*"]',
    ),
}


def copy_project(destination: Path, mutation: Mutation | None = None) -> Path:
    """The program's files under `destination` (caches left out), with `mutation` applied."""
    for name in PROGRAM_FILES:
        shutil.copy2(PROJECT_ROOT / name, destination / name)
    for name in PROGRAM_DIRS:
        shutil.copytree(PROJECT_ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    # Pulumi.yaml's `virtualenv: .venv`: a checkout has it once `make` ran; the copy shares the project's.
    (destination / ".venv").symlink_to(PROJECT_ROOT / ".venv", target_is_directory=True)
    if mutation is None:
        return destination
    if mutation.file:
        path = destination / mutation.file
        text = path.read_text(encoding="utf-8")
        assert text.count(mutation.old) == 1, f"{mutation.file}: expected {mutation.old!r} exactly once"
        path.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
    if mutation.config:
        with (destination / "Pulumi.dev.yaml").open("a", encoding="utf-8") as stack_file:
            for key, value in mutation.config:
                stack_file.write(f'  {key}: "{value}"\n')
    return destination
