"""Fixtures for the functions' tests.

Domain tests need nothing from here. Handler tests run against one moto server (real HTTP) per session: each test
gets freshly created tables and bucket (`aws`), and the handler modules are imported once, after the environment
the Pulumi program would give them points boto3 at that server.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
FUNCTIONS = HERE.parents[1] / "functions"
for path in (FUNCTIONS, HERE):  # the functions' code, and this folder's helpers (lambda_events, moto_resources)
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import boto3  # noqa: E402
from moto_resources import Aws, create_resources, function_environment, reset, start_server  # noqa: E402

HANDLER_MODULES = ("transaction_processor", "fraud_analyzer", "report_generator")


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server, endpoint = start_server()
    yield endpoint
    server.stop()


@pytest.fixture(scope="session")
def function_env(moto_endpoint: str) -> Iterator[dict[str, str]]:
    """The functions' environment pointing at the session's server; restored after the session."""
    env = function_environment(moto_endpoint)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        patch.delenv("AWS_PROFILE", raising=False)
        yield env
        # Handler modules hold clients bound to this server: forget them with it.
        for name in HANDLER_MODULES:
            sys.modules.pop(name, None)


@pytest.fixture
def aws(function_env: dict[str, str], moto_endpoint: str) -> Aws:
    reset(moto_endpoint)
    dynamodb = boto3.client("dynamodb", region_name="us-east-2")
    s3 = boto3.client("s3", region_name="us-east-2")
    stream_arn = create_resources(dynamodb, s3)
    return Aws(dynamodb, s3, boto3.client("dynamodbstreams", region_name="us-east-2"), stream_arn)


def _handler_module(name: str) -> ModuleType:
    return importlib.import_module(name)


def load_separately(name: str, copy: int) -> ModuleType:
    """A private copy of a handler module, as another Lambda execution environment would hold it.

    Lambda never runs two invocations in one environment at once (the resolver keeps the current event on the
    module), so concurrent requests are modelled by concurrent copies, each with its own clients and app.
    """
    spec = importlib.util.spec_from_file_location(f"{name}__copy{copy}", FUNCTIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def processor(aws: Aws) -> ModuleType:
    return _handler_module("transaction_processor")


@pytest.fixture
def analyzer(aws: Aws) -> ModuleType:
    return _handler_module("fraud_analyzer")


@pytest.fixture
def reporter(aws: Aws) -> ModuleType:
    return _handler_module("report_generator")


@pytest.fixture(scope="session")
def processor_copies(function_env: dict[str, str]) -> Iterator[list[ModuleType]]:
    """Eight independent transaction_processor environments, for concurrent requests."""
    copies = [load_separately("transaction_processor", copy) for copy in range(8)]
    yield copies
    for copy in copies:
        sys.modules.pop(copy.__name__, None)
