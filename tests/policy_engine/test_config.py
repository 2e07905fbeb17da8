"""Config reconciliation and validation, without processes: the engine's config.go rules, case by case."""

from __future__ import annotations

from pathlib import Path

import pytest

from fraudctl.policy_engine import PolicyEngineError
from fraudctl.policy_engine.config import load_config_file, parse_config, reconcile, reconcile_all
from fraudctl.policy_engine.levels import EnforcementLevel as L
from fraudctl.policy_engine.model import PackInfo, PolicyConfig, PolicyInfo
from fraudctl.policy_engine.schema_errors import validation_errors

LEVEL = {"type": "string", "enum": ["advisory", "mandatory", "remediate", "disabled"]}


def pack(*policies: PolicyInfo, initial: dict[str, PolicyConfig] | None = None, name: str = "p") -> PackInfo:
    return PackInfo(name, "1.0.0", Path("/x"), "x", tuple(policies), initial or {})


def policy(name: str, level: L = L.ADVISORY, props: dict | None = None, required: list | None = None) -> PolicyInfo:
    schema: dict = {"properties": {**(props or {}), "enforcementLevel": LEVEL}}
    if required:
        schema["required"] = required
    return PolicyInfo(name, f"{name} description", level, config_schema=schema)


MAX = policy("max", L.MANDATORY, {"limit": {"type": "integer", "default": 12}, "note": {"type": "string"}})
TAGS = policy("tags", L.ADVISORY, {"tag": {"type": "string", "default": "team"}})


# --- parsing --------------------------------------------------------------------------------------------------------


def test_parse_accepts_level_strings_and_objects_and_drops_empty_entries() -> None:
    parsed = parse_config('{"all": "mandatory", "max": {"enforcementLevel": "advisory", "limit": 3}, "x": {}}')
    assert parsed == {
        "all": PolicyConfig("mandatory", None),
        "max": PolicyConfig("advisory", {"limit": 3}),
    }


def test_parse_empty_file_means_no_config() -> None:
    assert parse_config("  \n") is None


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"max": "strict"}', 'parsing enforcement level for "max": "strict" is not a valid enforcement level'),
        ('{"max": {"enforcementLevel": "nope"}}', 'parsing enforcement level for "max": "nope" is not a valid'),
        ('{"max": {"enforcementLevel": 1}}', "1 is not a valid enforcement level; must be a string"),
        ('{"max": 3}', 'parsing "max": 3 is not a valid value; must be a string or object'),
        ('{"max": null}', 'parsing "max": <nil> is not a valid value'),
        ("[1]", "must be a JSON object"),
        ("{nope", "invalid JSON"),
    ],
)
def test_parse_rejects_bad_values_with_the_engines_messages(text: str, error: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_config(text)
    assert error in str(info.value)


def test_missing_or_malformed_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(PolicyEngineError) as info:
        load_config_file(missing)
    assert str(missing) in str(info.value) and "No such file" in str(info.value)
    bad = tmp_path / "bad.json"
    bad.write_text('{"max": ')
    with pytest.raises(PolicyEngineError) as info:
        load_config_file(bad)
    assert str(bad) in str(info.value) and "invalid JSON" in str(info.value)


# --- reconciliation -------------------------------------------------------------------------------------------------


def test_defaults_come_from_the_schema_and_the_policy_level() -> None:
    config, errors = reconcile(pack(MAX, TAGS), None)
    assert errors == []
    assert config == {
        "max": PolicyConfig("mandatory", {"limit": 12}),
        "tags": PolicyConfig("advisory", {"tag": "team"}),
    }


def test_initial_config_level_and_property_only_entry_resets_level_to_advisory() -> None:
    # The SDK sends a property-only initial entry with enforcementLevel 0 (= ADVISORY) and the engine applies it:
    # a mandatory policy becomes advisory. Mirrored on purpose (pulumi/pulumi analyzer_plugin.go convertPolicyConfig).
    initial = {"max": PolicyConfig("advisory", {"limit": 5}), "tags": PolicyConfig("mandatory", None)}
    config, _ = reconcile(pack(MAX, TAGS, initial=initial), None)
    assert config["max"] == PolicyConfig("advisory", {"limit": 5})
    assert config["tags"] == PolicyConfig("mandatory", {"tag": "team"})


def test_all_applies_first_then_per_policy_entries_win() -> None:
    file = parse_config('{"all": "disabled", "max": {"limit": 30}, "tags": "mandatory"}')
    config, errors = reconcile(pack(MAX, TAGS), file)
    assert errors == []
    assert config == {
        "all": PolicyConfig("disabled", None),  # the engine sends "all" to the pack too
        "max": PolicyConfig("disabled", {"limit": 30}),  # level from "all", value changed
        "tags": PolicyConfig("mandatory", {"tag": "team"}),  # per-policy level beats "all"
    }


def test_file_all_overrides_initial_per_policy_level() -> None:
    initial = {"tags": PolicyConfig("mandatory", None)}
    config, _ = reconcile(pack(MAX, TAGS, initial=initial), parse_config('{"all": "advisory"}'))
    assert config["tags"].enforcement_level == "advisory" and config["max"].enforcement_level == "advisory"


def test_only_this_packs_policies_are_sent() -> None:
    file = parse_config('{"max": {"limit": 1}, "other-pack-policy": {"x": 1}}')
    config, _ = reconcile(pack(MAX), file)
    assert set(config) == {"max"}


def test_validation_errors_are_engine_style_and_sorted() -> None:
    strict = policy("strict", props={"foo": {"type": "string", "maxLength": 3}}, required=["foo"])
    file = parse_config('{"max": {"limit": "ten", "note": 7}, "strict": {"enforcementLevel": "advisory"}}')
    with pytest.raises(PolicyEngineError) as info:
        reconcile_all([pack(MAX, strict, name="fixture")], file)
    assert str(info.value).splitlines() == [
        "validating policy config: fixture 1.0.0  max: limit: Invalid type. Expected: integer, given: string",
        "validating policy config: fixture 1.0.0  max: note: Invalid type. Expected: string, given: integer",
        "validating policy config: fixture 1.0.0  strict: foo is required",
    ]


def test_unknown_policy_name_is_an_error() -> None:
    with pytest.raises(PolicyEngineError) as info:
        reconcile_all(
            [pack(MAX, name="a"), pack(TAGS, name="b")], parse_config('{"mxa": "advisory", "all": "mandatory"}')
        )
    assert str(info.value) == (
        "validating policy config: a 1.0.0, b 1.0.0  mxa: no policy of this name in the policy pack"
    )


def test_valid_config_for_two_packs_is_split_per_pack() -> None:
    configs = reconcile_all([pack(MAX, name="a"), pack(TAGS, name="b")], parse_config('{"tags": {"tag": "owner"}}'))
    assert configs == [
        {"max": PolicyConfig("mandatory", {"limit": 12})},
        {"tags": PolicyConfig("advisory", {"tag": "owner"})},
    ]


# --- gojsonschema messages (texts pinned by pulumi-policy's integration tests) -------------------------------------


@pytest.mark.parametrize(
    ("prop_schema", "value", "message"),
    [
        ({"type": "string"}, 1, "foo: Invalid type. Expected: string, given: integer"),
        ({"type": "integer"}, 3.14, "foo: Invalid type. Expected: integer, given: number"),
        ({"type": "string", "maxLength": 3}, "long", "foo: String length must be less than or equal to 3"),
        ({"type": "string", "minLength": 50}, "short", "foo: String length must be greater than or equal to 50"),
        ({"enum": ["bar", "baz"]}, "blah", 'foo: foo must be one of the following: "bar", "baz"'),
        ({"const": "bar"}, "blah", 'foo: foo does not match: "bar"'),
        ({"type": "integer", "minimum": 1}, 0, "foo: Must be greater than or equal to 1"),
    ],
)
def test_schema_messages_match_gojsonschema(prop_schema: dict, value: object, message: str) -> None:
    schema = {"type": "object", "properties": {"foo": prop_schema}}
    assert validation_errors(schema, {"foo": value}) == [message]


def test_required_property_message_has_no_root_prefix() -> None:
    schema = {"type": "object", "properties": {"foo": {"type": "string"}}, "required": ["foo"]}
    assert validation_errors(schema, {}) == ["foo is required"]
