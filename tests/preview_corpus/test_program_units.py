"""The pieces behind the corpus results, each on its own: references on the wire, interpreters, config values, the
wall-clock limit, schema outputs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from google.protobuf import json_format, struct_pb2
from pulumi.runtime.rpc import UNKNOWN

from fraudctl.program.project import load_project
from fraudctl.program.runner import ProgramError, run_program
from fraudctl.program.schema import computed_output_names, output_names
from fraudctl.program.toolchain import ToolchainError, program_interpreter
from fraudctl.program.wire_refs import RESOURCE_SIG, SIG_KEY, without_references

from .helpers import PROGRAMS

REPO = Path(__file__).resolve().parents[2]

REF = {SIG_KEY: RESOURCE_SIG, "urn": "urn:pulumi:dev::p::aws:iam/role:Role::r", "packageVersion": "7.51.1"}


def _struct(value: dict) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(value)
    return struct


def test_references_become_the_id_an_unknown_id_or_the_urn_at_any_depth():
    wire = _struct(
        {
            "role": {**REF, "id": "r-123"},
            "pending": {**REF, "id": ""},
            "parts": [{"component": {SIG_KEY: RESOURCE_SIG, "urn": "urn:pulumi:dev::p::my:c:C::c"}}],
            "plain": "kept",
        }
    )
    assert json_format.MessageToDict(without_references(wire)) == {
        "role": "r-123",
        "pending": UNKNOWN,
        "parts": [{"component": "urn:pulumi:dev::p::my:c:C::c"}],
        "plain": "kept",
    }
    untouched = _struct({"plain": "kept"})
    assert without_references(untouched) is untouched  # nothing to do, nothing copied


def test_uv_places_the_virtualenv_beside_the_nearest_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    program = tmp_path / "infra"
    program.mkdir()
    with pytest.raises(ToolchainError, match=rf"'{tmp_path / '.venv'}' is not a virtualenv"):
        program_interpreter(program, {"toolchain": "uv"})
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").touch()
    assert program_interpreter(program, {"toolchain": "uv"}).virtualenv == tmp_path / ".venv"


def test_poetry_needs_its_executable(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolchainError, match="Could not find `poetry` executable"):
        program_interpreter(tmp_path, {"toolchain": "poetry"})


def test_plain_config_values_reach_the_program_as_written(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  p:ratio: 1.50\n  p:flag: yes\n  p:tags:\n    a: 1\n")
    config = load_project(tmp_path, "dev").config
    assert config == {"p:ratio": "1.50", "p:flag": "yes", "p:tags": '{"a": 1}'}


def test_an_in_process_run_stops_at_its_wall_clock_limit(tmp_path):
    shutil.copytree(PROGRAMS / "hang", tmp_path / "hang")
    started = time.monotonic()
    with pytest.raises(ProgramError) as caught:
        run_program(tmp_path / "hang", "dev", timeout=1)
    assert caught.value.timed_out and "did not finish within 1s" in str(caught.value)
    assert time.monotonic() - started < 15


def test_the_output_properties_of_a_type_come_from_its_sdk():
    names = output_names("aws:ec2/instance:Instance")
    assert {"publicIp", "arn", "privateIp", "instanceState"} <= names
    assert output_names("corpus:web:Api") == frozenset() and output_names("pulumi:providers:aws") == frozenset()


def test_only_computed_outputs_can_be_unknown_in_a_preview():
    # The bridge types an output Optional exactly when the attribute is optional and not computed: left unset, it is
    # absent from the engine's state, not unknown. FlowLog.trafficType is such; Bucket.logging and Stage.webAclArn
    # are computed.
    computed = computed_output_names("aws:ec2/flowLog:FlowLog")
    assert "trafficType" in output_names("aws:ec2/flowLog:FlowLog") and "trafficType" not in computed
    assert {"arn", "logFormat"} <= computed
    assert "logging" in computed_output_names("aws:s3/bucket:Bucket")
    assert "webAclArn" in computed_output_names("aws:apigateway/stage:Stage")
    assert "clientCertificateId" not in computed_output_names("aws:apigateway/stage:Stage")


def test_reading_a_type_s_outputs_first_leaves_its_service_module_whole():
    script = (
        "from fraudctl.program.schema import computed_output_names\n"
        "assert computed_output_names('aws:ec2/defaultSecurityGroup:DefaultSecurityGroup')\n"
        "import pulumi_aws as aws\n"
        "assert hasattr(aws.ec2, 'DefaultSecurityGroup') and hasattr(aws.ec2, 'Vpc')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr


def test_every_corpus_program_has_a_pulumi_yaml_and_an_entry_point():
    for program in PROGRAMS.iterdir():
        assert (program / "Pulumi.yaml").is_file() and (program / "__main__.py").is_file(), program
        assert Path(load_project(program, "dev").main) == program.resolve()
