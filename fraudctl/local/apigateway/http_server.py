"""The HTTP server in front of the local API Gateway: stdlib ThreadingHTTPServer, HTTP/1.1 keep-alive.

It only carries bytes: requests become HttpRequest values for the gateway (or the control endpoint), and
HttpResponse values go back. Stopping it also closes idle keep-alive connections, so no thread is left waiting.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fraudctl.local.apigateway.http_messages import HttpRequest, HttpResponse
from fraudctl.local.errors import LocalModeError, PortInUseError

MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit
Handler = Callable[[HttpRequest], HttpResponse]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handle: Handler) -> None:
        self.handle_request_value = handle
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        with self.connections_lock:
            self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self.connections_lock:
            self.open_connections.discard(request)
        super().shutdown_request(request)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients (and the benchmark) reuse their connection
    # Headers and body leave in two writes; with Nagle on, the body waits for the client's delayed ACK (40 ms).
    disable_nagle_algorithm = True
    server_version = "fraudctl-local"
    timeout = 120  # an idle keep-alive connection is closed after this many seconds
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._send(HttpResponse(413, b'{"message":"Request Too Long"}', [("Content-Type", "application/json")]))
            self.close_connection = True
            return
        chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
        body = self._read_chunked() if chunked else self.rfile.read(length)
        request = HttpRequest(
            method=self.command,
            target=self.path,
            headers=list(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
            received_at=time.time(),
            protocol=self.request_version,
        )
        self._send(self.server.handle_request_value(request))

    def __getattr__(self, name: str) -> object:
        # Every method reaches the gateway, which answers an undeclared one (TRACE, PROPFIND...) as API Gateway
        # does (403 Missing Authentication Token), where http.server would answer 501.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _read_chunked(self) -> bytes:
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _send(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)
        if response.on_sent is not None:
            response.on_sent()

    def log_message(self, format: str, *args: object) -> None:
        pass  # the gateway writes the stage's own access log instead


class LocalHttpServer:
    def __init__(self, handle: Handler, host: str = "127.0.0.1", port: int = 3000) -> None:
        try:
            self._server = _Server((host, port), handle)
        except OSError as err:
            if err.errno != errno.EADDRINUSE:
                raise LocalModeError(f"cannot serve the API on {host}:{port}: {err}") from err
            raise PortInUseError("the API", host, port, "--port") from err
        self.host = host
        self.port = self._server.server_address[1]
        # A short poll interval: stop() returns within 50 ms instead of the default half second.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="local-api", daemon=True)

    def start(self) -> LocalHttpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() would wait forever for a serve_forever() that never ran
            self._server.shutdown()
        with self._server.connections_lock:
            connections = list(self._server.open_connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)  # wakes a handler thread waiting on an idle keep-alive
            except OSError:
                pass
        self._server.server_close()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
