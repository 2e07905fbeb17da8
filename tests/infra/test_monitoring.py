"""Alarms: error rates by metric math, stream lag, failed records, API server errors; all to an encrypted topic."""

from tests.infra.graph import one

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def test_every_function_has_an_error_rate_alarm_above_one_percent(stack):
    topic = one(stack, "aws:sns/topic:Topic", "monitoring-alarms").outputs["arn"]
    for function in stack.by_type("aws:lambda/function:Function"):
        name = function.inputs["name"]
        alarm = one(stack, ALARM, f"monitoring-{function.name}-error-rate").inputs
        queries = {q["id"]: q for q in alarm["metricQueries"]}
        assert queries["errors"]["metric"]["metricName"] == "Errors"
        assert queries["invocations"]["metric"]["metricName"] == "Invocations"
        for key in ("errors", "invocations"):
            assert queries[key]["metric"]["dimensions"] == {"FunctionName": name}
            assert queries[key]["metric"]["stat"] == "Sum"
            assert queries[key]["returnData"] is False
        assert queries["rate"]["expression"] == "IF(invocations > 0, 100 * errors / invocations, 0)"
        assert queries["rate"]["returnData"] is True
        assert (alarm["threshold"], alarm["comparisonOperator"]) == (1, "GreaterThanThreshold")
        assert alarm["treatMissingData"] == "notBreaching"
        assert alarm["alarmActions"] == [topic]


def test_neighbour_alarms_watch_the_stream_the_queue_and_the_api(stack):
    age = one(stack, ALARM, "monitoring-fraud-analyzer-iterator-age").inputs
    assert (age["metricName"], age["dimensions"]) == ("IteratorAge", {"FunctionName": "fraud-analyzer-dev"})
    queued = one(stack, ALARM, "monitoring-stream-failures-queued").inputs
    assert queued["dimensions"] == {"QueueName": "fraud-detection-dev-analyzer-on-failure"}
    assert queued["threshold"] == 0
    api = one(stack, ALARM, "monitoring-api-5xx-rate").inputs
    metrics = {q["id"]: q.get("metric", {}).get("metricName") for q in api["metricQueries"]}
    assert metrics == {"errors": "5XXError", "requests": "Count", "rate": None}


def test_alarm_topic_is_encrypted_with_a_rotating_customer_key(stack):
    key = one(stack, "aws:kms/key:Key", "monitoring-alarms-key")
    assert key.inputs["enableKeyRotation"] is True
    topic = one(stack, "aws:sns/topic:Topic", "monitoring-alarms").inputs
    assert topic["kmsMasterKeyId"] == key.outputs["arn"]
