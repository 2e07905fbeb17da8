"""Starting and stopping pack processes: crashes, hangs, garbage, interrupts. Nothing may be left running."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import grpc
import pytest
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from fraudctl.policy_engine import PolicyEngineError, PolicySession, StackSettings, run_policy_packs
from fraudctl.policy_engine.engine_service import EngineService
from fraudctl.policy_engine.process import PackProcess, pack_environment
from fraudctl.policy_engine.project import load_policy_project

from .helpers import pack_processes
from .programs import sample_run

SETTINGS = StackSettings("fraud-detection", "dev", "acme", {"aws:region": "us-east-2"})

pytestmark = pytest.mark.slow  # starts policy pack processes


def fake_pack(tmp_path: Path, main: str) -> Path:
    venv = Path(sys.prefix)  # the pack runs in this interpreter's virtualenv, declared as the CLI reads it
    (tmp_path / "PulumiPolicy.yaml").write_text(f"runtime:\n  name: python\n  options:\n    virtualenv: {venv}\n")
    (tmp_path / "__main__.py").write_text(main)
    return tmp_path


def process_for(pack_dir: Path) -> PackProcess:
    project = load_policy_project(pack_dir)
    return PackProcess(project, python=sys.executable, engine_address="127.0.0.1:1", env=pack_environment(SETTINGS))


def test_environment_matches_the_engines() -> None:
    env = pack_environment(SETTINGS, base={"PATH": "/bin", "PULUMI_ORGANIZATION": "stale"})
    assert env["PATH"] == "/bin"
    assert (env["PULUMI_PROJECT"], env["PULUMI_STACK"], env["PULUMI_ORGANIZATION"]) == (
        "fraud-detection",
        "dev",
        "acme",
    )
    assert env["PULUMI_DRY_RUN"] == "true" and env["PYTHONUNBUFFERED"] == "1"
    assert json.loads(env["PULUMI_CONFIG"]) == {"aws:region": "us-east-2"}
    # Empty values are not set at all (constructEnv's maybeAppendEnv), so an inherited one survives.
    bare = pack_environment(StackSettings("p", "s"), base={"PULUMI_ORGANIZATION": "stale"})
    assert bare["PULUMI_ORGANIZATION"] == "stale" and "PULUMI_CONFIG" not in bare


def test_command_line_is_the_engines(packs: Path) -> None:
    process = process_for(packs / "mandatory")
    assert process.argv[1:] == ["-u", "-m", "pulumi.policy", "127.0.0.1:1", str((packs / "mandatory").resolve())]


def test_crashing_pack_reports_exit_code_and_traceback(packs: Path) -> None:
    with pytest.raises(PolicyEngineError) as info, process_for(packs / "broken") as process:
        process.wait_for_port(20)
    message = str(info.value)
    assert "failed to start: it exited with code 1 before reporting its port" in message
    assert "RuntimeError: boom: this pack cannot start" in message
    assert pack_processes(str(packs / "broken")) == []


def test_pack_that_never_reports_a_port_is_killed(tmp_path: Path) -> None:
    pack_dir = fake_pack(tmp_path, "import time\nimport sys\nprint('loading...', file=sys.stderr)\ntime.sleep(60)\n")
    with pytest.raises(PolicyEngineError) as info, process_for(pack_dir) as process:
        process.wait_for_port(1.0)
    assert "did not report its port within 1s" in str(info.value)
    assert "loading..." in str(info.value)
    assert process._proc is not None and process._proc.returncode is not None
    assert pack_processes(str(pack_dir)) == []


def test_pack_that_prints_something_else_first(tmp_path: Path) -> None:
    pack_dir = fake_pack(tmp_path, "print('hello there')\nimport time\ntime.sleep(60)\n")
    with pytest.raises(PolicyEngineError, match="its first line of output was 'hello there', not a port number"):
        with process_for(pack_dir) as process:
            process.wait_for_port(20)
    assert pack_processes(str(pack_dir)) == []


def test_keyboard_interrupt_stops_the_process(packs: Path) -> None:
    with pytest.raises(KeyboardInterrupt), process_for(packs / "mandatory") as process:
        process.wait_for_port(20)
        assert pack_processes(str(packs / "mandatory")) == [process.pid]
        raise KeyboardInterrupt
    assert pack_processes(str(packs / "mandatory")) == []


def test_broken_pack_among_good_ones_fails_the_run_and_stops_all(packs: Path) -> None:
    with pytest.raises(PolicyEngineError, match="boom: this pack cannot start"):
        run_policy_packs(sample_run(), [packs / "mandatory", packs / "broken"], None)
    assert pack_processes(str(packs)) == []


def test_interrupt_during_analysis_stops_all_packs(packs: Path) -> None:
    def interrupt(message: str) -> None:
        if message.startswith("Analyzing"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_policy_packs(sample_run(), [packs / "mandatory", packs / "provider"], None, progress=interrupt)
    assert pack_processes(str(packs)) == []


def test_policy_that_raises_is_a_pack_error_with_its_traceback(tmp_path: Path) -> None:
    main = (
        "from pulumi_policy import PolicyPack, ResourceValidationPolicy\n"
        "def bad(args, report):\n    raise ValueError('policy bug on ' + args.name)\n"
        "PolicyPack('buggy', [ResourceValidationPolicy('bad', 'Always crashes.', validate=bad)])\n"
    )
    pack_dir = fake_pack(tmp_path, main)
    with pytest.raises(PolicyEngineError) as info:
        run_policy_packs(sample_run(), [pack_dir], None)
    message = str(info.value)
    assert message.startswith("policy pack buggy@v0.0.1 failed while analyzing urn:pulumi:dev::fraud-detection::")
    assert "policy bug on fraud-detection-dev" in message
    assert pack_processes(str(pack_dir)) == []


def test_session_can_start_before_the_run_and_rejects_another_stack(packs: Path) -> None:
    with PolicySession([packs / "provider"], StackSettings("other", "dev")) as session:
        assert len(session.pids) == 1
        with pytest.raises(PolicyEngineError, match="started for other/dev, but the run is for fraud-detection/dev"):
            session.analyze(sample_run())
    assert pack_processes(str(packs / "provider")) == []


def test_missing_interpreter_is_a_pack_start_error(packs: Path) -> None:
    with pytest.raises(PolicyEngineError, match=r"failed to start: cannot run /nonexistent/python: No such file"):
        run_policy_packs(sample_run(), [packs / "provider"], None, python="/nonexistent/python")


def test_engine_service_collects_log_messages() -> None:
    with EngineService() as engine:
        channel = grpc.insecure_channel(engine.address)
        stub = engine_pb2_grpc.EngineStub(channel)
        stub.Log(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message="careful", urn="urn:x"))
        stub.SetRootResource(engine_pb2.SetRootResourceRequest(urn="urn:root"))
        assert stub.GetRootResource(engine_pb2.GetRootResourceRequest()).urn == "urn:root"
        channel.close()
        assert engine.messages == ["warning: careful (urn:x)"]
