"""Serving the emulator: the in-process ``Emulator`` for tests and the CLI's server loop.

Loopback only unless ``allow_remote``: the emulator accepts any credentials and is for local use.
Its behaviour profile comes from ``behaviour=`` (a spec, a mapping or a ``Behaviour``), else from
``$PARTNERLINK_EMULATOR_BEHAVIOUR``, else the defaults; ``set_behaviour`` changes it while it runs.
"""

from __future__ import annotations

import ipaddress
import json
import os
import threading
import urllib.request
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from .app import EmulatorApp
from .behaviour import BEHAVIOUR_ENV, Behaviour
from .context import Settings
from .state import Store

IDLE_TIMEOUT = 60.0  # seconds a connection may sit without sending
MAX_CONNECTIONS = 128  # connections served at once (a thread each)


class RemoteBindRefused(ValueError):
    pass


def resolve_behaviour(spec: Any = None, settings: Settings | None = None) -> Behaviour:
    """The behaviour an emulator starts with: ``spec`` (else ``$PARTNERLINK_EMULATOR_BEHAVIOUR``)
    applied over ``settings``' two knobs. A ``Behaviour`` is taken whole (not with settings)."""
    if spec is None:
        spec = os.environ.get(BEHAVIOUR_ENV) or None
    if isinstance(spec, Behaviour):
        if settings is not None:
            raise ValueError("give settings or a Behaviour, not both (Behaviour holds both knobs)")
        return spec
    base = Behaviour.from_settings(settings) if settings is not None else Behaviour()
    try:
        return Behaviour.parse(spec, base)
    except ValueError as exc:
        origin = f"${BEHAVIOUR_ENV}" if spec == os.environ.get(BEHAVIOUR_ENV) else "behaviour"
        raise ValueError(f"{origin}: {exc}") from None


def check_loopback(host: str, allow_remote: bool) -> None:
    if allow_remote or host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise RemoteBindRefused(
            f"refusing to listen on {host}: the emulator accepts any credentials; "
            "bind a loopback address (127.0.0.1) or pass --allow-remote"
        )


class _QuietHandler(WSGIRequestHandler):
    verbose = False

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.verbose:
            super().log_request(code, size)

    def connection_dropped(self, error: BaseException, environ: Any = None) -> None:
        pass  # drop-response faults close connections on purpose

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Requests that are not HTTP at all (a bad request line, headers too long, a TLS
        hello on the plain port) are answered before any route: as a JSON error like every
        other answer of ours, not http.server's HTML page."""
        kind = "InternalServerException" if code == 500 else "SerializationException"
        if self.request_version == "HTTP/0.9":  # no request line was understood: no client
            self.request_version = "HTTP/1.0"  # speaks 0.9, so answer with status and headers
        body = json.dumps({"__type": kind, "message": message or HTTPStatus(code).phrase})
        data = body.encode()
        self.log_error("code %d, message %s", code, message)
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Amzn-ErrorType", kind)
        self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if getattr(self, "command", None) != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(data)


class _BoundedServer(ThreadedWSGIServer):
    """A thread per connection, at most ``max_connections`` at once: when all are busy the
    accept loop waits (new clients queue in the listen backlog) instead of spawning more.
    With the handler's socket timeout, a stalled or idle client frees its thread."""

    def __init__(self, *args: Any, max_connections: int, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._slots = threading.BoundedSemaphore(max_connections)
        self._stopping = False

    def process_request(self, request: Any, client_address: Any) -> None:
        while not self._slots.acquire(timeout=0.2):
            if self._stopping:
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def shutdown(self) -> None:
        self._stopping = True
        super().shutdown()


class Emulator:
    """A started emulator on a free loopback port; ``with Emulator() as emu: emu.endpoint_url``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: str | Path | None = None,
        settings: Settings | None = None,
        allow_remote: bool = False,
        verbose: bool = False,
        idle_timeout: float = IDLE_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
        behaviour: Behaviour | str | dict[str, Any] | None = None,
        permissions: dict[str, Any] | None = None,
    ) -> None:
        check_loopback(host, allow_remote)
        started_with = resolve_behaviour(behaviour, settings)
        self.app = EmulatorApp(Store(state_file), behaviour=started_with, permissions=permissions)
        # `timeout`: the socket timeout of every connection (socketserver applies it), so a
        # client that stops sending (before or during its request) is closed after
        # `idle_timeout` seconds and frees its thread. werkzeug answers every request with
        # `Connection: close`: one request a connection (AWS keeps connections alive).
        handler = type("Handler", (_QuietHandler,), {"verbose": verbose, "timeout": idle_timeout})
        self._server = _BoundedServer(
            host, port, self.app, handler, max_connections=max_connections
        )
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_port)

    @property
    def endpoint_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> Emulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="partnerlink-emulator", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.app.store.close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # Admin API over HTTP, as any client would use it.
    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.endpoint_url}/_emulator/{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def calls(self) -> dict[str, int]:
        calls: dict[str, int] = self.admin("GET", "calls")["calls"]
        return calls

    def throttled(self) -> dict[str, int]:
        """Calls answered ThrottlingException for their documented rate, per operation."""
        throttled: dict[str, int] = self.admin("GET", "calls")["throttled"]
        return throttled

    def set_permissions(self, profile: dict[str, Any]) -> None:
        """Restrict access keys to IAM policies (``permissions``); ``{}`` lifts it."""
        self.admin("POST", "permissions", profile)

    def reset(self) -> None:
        self.admin("POST", "reset")

    def inject(self, operation: str, fault: str, **kw: Any) -> None:
        self.admin("POST", "faults", {"operation": operation, "fault": fault, **kw})

    def advance_clock(self, seconds: float) -> None:
        self.admin("POST", "clock", {"advance_seconds": seconds})

    def set_behaviour(self, spec: Behaviour | str | dict[str, Any] | None = None) -> Behaviour:
        """Play exactly ``spec`` (over the defaults; None: the defaults) from the next request
        on; ``reset()`` returns to the behaviour the emulator started with."""
        wanted = Behaviour.parse(spec)  # a bad spec fails here, before any request
        self.admin("POST", "behaviour", {"profile": "default", **wanted.knobs()})
        return self.get_behaviour()

    def get_behaviour(self) -> Behaviour:
        return Behaviour.parse(self.admin("GET", "behaviour")["behaviour"])
