"""Policy config through the real Configure call: levels, values, disabling, and invalid files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fraudctl.policy_engine import PolicyAnalysis, PolicyEngineError, run_policy_packs

from .helpers import PACKS, pack_processes
from .programs import LONG_BUCKET, SHORT_BUCKET, sample_run

pytestmark = pytest.mark.slow  # starts policy pack processes


def run_with_config(tmp_path: Path, config: dict, **kwargs) -> PolicyAnalysis:
    path = tmp_path / "policy-config.json"
    path.write_text(json.dumps(config))
    return run_policy_packs(sample_run(), [PACKS / "mandatory"], path, **kwargs)


def test_config_disables_and_changes_values(tmp_path: Path) -> None:
    analysis = run_with_config(
        tmp_path, {"all": "advisory", "bucket-encrypted": "disabled", "bucket-name-max-length": {"maxLength": 30}}
    )
    result = analysis.packs[0]
    assert result.diagnostics == ()
    assert result.effective_level("bucket-encrypted") == "disabled"
    assert result.config["bucket-name-max-length"].properties == {"maxLength": 30}
    # A disabled policy neither passes nor fails.
    assert {s.passed for s in result.resource_summaries} == {("bucket-name-max-length",)}
    assert analysis.exit_code == 0


def test_config_changes_levels_and_remediate_counts_as_mandatory(tmp_path: Path) -> None:
    analysis = run_with_config(
        tmp_path,
        {"bucket-name-max-length": {"enforcementLevel": "advisory", "maxLength": 5}, "bucket-encrypted": "remediate"},
    )
    assert [(d.policy_name, d.enforcement_level, d.urn) for d in analysis.diagnostics] == [
        ("bucket-name-max-length", "advisory", LONG_BUCKET),
        ("bucket-encrypted", "mandatory", SHORT_BUCKET),  # remediate without a remediation -> mandatory
    ]
    assert analysis.has_mandatory_violations


def test_invalid_config_stops_the_run_with_the_engines_message(tmp_path: Path) -> None:
    with pytest.raises(PolicyEngineError) as info:
        run_with_config(tmp_path, {"bucket-name-max-length": {"maxLength": "ten", "note": "medium"}})
    assert str(info.value).splitlines() == [
        "validating policy config: fixture-mandatory 1.2.3  bucket-name-max-length: maxLength: "
        "Invalid type. Expected: integer, given: string",
        "validating policy config: fixture-mandatory 1.2.3  bucket-name-max-length: note: "
        'note must be one of the following: "short", "long"',
    ]
    assert pack_processes(str(PACKS)) == []


def test_bad_level_and_unknown_policy_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(PolicyEngineError, match='"bucket-encrypted": "strict" is not a valid enforcement level'):
        run_with_config(tmp_path, {"bucket-encrypted": "strict"})
    with pytest.raises(PolicyEngineError, match="bucket-encryption: no policy of this name in the policy pack"):
        run_with_config(tmp_path, {"bucket-encryption": "disabled"})
    assert pack_processes(str(PACKS)) == []
