"""The pack starts the way the engine starts it and answers GetAnalyzerInfo and Analyze over gRPC."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import grpc
import pytest
from fraud_guardrails import pack
from google.protobuf import empty_pb2, struct_pb2
from pack_harness import PACK_DIR
from pulumi.runtime import proto
from pulumi.runtime.proto import analyzer_pb2_grpc

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analyzer() -> analyzer_pb2_grpc.AnalyzerStub:
    env = {
        **os.environ,
        "PULUMI_PROJECT": "fraud-detection",
        "PULUMI_STACK": "dev",
        "PULUMI_DRY_RUN": "true",
        "PULUMI_CONFIG": json.dumps({"aws:region": "us-east-2"}),
    }
    # As the language host runs it: `python -u -m pulumi.policy <engine address> <pack dir>`, in the pack dir.
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:1", str(PACK_DIR)],
        cwd=PACK_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = process.stdout.readline().strip() if process.stdout else ""
        assert port.isdigit(), (
            f"no port on the first line: {port!r} {process.stderr.read() if process.poll() is not None else ''}"
        )
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
            yield analyzer_pb2_grpc.AnalyzerStub(channel)
    finally:
        process.kill()
        process.wait(timeout=30)


def test_analyzer_info_lists_every_policy(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
    assert info.name == pack.PACK_NAME
    assert [p.name for p in info.policies] == [r.name for r in pack.rules()]
    runtime = {p.name: p for p in info.policies}["aws-lambda-function-runtime"]
    assert runtime.enforcementLevel == proto.MANDATORY
    assert runtime.severity == proto.POLICY_SEVERITY_HIGH
    assert "allowedRuntimes" in runtime.configSchema.properties


def test_analyze_over_the_wire(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    properties = struct_pb2.Struct()
    properties.update({"name": "fraud-analyzer-dev", "runtime": "python3.9", "timeout": 300})
    response = analyzer.Analyze(
        proto.AnalyzeRequest(
            type="aws:lambda/function:Function",
            properties=properties,
            urn="urn:pulumi:dev::fraud-detection::aws:lambda/function:Function::fraud-analyzer",
            name="fraud-analyzer",
            options=proto.AnalyzerResourceOptions(),
        )
    )
    fired = {d.policyName for d in response.diagnostics}
    assert "aws-lambda-function-runtime" in fired
    assert "aws-lambda-function-timeout" not in fired
