"""The worker side of a local Lambda: one process per function, like one execution environment.

Started as `python -I -B -u runtime.py ...` (isolated: only the function's own environment, and no script
directory on sys.path that could shadow the function's modules), it imports the handler once (the cold start),
then serves invocations one at a time over a socket inherited from the parent. stdout and stderr are the
function's logs; the socket carries only length-prefixed JSON frames. Standard library only: the parent imports
the framing from here too.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import resource
import socket
import struct
import sys
import time
import traceback
from decimal import Decimal
from typing import Any

_HEADER = struct.Struct(">I")
MAX_RESPONSE_BYTES = 6 * 1024 * 1024  # Lambda's synchronous response limit


def write_frame(sock: socket.socket, message: dict[str, Any]) -> None:
    data = json.dumps(message, default=_json_default).encode()
    sock.sendall(_HEADER.pack(len(data)) + data)


def read_frame(sock: socket.socket) -> dict[str, Any] | None:
    """The next frame, or None when the other side has closed the socket."""
    header = _read_exactly(sock, _HEADER.size)
    if header is None:
        return None
    (length,) = _HEADER.unpack(header)
    body = _read_exactly(sock, length)
    if body is None:
        return None
    return json.loads(body)


def _read_exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks, remaining = [], size
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _json_default(value: Any) -> Any:
    # The Lambda runtime's marshaller accepts Decimal (what boto3 returns for numbers); so does this one.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class LambdaContext:
    """The context object of the Python runtime (awslambdaric), with the same attribute names and types."""

    def __init__(self, request_id: str, deadline_ms: int, invoked_function_arn: str) -> None:
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
        self.memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]  # a str, as in the real runtime
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = None
        self.tenant_id = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


def error_payload(
    error: BaseException, error_type: str | None = None, message: str | None = None, tb: Any = None
) -> dict[str, Any]:
    return {
        "errorMessage": message if message is not None else str(error),
        "errorType": error_type or type(error).__name__,
        "stackTrace": traceback.format_tb(tb or error.__traceback__),
    }


def load_handler(spec: str) -> Any:
    module_name, _, function_name = spec.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except (ImportError, SyntaxError) as err:
        raise _InitError(err, "Runtime.ImportModuleError", f"Unable to import module '{module_name}': {err}") from err
    except Exception as err:
        raise _InitError(err, type(err).__name__, str(err)) from err
    handler = getattr(module, function_name, None)
    if not callable(handler):
        raise _InitError(
            None, "Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'"
        )
    return handler


class _InitError(Exception):
    def __init__(self, cause: BaseException | None, error_type: str, message: str) -> None:
        super().__init__(message)
        self.payload = error_payload(cause or self, error_type, message)


def serve(sock: socket.socket, handler: Any, init_ms: float) -> None:
    first = True
    while (frame := read_frame(sock)) is not None:
        request_id = frame["requestId"]
        os.environ["_X_AMZN_TRACE_ID"] = frame["traceId"]
        context = LambdaContext(request_id, frame["deadlineMs"], frame["invokedFunctionArn"])
        print(f"START RequestId: {request_id} Version: $LATEST", flush=True)
        started = time.perf_counter()
        try:
            response = _marshal(handler(frame["event"], context))
        except Exception as err:
            print(f"[ERROR] {type(err).__name__}: {err}", file=sys.stderr)
            traceback.print_exc()
            # The trace starts at the handler: the runtime's own frame is not the function's business.
            response = _error_frame(error_payload(err, tb=err.__traceback__.tb_next if err.__traceback__ else None))
        duration = (time.perf_counter() - started) * 1000
        print(f"END RequestId: {request_id}", flush=True)
        print(_report_line(request_id, duration, init_ms if first else None), flush=True)
        sys.stderr.flush()
        first = False
        sock.sendall(_HEADER.pack(len(response)) + response)


def _marshal(result: Any) -> bytes:
    try:
        payload = json.dumps(result, default=_json_default)
    except (TypeError, ValueError) as err:
        return _error_frame({"errorType": "Runtime.MarshalError", "errorMessage": f"Unable to marshal response: {err}"})
    if len(payload) > MAX_RESPONSE_BYTES:
        message = f"Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
        return _error_frame({"errorType": "Function.ResponseSizeTooLarge", "errorMessage": message})
    return b'{"ok": true, "payload": ' + payload.encode() + b"}"  # the payload is encoded once, not twice


def _error_frame(error: dict[str, Any]) -> bytes:
    return json.dumps({"ok": False, "error": error}).encode()


def _report_line(request_id: str, duration_ms: float, init_ms: float | None) -> str:
    memory = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
    used = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # Linux reports KiB
    line = (
        f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms\tBilled Duration: {math.ceil(duration_ms)} ms"
        f"\tMemory Size: {memory} MB\tMax Memory Used: {used} MB"
    )
    return line + (f"\tInit Duration: {init_ms:.2f} ms" if init_ms is not None else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve one local Lambda function over an inherited socket.")
    parser.add_argument("--fd", type=int, required=True, help="the socket's file descriptor")
    parser.add_argument("--handler", required=True, help="module.function, relative to --task-root")
    parser.add_argument("--task-root", required=True, help="the function's code directory (LAMBDA_TASK_ROOT)")
    args = parser.parse_args(argv)
    sys.path.insert(0, args.task_root)  # as in Lambda: the task root first, then the runtime's packages
    sock = socket.socket(fileno=args.fd)
    started = time.perf_counter()
    try:
        handler = load_handler(args.handler)
    except _InitError as err:
        print(f"[ERROR] {err.payload['errorType']}: {err.payload['errorMessage']}", file=sys.stderr)
        if err.__cause__ is not None:  # the import's own traceback: where the function's code broke
            traceback.print_exception(err.__cause__)
        sys.stderr.flush()
        write_frame(sock, {"type": "init_error", "error": err.payload})
        return 1
    init_ms = (time.perf_counter() - started) * 1000
    write_frame(sock, {"type": "ready", "initMs": init_ms, "pid": os.getpid()})
    try:
        serve(sock, handler, init_ms)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent went away: nothing left to serve
    return 0


if __name__ == "__main__":
    sys.exit(main())
