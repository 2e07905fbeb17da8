"""`fraudctl local demo` (what `make run` shows) tells each story right: read back through the API and from S3."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from fraudctl.local.demo import DEMO_MERCHANT, DEMO_TERMINAL, run_demo


def _by_id(analyses: list[dict]) -> dict[str, dict]:
    return {analysis["transactionId"]: analysis for analysis in analyses}


def test_the_demo_flags_its_suspicious_stories_and_a_chargeback_moves_the_terminals_risk_not_a_stolen_cards(
    project_root: Path, tmp_path: Path
) -> None:
    console = Console(file=(tmp_path / "demo.txt").open("w"), width=200)
    outcome = run_demo(project_root, "dev", port=0, console=console, state_dir=tmp_path / "state")
    analysed = _by_id(outcome.analyses)

    assert analysed["demo-alice-1"]["riskLevel"] == "LOW"
    assert {r["rule"] for r in analysed["demo-alice-2"]["reasons"]} == {"HIGH_AMOUNT", "AMOUNT_VS_HISTORY"}
    assert analysed["demo-alice-2"]["riskLevel"] == "HIGH"
    assert analysed["demo-carol-1"]["riskLevel"] == "HIGH"
    assert analysed["demo-bob-5"]["riskLevel"] == "HIGH"
    # Before the chargeback the terminal is unknown; after it, an ordinary purchase there is flagged for the terminal
    # and its merchant, and for nothing else.
    assert analysed["demo-dave-1"]["riskLevel"] == "LOW" and analysed["demo-dave-1"]["terminalId"] == DEMO_TERMINAL
    erin = analysed["demo-erin-1"]
    assert erin["riskLevel"] in {"MEDIUM", "HIGH"}
    reasons = {reason["rule"]: reason for reason in erin["reasons"]}
    assert set(reasons) == {"TERMINAL_CONFIRMED_FRAUDS", "MERCHANT_CONFIRMED_FRAUDS"}
    assert f"terminal {DEMO_TERMINAL}: 1 confirmed fraud" in reasons["TERMINAL_CONFIRMED_FRAUDS"]["detail"]
    assert f"merchant {DEMO_MERCHANT}: 1 confirmed fraud" in reasons["MERCHANT_CONFIRMED_FRAUDS"]["detail"]
    for reason in reasons.values():
        assert reason["detail"].endswith(f"= {reason['points']} points]")
    # alice's stolen card was confirmed too, but her own evidence explains it: the shop it was used at stays clean.
    frank = analysed["demo-frank-1"]
    assert frank["merchantId"] == analysed["demo-alice-2"]["merchantId"]
    assert frank["riskLevel"] == "LOW" and frank["reasons"] == []
    shown = (tmp_path / "demo.txt").read_text()
    assert "Label: demo-alice-2 confirmed fraud (customer); the card's own evidence explains it" in shown
    assert "Label: demo-dave-1 confirmed fraud (chargeback); counted against its terminal and merchant" in shown

    # The report counts what the demo sent on the reported day, flagged ones apart.
    day = outcome.report["date"] if "date" in outcome.report else datetime.now(UTC).date().isoformat()
    on_day = [a for a in outcome.analyses if _day_of(a["timestamp"]) == day]
    assert outcome.report_summary["totals"]["transactions"] == len(on_day)
    flagged = [a for a in on_day if a["riskLevel"] in {"MEDIUM", "HIGH"}]
    assert outcome.report_summary["flagged"]["transactions"] == len(flagged)


def _day_of(timestamp_ms: object) -> str:
    return datetime.fromtimestamp(int(str(timestamp_ms)) / 1000, tz=UTC).date().isoformat()
