"""The stream mapping to the analyzer and the daily schedule of the report generator."""

import json

from tests.infra.graph import one


def test_stream_mapping_is_safe_and_filtered_to_inserts(stack):
    mapping = one(stack, "aws:lambda/eventSourceMapping:EventSourceMapping", "events-transactions-stream").inputs
    table = one(stack, "aws:dynamodb/table:Table", "data-transactions")
    analyzer = one(stack, "aws:lambda/function:Function", "fraud-analyzer")
    queue = one(stack, "aws:sqs/queue:Queue", "events-analyzer-on-failure")
    assert mapping["eventSourceArn"] == table.outputs["streamArn"]
    assert mapping["functionName"] == analyzer.outputs["arn"]
    assert [json.loads(f["pattern"]) for f in mapping["filterCriteria"]["filters"]] == [{"eventName": ["INSERT"]}]
    assert mapping["functionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["bisectBatchOnFunctionError"] is True
    assert 0 <= mapping["maximumRetryAttempts"] <= 10
    assert 60 <= mapping["maximumRecordAgeInSeconds"] <= 86400
    assert mapping["destinationConfig"]["onFailure"]["destinationArn"] == queue.outputs["arn"]


def test_on_failure_queue_is_encrypted(stack):
    assert one(stack, "aws:sqs/queue:Queue", "events-analyzer-on-failure").inputs["sqsManagedSseEnabled"] is True


def test_report_generator_runs_daily_at_midnight_utc(stack):
    rule = one(stack, "aws:cloudwatch/eventRule:EventRule", "events-daily-report")
    assert rule.inputs["scheduleExpression"] == "cron(0 0 * * ? *)"
    target = one(stack, "aws:cloudwatch/eventTarget:EventTarget", "events-daily-report-target").inputs
    assert target["rule"] == rule.outputs["name"]
    assert target["arn"] == one(stack, "aws:lambda/function:Function", "report-generator").outputs["arn"]
    permission = one(stack, "aws:lambda/permission:Permission", "events-daily-report-invoke").inputs
    assert permission["principal"] == "events.amazonaws.com"
    assert permission["sourceArn"] == rule.outputs["arn"]
    assert permission["function"] == "report-generator-dev"
