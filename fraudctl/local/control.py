"""How other commands reach a running `fraudctl local`: a state file in the project and a control endpoint.

`fraudctl local` writes `<state dir>/state.json` (mode 0600) with its URLs, the API key and a random control token,
and removes it when it stops. `fraudctl local report --date D` reads it and calls `POST /_local/report` on the same
server; the token keeps other local processes (a browser page, say) from triggering functions.
"""

from __future__ import annotations

import json
import os
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fraudctl.local.apigateway import HttpRequest, HttpResponse
from fraudctl.local.errors import LocalModeError

CONTROL_PREFIX = "/_local/"  # stage names cannot start with "_" here (environmentSuffix is [a-z0-9-])
TOKEN_HEADER = "X-Fraudctl-Control-Token"  # noqa: S105 - a header name, not a secret
STATE_FILE = "state.json"


@dataclass(frozen=True)
class LocalState:
    pid: int
    stack: str
    base_url: str
    api_url: str
    api_key: str
    moto_endpoint: str
    log_dir: str
    control_token: str


def new_token() -> str:
    return secrets.token_urlsafe(24)


def write_state(state_dir: Path, state: LocalState) -> Path:
    state_dir.mkdir(parents=True, exist_ok=True)
    path, temporary = state_dir / STATE_FILE, state_dir / f".{STATE_FILE}.{os.getpid()}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(asdict(state), file, indent=2)
    temporary.replace(path)  # atomic: a reader never sees half a file
    return path


def read_state(state_dir: Path) -> LocalState | None:
    """The state of the `fraudctl local` serving this project, or None if none is running."""
    path = state_dir / STATE_FILE
    try:
        state = LocalState(**json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as err:
        raise LocalModeError(f"{path} is not a fraudctl local state file ({err}); delete it and start again") from err
    return state if _alive(state.pid) else None


def claim_state_dir(state_dir: Path) -> None:
    """Refuse to start a second `fraudctl local` on the same state directory (the project, by default)."""
    running = read_state(state_dir)
    if running is not None and running.pid != os.getpid():
        raise LocalModeError(
            f"fraudctl local is already running for this project (pid {running.pid}, {running.api_url}); "
            "stop it first, or give this one another --state-dir"
        )


def remove_state(state_dir: Path) -> None:
    path = state_dir / STATE_FILE
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (FileNotFoundError, ValueError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ControlEndpoint:
    """`POST /_local/<action>` with a JSON body runs `actions[action](body)` and answers its result as JSON."""

    def __init__(self, token: str, actions: dict[str, Callable[[dict[str, Any]], dict[str, Any]]]) -> None:
        self.token = token
        self._actions = actions

    def handle(self, request: HttpRequest) -> HttpResponse:
        if not secrets.compare_digest(request.header(TOKEN_HEADER) or "", self.token):
            return _json(403, {"message": "a control token is required (see the local state file)"})
        action = request.path.removeprefix(CONTROL_PREFIX)
        if request.method != "POST" or action not in self._actions:
            return _json(404, {"message": f"no control action {request.method} {request.path}"})
        try:
            body = json.loads(request.body or b"{}")
            return _json(200, self._actions[action](body))
        except (ValueError, LocalModeError) as err:
            return _json(400, {"message": str(err)})


def call(state: LocalState, action: str, body: dict[str, Any], timeout_s: float = 330.0) -> dict[str, Any]:
    """Run a control action on the running `fraudctl local`; raises LocalModeError with its message on failure."""
    request = urllib.request.Request(  # noqa: S310
        state.base_url + CONTROL_PREFIX + action,
        data=json.dumps(body).encode(),
        headers={TOKEN_HEADER: state.control_token, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310 - loopback URL from our state
            return json.loads(response.read())
    except urllib.error.HTTPError as err:
        message = json.loads(err.read() or b"{}").get("message", str(err))
        raise LocalModeError(f"fraudctl local refused {action}: {message}") from err
    except OSError as err:
        raise LocalModeError(
            f"fraudctl local (pid {state.pid}) does not answer on {state.base_url}: {err}. Is it still running?"
        ) from err


def _json(status: int, body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(status, json.dumps(body, default=str).encode(), [("Content-Type", "application/json")])
