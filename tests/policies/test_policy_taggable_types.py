"""taggable_types.json is derived from the installed pulumi-aws, and the derivation matches the classes."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import json

from fraud_guardrails import types as T
from fraud_guardrails.tagging import TAGGABLE_TYPES_FILE, taggable_types
from pack_baseline import baseline
from pack_harness import PACK_DIR, load_generator

generator = load_generator()


def test_committed_file_matches_the_installed_pulumi_aws() -> None:
    committed = json.loads(TAGGABLE_TYPES_FILE.read_text())
    assert committed["pulumiAwsVersion"] == importlib.metadata.version("pulumi_aws")
    assert committed == generator.derive(), "pulumi-aws changed: run python scripts/gen_taggable_types.py"
    assert TAGGABLE_TYPES_FILE == PACK_DIR / "taggable_types.json"
    assert TAGGABLE_TYPES_FILE.read_text() == generator.render(committed)


def _resource_class(type_token: str) -> type:
    """The pulumi-aws class of a type token, through the package's own registry."""
    registry = json.loads(generator._REGISTRY.search((generator.package_root() / "__init__.py").read_text()).group(1))
    for module in registry:
        if type_token in module["classes"]:
            return getattr(importlib.import_module(module["fqn"]), module["classes"][type_token])
    raise KeyError(type_token)


def test_the_text_scan_agrees_with_the_constructors() -> None:
    # Import the classes the stack and the pack use and ask their signatures: the scan must say the same.
    taggable, without_default_tags = taggable_types()
    tokens = {res.type for res in baseline().resources.values() if res.type.startswith("aws:")}
    tokens |= {v for k, v in vars(T).items() if k.isupper() and isinstance(v, str) and v.startswith("aws:")}
    tokens |= {"aws:autoscaling/group:Group"}
    for token in sorted(tokens):
        cls = _resource_class(token)
        takes_tags = "tags" in inspect.signature(cls._internal_init).parameters
        assert (token in taggable) == takes_tags, token
        if takes_tags:
            assert (token in without_default_tags) == (not isinstance(getattr(cls, "tags_all", None), property)), token


def test_known_answers() -> None:
    taggable, without_default_tags = taggable_types()
    assert {T.LAMBDA_FUNCTION, T.DYNAMODB_TABLE, T.S3_BUCKET, T.LOG_GROUP, T.APIGATEWAY_STAGE, T.SQS_QUEUE} <= taggable
    assert not {T.APIGATEWAY_METHOD_SETTINGS, T.LAMBDA_PERMISSION, T.IAM_ROLE_POLICY, T.S3_BUCKET_POLICY} & taggable
    assert "aws:autoscaling/group:Group" in without_default_tags
