"""The weights derivation (fraudctl.simulator.derivation, scripts/derive_weights.py) on small synthetic data."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from fraud_domain.points import Finding
from fraud_domain.scoring_weights import DERIVED_WEIGHTS
from fraudctl.simulator.derivation import (
    DERIVATION_SEED_OFFSET,
    FITTED_TERMS,
    Fit,
    Recording,
    design_matrix,
    fit_weights,
    weights_module,
)

ROOT = Path(__file__).resolve().parents[2]
TERMS = (("HIGH_AMOUNT", "fired"), ("AMOUNT_VS_HISTORY", "rise"), ("TERMINAL_CONFIRMED_FRAUDS", "share"))


def _synthetic(n: int = 4000, seed: int = 3) -> Recording:
    """HIGH_AMOUNT fires mostly on frauds, AMOUNT_VS_HISTORY mostly on legitimate ones; frauds have the higher share."""
    rng = np.random.default_rng(seed)
    fraud = rng.random(n) < 0.1
    found: dict[int, tuple[Finding, ...]] = {}
    for i in range(n):
        findings = []
        if rng.random() < (0.8 if fraud[i] else 0.05):
            findings.append(Finding("HIGH_AMOUNT", (("fired", 1.0), ("doublings", 0.5)), ""))
        if rng.random() < (0.05 if fraud[i] else 0.4):
            findings.append(Finding("AMOUNT_VS_HISTORY", (("rise", 1.0),), ""))
        share = min(1.0, float(rng.random()) * 0.5 + (0.5 if fraud[i] else 0.0))
        findings.append(Finding("TERMINAL_CONFIRMED_FRAUDS", (("share", share),), ""))
        found[i] = tuple(findings)
    dataset = SimpleNamespace(fraud=fraud)
    return Recording(dataset, np.arange(n), found, np.zeros(n))


def test_the_design_matrix_holds_each_terms_units_and_zero_where_the_rule_did_not_fire():
    recording = _synthetic(50)
    matrix = design_matrix(recording, TERMS)
    assert matrix.shape == (50, 3)
    for i in range(50):
        rules = {f.rule for f in recording.found[i]}
        assert matrix[i, 0] == (1.0 if "HIGH_AMOUNT" in rules else 0.0)
        assert matrix[i, 1] == (1.0 if "AMOUNT_VS_HISTORY" in rules else 0.0)
        assert matrix[i, 2] == recording.found[i][-1].units[0][1]


def test_a_term_that_would_lower_the_odds_is_dropped_and_the_rest_refitted():
    fit = fit_weights(_synthetic(), TERMS)
    assert fit.dropped == [("AMOUNT_VS_HISTORY", "rise")]
    assert fit.weights["AMOUNT_VS_HISTORY"] == {"rise": 0.0}
    # HIGH_AMOUNT alone multiplies the odds by 76 in the data (log 76 = 4.33: 43 points); beside the share, less
    assert 15 < fit.weights["HIGH_AMOUNT"]["fired"] < 50
    assert fit.weights["TERMINAL_CONFIRMED_FRAUDS"]["share"] > 10
    assert fit.weights["MERCHANT_CONFIRMED_FRAUDS"] == fit.weights["TERMINAL_CONFIRMED_FRAUDS"]
    assert (fit.transactions, fit.frauds) == (4000, int(_synthetic().dataset.fraud.sum()))
    assert fit.intercept < -2  # about 10 % fraud, less without evidence


def test_the_written_module_holds_the_weights_and_says_how_they_were_made():
    fit = Fit({"HIGH_AMOUNT": {"fired": 69.1, "doublings": 9.1}}, -6.274, [("X", "y")], 271_352, 2_456)
    text = weights_module(fit, 7, "scripts/derive_weights.py")
    namespace: dict = {}
    exec(compile(text, "scoring_weights.py", "exec"), namespace)
    assert namespace["DERIVED_WEIGHTS"] == fit.weights and namespace["INTERCEPT_LOG_ODDS"] == -6.274
    assert "`scripts/derive_weights.py`" in text and "seed offset 7" in text and "271,352 scored transactions" in text
    assert "dropped for a negative weight: X.y" in text


def test_the_committed_weights_come_from_the_derivation_offset_and_cover_every_fitted_term():
    header = (ROOT / "functions" / "fraud_domain" / "scoring_weights.py").read_text()
    assert f"seed offset {DERIVATION_SEED_OFFSET} " in header and DERIVATION_SEED_OFFSET not in (0, 1)
    assert all(term in DERIVED_WEIGHTS[rule] for rule, term in FITTED_TERMS)


@pytest.mark.parametrize("offset", ["0", "1"])
def test_the_script_refuses_the_benchmark_data_sets(offset, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["derive_weights.py", "--seed-offset", offset])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_path(str(ROOT / "scripts" / "derive_weights.py"), run_name="__main__")
    assert exit_.value.code == 2
    assert f"seed offset {offset} is a benchmark data set" in capsys.readouterr().err
