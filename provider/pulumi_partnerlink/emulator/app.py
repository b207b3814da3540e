"""The emulator's WSGI application: identity, dispatch, validation, idempotency, faults, admin.

A request is served in this order: who is calling (account from the access key id, region from
the SigV4 credential scope), which service and operation (``protocol``), count the call, apply
an injected fault, parse and validate the input against the model, then, under the state lock,
replay an idempotent retry or run the handler and commit. Nothing here names an operation:
idempotency comes from the model's ``idempotencyToken`` trait, validation from its shapes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import hashlib
import json
import random
import re
import socket
import threading
import time
from collections import Counter
from types import ModuleType
from typing import Any

import botocore.session
from botocore import xform_name
from botocore.model import ListShape, OperationModel, Shape, StructureShape
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.wrappers import Request, Response

from ..validation import validate
from . import iotwireless, partnercentral_channel
from .context import Context, Settings
from .errors import ServiceError, validation_error
from .protocol import ServiceProtocol
from .state import Clock, Store, to_iso

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
IDEMPOTENCY = "emulator.idempotency"
FAULT_KINDS = ("throttle", "internal-error", "drop-response", "delay")
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/(?:([a-z0-9-]+)/)?([a-z0-9-]+)/aws4_request")
_SERVICES: dict[str, ModuleType] = {
    "iotwireless": iotwireless,
    "partnercentral-channel": partnercentral_channel,
}


@dataclasses.dataclass
class Fault:
    operation: str
    fault: str
    times: int | None = None
    rate: float = 1.0
    delay_ms: int = 0

    def matches(self, service: str, operation: str) -> bool:
        return self.operation in (operation, f"{service}:{operation}", "*")


class EmulatorApp:
    """WSGI app serving both services plus the admin API under ``/_emulator/``."""

    def __init__(self, store: Store | None = None, settings: Settings | None = None) -> None:
        session = botocore.session.get_session()
        self.protocols = {
            name: ServiceProtocol(session.get_service_model(name)) for name in _SERVICES
        }
        self.store = store or Store()
        self.settings = settings or Settings()
        self.clock = Clock()
        self.calls: Counter[str] = Counter()
        self.faults: list[Fault] = []
        self._meta = threading.Lock()  # calls and faults

    # ------------------------------------------------------------------ WSGI

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.path.startswith("/_emulator/"):
            response = self._admin(request)
        else:
            response = self._service(request, environ)
        return response(environ, start_response)

    # ------------------------------------------------------------------ services

    def _identity(self, request: Request) -> tuple[str | None, str, str]:
        m = _CREDENTIAL.search(request.headers.get("Authorization", ""))
        key_id, region, service = (m.group(1), m.group(2), m.group(3)) if m else (None, None, None)
        account = key_id if key_id and re.fullmatch(r"\d{12}", key_id) else DEFAULT_ACCOUNT
        region = region or request.headers.get("X-Amz-Region-Set") or DEFAULT_REGION
        return service, account, region

    def _service(self, request: Request, environ: dict[str, Any]) -> Response:
        scope_service, account, region = self._identity(request)
        target = request.headers.get("X-Amz-Target")
        service = "partnercentral-channel" if target else (scope_service or "iotwireless")
        if service not in self.protocols:
            service = "iotwireless"
        proto = self.protocols[service]
        query = {k: request.args.getlist(k) for k in request.args}
        try:
            op, labels = proto.operation_for(request.method, request.path, query, target)
        except ServiceError as err:
            return self._error(proto, err)
        with self._meta:
            self.calls[f"{service}:{op.name}"] += 1
            fault = self._take_fault(service, op.name)
        try:
            if fault is not None and fault.fault == "delay":
                time.sleep(fault.delay_ms / 1000)
            elif fault is not None and fault.fault == "throttle":
                raise ServiceError(
                    "ThrottlingException", "Rate exceeded (fault injected by the emulator)"
                )
            elif fault is not None and fault.fault == "internal-error":
                raise ServiceError(
                    "InternalServerException", "Internal failure (fault injected by the emulator)"
                )
            params = proto.parse(op, labels, query, dict(request.headers), request.get_data())
            violations = validate(op.input_shape, params) if op.input_shape is not None else []
            if violations:
                raise validation_error(
                    violations, with_field_list=service == "partnercentral-channel"
                )
            result = self._run(
                service,
                proto,
                op,
                Context(account, region, self.store, self.clock, self.settings),
                params,
            )
            status, headers, body = proto.serialize(op, result)
        except ServiceError as err:
            return self._error(proto, err)
        if fault is not None and fault.fault == "drop-response":
            _drop_connection(environ)
        return Response(body, status=status, headers=headers)

    def _run(
        self,
        service: str,
        proto: ServiceProtocol,
        op: OperationModel,
        ctx: Context,
        params: dict[str, Any],
    ) -> dict[str, Any]:
        handler = getattr(_SERVICES[service], xform_name(op.name), None)
        if handler is None:
            raise proto.not_implemented(op)
        token_member = _token_member(op)
        token = params.get(token_member) if token_member else None
        with self.store.lock:
            try:
                if token:
                    key = f"{service}/{ctx.account}/{ctx.region}/{op.name}/{token}"
                    digest = _digest({k: v for k, v in params.items() if k != token_member})
                    seen = self.store.get(IDEMPOTENCY, key)
                    window = _dt.timedelta(seconds=self.settings.token_window_seconds)
                    if (
                        seen is not None
                        and ctx.now() - _dt.datetime.fromisoformat(seen["at"]) <= window
                    ):
                        if seen["digest"] != digest:
                            raise ServiceError(
                                "ConflictException",
                                f"Client token {token} was already used with different parameters",
                                resourceId=token,
                                resourceType="ClientToken",
                                ResourceId=token,
                                ResourceType="ClientToken",
                            )
                        replay: dict[str, Any] = _refill(op.output_shape, seen["response"], params)
                        return replay
                result: dict[str, Any] = handler(ctx, params)
                if token:
                    self.store.put(
                        IDEMPOTENCY,
                        key,
                        {
                            "digest": digest,
                            "at": to_iso(ctx.now()),
                            "response": _redact(op.output_shape, result),
                        },
                    )
                self.store.commit()
                return result
            except BaseException:
                self.store.rollback()
                raise

    def _error(self, proto: ServiceProtocol, err: ServiceError) -> Response:
        # Keep the fields the error shape has (the two services spell them differently).
        shape = proto.error_shapes.get(err.code)
        if shape is not None:
            err.fields = {k: v for k, v in err.fields.items() if k in shape.members}
        status, headers, body = proto.serialize_error(err)
        return Response(body, status=status, headers=headers)

    def _take_fault(self, service: str, operation: str) -> Fault | None:
        for fault in self.faults:
            if not fault.matches(service, operation):
                continue
            if fault.rate < 1.0 and random.random() >= fault.rate:
                return None
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
            return fault
        return None

    # ------------------------------------------------------------------ admin API

    def _admin(self, request: Request) -> Response:
        route = (request.method, request.path.removeprefix("/_emulator/").rstrip("/"))
        try:
            body = request.get_json(silent=True) or {}
            if route == ("GET", "health"):
                return _json(
                    {
                        "status": "ok",
                        "services": sorted(self.protocols),
                        "now": to_iso(self.clock.now()),
                    }
                )
            if route == ("GET", "calls"):
                with self._meta:
                    return _json({"calls": dict(sorted(self.calls.items()))})
            if route == ("POST", "reset"):
                with self.store.lock, self._meta:
                    self.store.reset()
                    self.calls.clear()
                    self.faults.clear()
                    self.clock = Clock()
                return _json({"reset": True})
            if route == ("GET", "faults"):
                with self._meta:
                    return _json({"faults": [dataclasses.asdict(f) for f in self.faults]})
            if route == ("POST", "faults"):
                fault = _parse_fault(body)
                with self._meta:
                    self.faults.append(fault)
                    return _json({"faults": [dataclasses.asdict(f) for f in self.faults]})
            if route == ("DELETE", "faults"):
                with self._meta:
                    self.faults.clear()
                return _json({"faults": []})
            if route == ("POST", "clock"):
                seconds = body.get("advance_seconds")
                if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
                    return _json({"error": "advance_seconds must be a number >= 0"}, 400)
                self.clock.advance(seconds)
                return _json({"now": to_iso(self.clock.now())})
            if route == ("POST", "iotwireless/account-linked"):
                ctx = Context(
                    str(body.get("account", DEFAULT_ACCOUNT)),
                    str(body.get("region", DEFAULT_REGION)),
                    self.store,
                    self.clock,
                    self.settings,
                )
                with self.store.lock:
                    result = iotwireless.admin_set_account_linked(
                        ctx, str(body.get("amazon_id")), bool(body.get("linked", True))
                    )
                    self.store.commit()
                return _json(result)
            if any(route[1] == r[1] for r in _ADMIN_ROUTES):
                raise MethodNotAllowed()
            raise NotFound()
        except ServiceError as err:
            return _json(
                {"error": err.code, "message": err.message}, 404 if "NotFound" in err.code else 400
            )
        except ValueError as err:
            return _json({"error": str(err)}, 400)
        except HTTPException as err:
            return _json(
                {"error": err.name, "routes": [" ".join(r) for r in _ADMIN_ROUTES]}, err.code or 400
            )


_ADMIN_ROUTES = [
    ("GET", "health"),
    ("GET", "calls"),
    ("POST", "reset"),
    ("GET", "faults"),
    ("POST", "faults"),
    ("DELETE", "faults"),
    ("POST", "clock"),
    ("POST", "iotwireless/account-linked"),
]


def _json(doc: Any, status: int = 200) -> Response:
    return Response(json.dumps(doc), status=status, mimetype="application/json")


def _parse_fault(body: dict[str, Any]) -> Fault:
    kind = body.get("fault")
    if kind not in FAULT_KINDS:
        raise ValueError(f"fault must be one of {', '.join(FAULT_KINDS)}")
    operation = body.get("operation")
    if not isinstance(operation, str) or not operation:
        raise ValueError("operation is required (an operation name, 'service:Operation' or '*')")
    times = body.get("times")
    if times is not None and (not isinstance(times, int) or times < 1):
        raise ValueError("times must be a positive integer")
    rate = float(body.get("rate", 1.0))
    if not 0.0 <= rate <= 1.0:
        raise ValueError("rate must be between 0 and 1")
    delay_ms = int(body.get("delay_ms", 0))
    if kind == "delay" and delay_ms <= 0:
        raise ValueError("a delay fault needs delay_ms > 0")
    return Fault(operation=operation, fault=kind, times=times, rate=rate, delay_ms=delay_ms)


def _drop_connection(environ: dict[str, Any]) -> None:
    """Close the client's connection without answering (the operation already committed)."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _token_member(op: OperationModel) -> str | None:
    shape = op.input_shape
    if shape is None:
        return None
    return next((n for n, m in shape.members.items() if m.metadata.get("idempotencyToken")), None)


def _digest(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()


def _redact(shape: Shape | None, value: Any) -> Any:
    """The response as stored for replay, without sensitive members (e.g. a private key)."""
    if shape is None or value is None:
        return value
    if shape.metadata.get("sensitive"):
        return None
    if isinstance(shape, StructureShape):
        return {k: _redact(shape.members.get(k), v) for k, v in value.items()}
    if isinstance(shape, ListShape):
        return [_redact(shape.member, v) for v in value]
    if isinstance(value, _dt.datetime):
        return {"__datetime__": to_iso(value)}
    return value


def _refill(shape: Shape | None, stored: Any, request: Any) -> Any:
    """A stored response with sensitive members restored from the (identical) request."""
    if shape is None:
        return stored
    if isinstance(stored, dict) and "__datetime__" in stored:
        return _dt.datetime.fromisoformat(stored["__datetime__"])
    if isinstance(shape, StructureShape) and isinstance(stored, dict):
        out = {}
        for name, member in shape.members.items():
            req = request.get(name) if isinstance(request, dict) else None
            if member.metadata.get("sensitive") and name in stored:
                out[name] = req
            elif name in stored:
                out[name] = _refill(member, stored[name], req)
        return out
    if isinstance(shape, ListShape) and isinstance(stored, list):
        return [_refill(shape.member, v, None) for v in stored]
    return stored
