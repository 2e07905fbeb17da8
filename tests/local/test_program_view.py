"""What local mode reads from the program: the same stack `fraudctl preview` shows (tests/conftest.py `stack`)."""

from __future__ import annotations

from pathlib import Path

from fraudctl.local.program_view import read_topology
from fraudctl.program.model import ProgramRun


def test_functions_come_with_the_programs_environment_and_code(stack: ProgramRun, project_root: Path):
    topology = read_topology(stack)

    processor = topology.function("transaction-processor-dev")
    assert processor.handler == "transaction_processor.handler" and processor.runtime == "python3.13"
    assert processor.code_dir == project_root / "functions"  # from the code archive's assets
    assert processor.environment["TABLE_NAME"] == "transactions-dev"
    assert processor.environment["POWERTOOLS_SERVICE_NAME"] == "transaction-processor"
    assert processor.timeout_s == 300 and processor.memory_mb == 512
    assert (
        read_topology(stack, functions_dir=Path("elsewhere")).function("fraud-analyzer-dev").code_dir.name
        == "elsewhere"
    )


def test_the_api_stage_its_routes_key_throttle_and_responses(stack: ProgramRun):
    api = read_topology(stack).api

    assert api is not None and api.stage_name == "dev"
    routes = {(r.http_method, r.resource_path): r for r in api.routes}
    assert set(routes) == {
        ("POST", "/transactions"),
        ("GET", "/transactions/{id}"),
        ("PUT", "/transactions/{id}/label"),
    }
    post = routes[("POST", "/transactions")]
    assert post.function_name == "transaction-processor-dev" and post.timeout_ms == 29000 and post.api_key_required
    assert post.body_schemas["application/json"]["title"] == "TransactionRequest"
    assert [p.name for p in routes[("GET", "/transactions/{id}")].required_parameters] == ["id"]
    assert routes[("PUT", "/transactions/{id}/label")].body_schemas["application/json"]["title"] == "LabelRequest"
    assert len(api.api_keys) == 1
    assert (api.throttle.rate_per_s, api.throttle.burst) == (1000, 2000)
    assert api.gateway_responses["BAD_REQUEST_BODY"].status_code == 400


def test_the_stream_mapping_with_every_setting_the_program_gives(stack: ProgramRun):
    [mapping] = read_topology(stack).stream_mappings

    assert mapping.table_name == "transactions-dev" and mapping.function_name == "fraud-analyzer-dev"
    assert mapping.filter_patterns == ({"eventName": ["INSERT"]},)
    assert (mapping.batch_size, mapping.max_retries, mapping.max_record_age_s) == (100, 3, 3600)
    assert mapping.bisect_on_error and mapping.report_batch_item_failures
    assert mapping.starting_position == "TRIM_HORIZON"
    assert mapping.on_failure_queue_name == "fraud-detection-dev-analyzer-on-failure"


def test_the_daily_schedule(stack: ProgramRun):
    [schedule] = read_topology(stack).schedules

    assert schedule.expression == "cron(0 0 * * ? *)" and schedule.function_name == "report-generator-dev"
    assert schedule.rule_arn.endswith(":rule/fraud-detection-dev-daily-report")
