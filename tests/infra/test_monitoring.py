"""Alarms: error rates by metric math, stream lag, failed records, API server errors; all to an encrypted topic."""

import json

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


def test_a_single_failed_report_raises_an_alarm_and_so_does_a_report_given_up_on(stack):
    """One report a day: a 3-of-5-minutes rule never sees attempts that land minutes apart."""
    topic = one(stack, "aws:sns/topic:Topic", "monitoring-alarms").outputs["arn"]
    failed = one(stack, ALARM, "monitoring-report-generator-failed").inputs
    assert (failed["namespace"], failed["metricName"], failed["statistic"]) == ("AWS/Lambda", "Errors", "Sum")
    assert failed["dimensions"] == {"FunctionName": "report-generator-dev"}
    assert (failed["evaluationPeriods"], failed["datapointsToAlarm"]) == (1, 1)
    assert (failed["threshold"], failed["comparisonOperator"]) == (0, "GreaterThanThreshold")
    assert failed["period"] >= 300 and failed["alarmActions"] == [topic]
    queued = one(stack, ALARM, "monitoring-report-failures-queued").inputs
    assert queued["dimensions"] == {"QueueName": "fraud-detection-dev-report-on-failure"}
    assert (queued["metricName"], queued["threshold"]) == ("ApproximateNumberOfMessagesVisible", 0)
    assert queued["alarmActions"] == [topic]


def test_cloudwatch_may_use_the_topic_and_its_key_only_for_this_stacks_alarms(stack):
    alarms = "arn:aws:cloudwatch:us-east-2:123456789012:alarm:fraud-detection-dev-*"
    expected = {"StringEquals": {"aws:SourceAccount": "123456789012"}, "ArnLike": {"aws:SourceArn": alarms}}
    key_policy = json.loads(one(stack, "aws:kms/key:Key", "monitoring-alarms-key").inputs["policy"])
    topic_policy = json.loads(
        one(stack, "aws:sns/topicPolicy:TopicPolicy", "monitoring-alarms-policy").inputs["policy"]
    )
    for policy in (key_policy, topic_policy):
        (statement,) = [s for s in policy["Statement"] if s["Principal"] == {"Service": "cloudwatch.amazonaws.com"}]
        assert statement["Condition"] == expected
    assert all(a.outputs["arn"].startswith(alarms[:-1]) for a in stack.by_type(ALARM))  # the pattern fits them all
    assert all(a.delete_before_replace for a in stack.by_type(ALARM))  # a create-first would overwrite, then delete
