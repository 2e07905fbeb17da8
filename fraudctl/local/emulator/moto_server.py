"""moto's server, embedded in this process on 127.0.0.1, and boto3 clients bound to it."""

from __future__ import annotations

import errno
import logging
import threading
import urllib.request
from typing import Any

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer

from fraudctl.local.emulator.iam import set_enforcement
from fraudctl.local.errors import LocalModeError, PortInUseError

# Any credentials do for moto; fixed ones keep a developer's real profile out of local mode entirely.
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}
_CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, max_pool_connections=20)


class _CheckedMotoServer(ThreadedMotoServer):
    """ThreadedMotoServer whose start() reports a failed bind instead of waiting forever for a server that never came.

    moto 5.2 builds the server inside its thread and only then sets the ready event, so an exception there (the
    port is in use) would leave start() blocked; catching it in the thread lets start() return and raise.
    """

    bind_error: OSError | None = None

    def _server_entry(self) -> None:
        try:
            super()._server_entry()
        except OSError as err:
            self.bind_error = err
            self._server_ready_event.set()


class EmbeddedMoto:
    """moto on its own port; its state, though, lives in module globals of the moto package, shared by every moto
    server of the process. So one EmbeddedMoto runs per process at a time, and it starts and ends with a reset."""

    _running_in_process: EmbeddedMoto | None = None
    _guard = threading.Lock()

    def __init__(self, region: str, port: int = 0, host: str = "127.0.0.1") -> None:
        self.region = region
        self.host = host
        self._requested_port = port
        self._server: _CheckedMotoServer | None = None
        self.endpoint = ""
        # Once IAM is enforced, local mode's own clients sign as the harness user (`emulator.iam`).
        self.credentials: dict[str, str] = dict(FAKE_CREDENTIALS)

    def start(self) -> EmbeddedMoto:
        with EmbeddedMoto._guard:
            other = EmbeddedMoto._running_in_process
            if other is not None:
                raise LocalModeError(
                    f"a local system already runs in this process (moto at {other.endpoint}); moto keeps its state per "
                    "process, so stop that one first, or start this one in another process"
                )
            EmbeddedMoto._running_in_process = self
        try:
            self._start_server()
        except BaseException:
            EmbeddedMoto._running_in_process = None
            raise
        self.reset()  # whatever an earlier server of this process left behind
        return self

    def _start_server(self) -> None:
        # One access-log line per AWS call would drown the functions' logs.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        server = _CheckedMotoServer(ip_address=self.host, port=self._requested_port, verbose=False)
        server.start()
        if server.bind_error is not None:
            if server.bind_error.errno != errno.EADDRINUSE:
                raise LocalModeError(f"cannot start moto on {self.host}:{self._requested_port}: {server.bind_error}")
            raise PortInUseError("moto (the local AWS)", self.host, self._requested_port, "--moto-port")
        self._server = server
        host, port = server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return int(self.endpoint.rsplit(":", 1)[1])

    def client(self, service: str) -> Any:
        return self.client_as(service, self.credentials)

    def client_as(self, service: str, credentials: dict[str, str]) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=credentials.get("AWS_SESSION_TOKEN"),
            config=_CLIENT_CONFIG,
        )

    def reset(self) -> None:
        """Forget every resource and item (moto's own reset endpoint)."""
        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")  # noqa: S310
        # S310: the URL is our own loopback server, never a user-supplied scheme.
        urllib.request.urlopen(request, timeout=10).read()  # noqa: S310

    def stop(self) -> None:
        if self._server is not None:
            set_enforcement(self.endpoint, on=False)  # moto's switch is process-wide: the next server starts open
            self.reset()  # frees the memory the tables and objects took
            self._server.stop()
            self._server = None
        with EmbeddedMoto._guard:
            if EmbeddedMoto._running_in_process is self:
                EmbeddedMoto._running_in_process = None
