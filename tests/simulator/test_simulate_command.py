"""`fraudctl simulate`: bodies the API accepts, written whole, and one-line errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from fraud_domain import json_codec
from fraud_domain.intake import TransactionRequest
from fraudctl.cli import main
from fraudctl.commands import simulate as simulate_command
from fraudctl.simulator.api_bodies import BodyCount, api_bodies


def test_every_body_of_a_day_passes_the_apis_own_validation(published):
    count = BodyCount()
    lines = list(api_bodies(published, 0, 1, count))
    assert count.written == len(lines) == int((published.days == 0).sum()) - count.zero_amounts
    first = json.loads(lines[0])
    assert first == {
        "transactionId": "SIM-00000000",
        "customerId": "C-00596",
        "terminalId": "T-3156",
        "amount": 57.16,
        "currency": "EUR",
        "timestamp": int(datetime(2018, 4, 1, 0, 0, 31, tzinfo=UTC).timestamp() * 1000),
    }
    for line in lines:
        # as the API handler parses a body (numbers as Decimal); raises on anything it would answer 400 to
        TransactionRequest.model_validate(json_codec.loads(line))


def test_compromised_card_amounts_are_written_with_two_decimals(published):
    day = int(published.days[published.scenario == 3][0])
    lines = [json.loads(line, parse_float=str) for line in api_bodies(published, day, 1, BodyCount())]
    assert all(len(body["amount"].split(".")[1]) == 2 for body in lines)


def test_the_command_writes_the_chosen_days_to_a_file(published, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(simulate_command, "simulate", lambda spec: published)  # the same data set, made once
    out = tmp_path / "traffic.jsonl"
    assert main(["simulate", "--from", "2018-04-02", "--days", "2", "--out", str(out)]) == 0
    bodies = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(bodies) == int(((published.days == 1) | (published.days == 2)).sum()) - sum(
        float(f"{a:.2f}") <= 0 for a in published.amounts[(published.days == 1) | (published.days == 2)]
    )
    assert bodies[0]["timestamp"] >= int(datetime(2018, 4, 2, tzinfo=UTC).timestamp() * 1000)
    assert "transactions written" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["traffic.jsonl"]  # no temporary file left behind


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2018-10-01"], "simulated days are 2018-04-01"),
        (["--days", "0"], "simulated days"),
        (["--seed-offset", "-3"], "seed_offset must be 0 or more"),
        (["--out", "/nonexistent-dir/x.jsonl"], "is not a directory"),
    ],
)
def test_bad_arguments_get_a_one_line_error_and_exit_2(argv, message, capsys):
    assert main(["simulate", *argv]) == 2
    assert message in capsys.readouterr().err
