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


def test_a_failed_daily_report_lands_in_an_encrypted_queue_instead_of_vanishing(stack):
    """EventBridge invokes asynchronously: after Lambda's two retries the event would be dropped with the day's
    report. The on-failure destination keeps it; the role may send there, and the config waits for that grant."""
    config = one(stack, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "events-report-invoke-config")
    queue = one(stack, "aws:sqs/queue:Queue", "events-report-on-failure")
    assert queue.inputs["name"] == "fraud-detection-dev-report-on-failure"
    assert queue.inputs["sqsManagedSseEnabled"] is True
    assert queue.inputs["messageRetentionSeconds"] == 14 * 24 * 3600
    assert config.inputs["functionName"] == "report-generator-dev"
    assert config.inputs["maximumRetryAttempts"] == 2
    assert config.inputs["destinationConfig"] == {"onFailure": {"destination": queue.outputs["arn"]}}
    grant = one(stack, "aws:iam/rolePolicy:RolePolicy", "events-report-on-failure-policy")
    assert grant.inputs["role"] == "report-generator-dev-role"
    assert json.loads(grant.inputs["policy"])["Statement"][0]["Resource"] == [queue.outputs["arn"]]
    assert grant.urn in config.dependencies


def test_fixed_name_event_resources_are_replaced_delete_first(stack):
    for type_token in ("aws:sqs/queue:Queue", "aws:cloudwatch/eventRule:EventRule"):
        for resource in stack.by_type(type_token):
            assert resource.delete_before_replace, resource.name
