"""Starting and stopping: a port in use is a clear error, and stopping (stop(), Ctrl-C) leaves no process behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from fraudctl.local import FunctionFailed, PortInUseError
from fraudctl.local.control import read_state
from tests.local.helpers import FAKE_FUNCTIONS, eventually, start_fake_system
from tests.local.processes import alive, children_of

pytestmark = pytest.mark.slow
OUR_THREADS = ("local-api", "stream-", "logs-", "schedule-")


def test_stop_ends_every_worker_and_thread(project_root: Path, tmp_path: Path):
    system = start_fake_system(project_root, tmp_path, tmp_path / "deliveries.jsonl")
    workers = system.worker_pids()
    assert len(workers) == 3 and all(alive(pid) for pid in workers)
    assert set(workers) <= set(children_of(os.getpid()))
    assert read_state(tmp_path) is not None

    system.stop()

    assert not any(alive(pid) for pid in workers)
    assert not [t.name for t in threading.enumerate() if t.name.startswith(OUR_THREADS)]
    assert read_state(tmp_path) is None  # the state file goes with it


def test_a_port_in_use_is_a_clear_error_and_starts_nothing(project_root: Path, tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        children_before = set(children_of(os.getpid()))

        with pytest.raises(PortInUseError, match=rf"127\.0\.0\.1:{port}.*--port"):
            start_fake_system(project_root, tmp_path, tmp_path / "d.jsonl", port=port)

    assert set(children_of(os.getpid())) <= children_before


def test_report_without_a_running_system_says_so(project_root: Path, tmp_path: Path, capsys):
    from fraudctl.commands.local import main as fraudctl_local

    assert fraudctl_local(["report", "--cwd", str(project_root), "--state-dir", str(tmp_path)]) == 2
    assert "no running `fraudctl local`" in capsys.readouterr().err


def test_ctrl_c_stops_fraudctl_local_and_leaves_no_process(project_root: Path, tmp_path: Path):
    command = [sys.executable, "-m", "fraudctl.commands.local", "--cwd", str(project_root), "--port", "0"]
    command += ["--functions-dir", str(FAKE_FUNCTIONS), "--state-dir", str(tmp_path), "--no-schedules"]
    serving = subprocess.Popen(command, cwd=project_root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        state = eventually(lambda: read_state(tmp_path), timeout_s=60, interval_s=0.2)
        workers = children_of(serving.pid)
        report_command = [sys.executable, "-m", "fraudctl.commands.local", "report", "--cwd", str(project_root)]
        report_command += ["--state-dir", str(tmp_path), "--date", "2026-01-01"]
        report = subprocess.run(report_command, capture_output=True, text=True, timeout=60, check=False)
        serving.send_signal(signal.SIGINT)
        output, _ = serving.communicate(timeout=30)
    finally:
        if serving.poll() is None:
            serving.kill()

    assert state.api_url.endswith("/dev") and state.api_key
    assert len(workers) == 3, output
    assert report.returncode == 0, report.stderr
    assert '"date": "2026-01-01"' in report.stdout and "report-generator-dev" in report.stdout
    assert serving.returncode == 0, output
    assert "Ctrl-C stops everything" in output and "Stopped" in output
    time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)
    assert not (tmp_path / "state.json").exists()


def test_broken_function_code_fails_its_invocations_not_local_mode(project_root: Path, tmp_path: Path):
    broken = Path(__file__).parent / "fixtures" / "broken_functions"
    with start_fake_system(project_root, tmp_path, tmp_path / "d.jsonl", functions_dir=broken) as system:
        errors = {name: [e.error_type for e in found] for name, found in system.parts.init_errors.items()}
        client = system.api_client()
        response = client.get_transaction("t-1")
        client.close()
        with pytest.raises(FunctionFailed, match="RuntimeError: BUCKET_NAME is not configured"):
            system.run_report("2026-01-01")

    assert errors == {
        "transaction-processor-dev": ["Runtime.ImportModuleError"],
        "fraud-analyzer-dev": [],
        "report-generator-dev": ["RuntimeError"],
    }
    assert response.status == 502 and response.json == {"message": "Internal server error"}
    log = (tmp_path / "logs" / "transaction-processor-dev.log").read_text()
    assert "Unable to import module 'transaction_processor'" in log and "a_module_that_does_not_exist" in log
