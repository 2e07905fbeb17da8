"""The real functions, unchanged, behind the local API: a transaction goes in, is analysed, and is reported."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from fraudctl.commands.local import main as fraudctl_local
from fraudctl.local import LocalSystem

pytestmark = pytest.mark.slow


def _transaction(transaction_id: str, amount: float = 42.5) -> dict:
    return {"transactionId": transaction_id, "customerId": "cust-local-1", "amount": amount, "currency": "EUR"}


def test_a_post_is_stored_and_its_analysis_is_visible_through_get(real_system: LocalSystem):
    client = real_system.api_client()
    created = client.post_transaction(_transaction("real-1"))
    read = client.get_transaction("real-1")
    client.close()

    assert created.status == 201
    assert created.json["transactionId"] == "real-1" and created.json["amount"] == 42.5
    assert created.headers["location"].endswith("/transactions/real-1")
    assert read.status == 200 and read.json["transactionId"] == "real-1"
    analysed = real_system.wait_for_analysis("real-1", timeout_s=5)
    assert analysed["status"] == "ANALYZED"
    assert analysed["riskLevel"] in ("LOW", "MEDIUM", "HIGH") and "fraudScore" in analysed


def test_an_unknown_transaction_is_the_functions_own_404(real_system: LocalSystem):
    client = real_system.api_client()
    response = client.get_transaction("never-posted")
    client.close()

    assert response.status == 404 and "message" in response.json


def test_the_report_command_writes_the_report_of_a_running_system(real_system: LocalSystem, capsys):
    client = real_system.api_client()
    assert client.post_transaction(_transaction("real-report-1", 12.0)).status == 201
    client.close()
    real_system.wait_for_analysis("real-report-1")
    today = datetime.now(UTC).date().isoformat()

    exit_code = fraudctl_local(
        ["report", "--cwd", str(real_system.project_dir), "--state-dir", str(real_system.state_dir), "--date", today]
    )

    assert exit_code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["reportDate"] == today and result["transactions"] >= 1
    bucket = real_system.topology.function("report-generator-dev").environment["BUCKET_NAME"]
    stored = real_system.s3.get_object(Bucket=bucket, Key=result["reportKey"])
    assert stored["ServerSideEncryption"] == "AES256"
    assert json.loads(stored["Body"].read())["totals"]["transactions"] == result["transactions"]


def test_the_schedule_reports_the_day_before_it_fires(real_system: LocalSystem):
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    invocation = real_system.fire_schedule(midnight)

    assert invocation.ok, invocation.error
    assert invocation.payload["reportDate"] == (midnight - timedelta(days=1)).date().isoformat()


def test_the_data_resources_are_provisioned_as_the_program_declares(real_system: LocalSystem):
    s3, dynamodb = real_system.s3, real_system.dynamodb
    bucket = "fraud-reports-dev"

    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert all(s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"].values())
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    lifecycle = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]
    assert [t["StorageClass"] for t in lifecycle["Transitions"]] == ["STANDARD_IA", "GLACIER"]
    table = dynamodb.describe_table(TableName="transactions-dev")["Table"]
    indexes = {i["IndexName"] for i in table["GlobalSecondaryIndexes"]}
    assert indexes == {"customer-index", "day-index", "flagged-index", "pending-index"}
    assert dynamodb.describe_table(TableName="transactions-aggregates-dev")["Table"]["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"}
    ]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    ttl = dynamodb.describe_time_to_live(TableName="transactions-idempotency-dev")["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "expiration"
    queue = real_system.sqs.get_queue_url(QueueName="fraud-detection-dev-analyzer-on-failure")["QueueUrl"]
    attributes = real_system.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attributes["SqsManagedSseEnabled"] == "true" and attributes["MessageRetentionPeriod"] == "1209600"
    assert real_system.client("lambda").list_functions()["Functions"] == []  # never in moto: it would want Docker
