"""The event log: field names, order and shape of ``pulumi preview --event-log`` policy events."""

from __future__ import annotations

import io
import json
from pathlib import Path

from fraudctl.policy_engine import EventLogWriter, write_event_log

from .analyses import sample_analysis
from .programs import LONG_BUCKET, SHORT_BUCKET, STACK_URN, sample_run


def events(tmp_path: Path) -> tuple[list[str], list[dict]]:
    path = tmp_path / "events.jsonl"
    write_event_log(path, sample_run(), sample_analysis(), resource_changes={"create": 9})
    lines = path.read_text().splitlines()
    return lines, [json.loads(line) for line in lines]


def kind(event: dict) -> str:
    (name,) = set(event) - {"sequence", "timestamp"}
    return name


def test_envelope_sequence_and_order(tmp_path: Path) -> None:
    _, parsed = events(tmp_path)
    assert [e["sequence"] for e in parsed] == list(range(len(parsed)))
    assert all(isinstance(e["timestamp"], int) and list(e)[:2] == ["sequence", "timestamp"] for e in parsed)
    kinds = [kind(e) for e in parsed]
    assert kinds[:4] == ["preludeEvent", "policyLoadEvent", "policyLoadEvent", "policyLoadEvent"]
    assert kinds[-2:] == ["summaryEvent", "cancelEvent"]
    assert kinds.count("policyAnalyzeSummaryEvent") == 9  # 3 resources x 3 packs
    assert kinds.count("policyAnalyzeStackSummaryEvent") == 2  # the warn pack has no stack summary
    assert parsed[0]["preludeEvent"] == {
        "config": {"aws:region": "us-east-2", "fraud-detection:costCenter": "fraud-42"}
    }
    assert parsed[-1]["cancelEvent"] == {}


def test_policy_event_shape(tmp_path: Path) -> None:
    lines, parsed = events(tmp_path)
    policy = [e["policyEvent"] for e in parsed if kind(e) == "policyEvent"]
    first = policy[0]
    assert list(first) == [
        "resourceUrn",
        "message",
        "color",
        "policyName",
        "policyPackName",
        "policyPackVersion",
        "policyPackVersionTag",
        "enforcementLevel",
        "severity",
    ]
    assert first == {
        "resourceUrn": LONG_BUCKET,
        "message": "b-rule description\nLine one <b> & more.\nLine two [bold]x[/bold]\n",
        "color": "never",
        "policyName": "b-rule",
        "policyPackName": "strict",
        "policyPackVersion": "1.0.0",
        "policyPackVersionTag": "1.0.0",
        "enforcementLevel": "mandatory",
        "severity": "high",
    }
    assert "severity" not in policy[1]  # omitempty
    # Go's encoder escapes <, > and & and writes compact JSON.
    raw = next(line for line in lines if '"policyName":"b-rule"' in line)
    assert "\\u003cb\\u003e \\u0026 more" in raw and ", " not in raw.split('"message"')[0]


def test_summary_events(tmp_path: Path) -> None:
    _, parsed = events(tmp_path)
    resource = [e["policyAnalyzeSummaryEvent"] for e in parsed if kind(e) == "policyAnalyzeSummaryEvent"]
    assert resource[0] == {
        "resourceUrn": STACK_URN,
        "policyPackName": "strict",
        "policyPackVersion": "1.0.0",
        "policyPackVersionTag": "1.0.0",
        "passed": ["a-rule", "b-rule"],
    }
    assert resource[1] == {  # empty passed/failed are omitted
        "resourceUrn": STACK_URN,
        "policyPackName": "clean",
        "policyPackVersion": "0.2.0",
        "policyPackVersionTag": "0.2.0",
    }
    stack = [e["policyAnalyzeStackSummaryEvent"] for e in parsed if kind(e) == "policyAnalyzeStackSummaryEvent"]
    assert stack[0] == {
        "policyPackName": "strict",
        "policyPackVersion": "1.0.0",
        "policyPackVersionTag": "1.0.0",
        "failed": ["a-rule"],
    }
    summary = parsed[-2]["summaryEvent"]
    assert summary == {
        "maybeCorrupt": False,
        "durationSeconds": 0,
        "resourceChanges": {"create": 9},
        "PolicyPacks": {
            "clean|local|policies/clean": "0.2.0",
            "strict|local|policies/strict": "1.0.0",
            "warn|local|policies/warn": "0.1.0",
        },
        "isPreview": True,
    }


def test_violations_precede_their_resource_summary(tmp_path: Path) -> None:
    _, parsed = events(tmp_path)
    trail = [
        (kind(e), e[kind(e)].get("resourceUrn"), e[kind(e)].get("policyPackName"))
        for e in parsed
        if kind(e) in ("policyEvent", "policyAnalyzeSummaryEvent")
    ]
    short = [t for t in trail if t[1] == SHORT_BUCKET]
    assert short == [
        ("policyEvent", SHORT_BUCKET, "strict"),
        ("policyAnalyzeSummaryEvent", SHORT_BUCKET, "strict"),
        ("policyAnalyzeSummaryEvent", SHORT_BUCKET, "clean"),
        ("policyEvent", SHORT_BUCKET, "warn"),
        ("policyAnalyzeSummaryEvent", SHORT_BUCKET, "warn"),
    ]
    # The stack policy's violation comes after all resource events, right before its stack summary.
    kinds = [t[0] for t in trail]
    assert trail[kinds.index("policyEvent", len(kinds) - 2)] == ("policyEvent", STACK_URN, "strict")


def test_writer_numbers_events_from_zero_with_a_fixed_clock() -> None:
    out = io.StringIO()
    writer = EventLogWriter(out, clock=lambda: 1704893595.9)
    writer.write("policyLoadEvent", {})
    writer.cancel()
    assert out.getvalue() == (
        '{"sequence":0,"timestamp":1704893595,"policyLoadEvent":{}}\n{"sequence":1,"timestamp":1704893595,"cancelEvent":{}}\n'
    )
