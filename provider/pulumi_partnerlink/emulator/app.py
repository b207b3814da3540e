"""The emulator's WSGI application: identity, dispatch, validation, idempotency, faults, admin.

A request is served in this order: who is calling (account from the access key id, region from
the SigV4 credential scope), which service and operation (``protocol``), count the call, hold
it to the caller's permissions (``permissions``) and its documented rate (``quotas``), apply an
injected fault, parse and validate the input against the model, then, under the state lock,
replay an idempotent retry or run the handler and commit; last, the behaviour's ``omit`` thins
the answer. Nothing here names an operation: idempotency comes from the model's
``idempotencyToken`` trait, validation from its shapes. Each request sees one behaviour (the
one current when it arrived), whatever the admin API sets meanwhile. Every answer carries an
``x-amzn-RequestId``, as AWS's do.
"""

from __future__ import annotations

import logging
import random
import re
import sqlite3
import threading
import time
from collections import Counter
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import botocore.session
from botocore import xform_name
from botocore.model import OperationModel
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from ..validation import validate
from . import admin, iotwireless, omission, partnercentral_channel, sts
from .behaviour import Behaviour, creates
from .context import DEFAULT_ACCOUNT, DEFAULT_REGION, Context, Settings
from .errors import ServiceError, TooLarge, validation_error
from .faults import Fault, drop_connection
from .idempotency import Idempotency
from .permissions import Permissions
from .protocol import ServiceProtocol
from .quotas import Rates
from .state import Clock, Store

LOG = logging.getLogger("partnerlink.emulator")
MAX_BODY = 10 * 1024 * 1024  # AWS's APIs refuse request bodies over 10 MB
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/(?:([a-z0-9-]+)/)?([a-z0-9-]+)/aws4_request")
_SERVICES: dict[str, ModuleType] = {
    "iotwireless": iotwireless,
    "partnercentral-channel": partnercentral_channel,
    "sts": sts,
}


def encoded_path(environ: dict[str, Any]) -> str | None:
    """The request's path as the client sent it (percent-encoding intact), read the way
    werkzeug reads PATH_INFO: a leading "//x" is a path, not a host."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not raw:
        return None
    parts = urlsplit(raw)
    return f"/{parts.netloc}{parts.path}" if not parts.scheme and parts.netloc else parts.path


class EmulatorApp:
    """WSGI app serving both services plus the admin API under ``/_emulator/``."""

    def __init__(
        self,
        store: Store | None = None,
        settings: Settings | None = None,
        behaviour: Behaviour | None = None,
        permissions: dict[str, Any] | None = None,
    ) -> None:
        session = botocore.session.get_session()
        self.protocols = {
            name: ServiceProtocol(session.get_service_model(name)) for name in _SERVICES
        }
        self.store = store or Store()
        # The behaviour it started with (admin reset returns to it) and the current one.
        self.initial_behaviour = behaviour or Behaviour.from_settings(settings or Settings())
        self.behaviour = self.initial_behaviour
        self.clock = Clock()
        self.calls: Counter[str] = Counter()
        self.conflicts_played: Counter[str] = Counter()  # create_conflicts answered, per operation
        self.faults: list[Fault] = []
        self.rates = Rates()  # the documented request rates, per account and operation
        self.permissions = Permissions(permissions)  # IAM policies per access key (permissions)
        self.meta = threading.Lock()  # calls, faults, the behaviour and its counters

    @property
    def settings(self) -> Settings:
        return self.behaviour.settings

    # ------------------------------------------------------------------ WSGI

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        request.max_content_length = MAX_BODY  # a chunked body is cut off at the limit too
        admin_path = request.path.startswith("/_emulator/")
        try:
            if (request.content_length or 0) > MAX_BODY:
                raise RequestEntityTooLarge()
            response = self._admin(request) if admin_path else self._service(request, environ)
        except RequestEntityTooLarge:  # as AWS: 413, the body unread, the connection closed
            LOG.warning(
                "partnerlink-emulator: %s %s: body over %d bytes",
                request.method,
                request.path,
                MAX_BODY,
            )
            if admin_path:
                response = admin.answer({"error": f"body over {MAX_BODY} bytes"}, 413)
            else:
                response = self._error(
                    self._protocol_of(request), TooLarge(request.content_length, MAX_BODY)
                )
            response.headers["Connection"] = "close"
        except TimeoutError:  # the client stopped sending (the socket timeout): werkzeug
            raise  # closes the connection as dropped, quietly
        except Exception as exc:  # a bug of ours: still a modeled answer, never an HTML page
            LOG.error(
                "partnerlink-emulator: %s %s failed: %s: %s",
                request.method,
                request.path,
                type(exc).__name__,
                exc,
                exc_info=LOG.isEnabledFor(logging.DEBUG),
            )
            if admin_path:
                response = admin.answer({"error": f"internal error: {type(exc).__name__}"}, 500)
            else:
                response = self._error(
                    self._protocol_of(request),
                    ServiceError("InternalServerException", "Internal failure of the emulator"),
                )
        return response(environ, start_response)

    # ------------------------------------------------------------------ services

    def _identity(self, request: Request) -> tuple[str | None, str, str]:
        m = _CREDENTIAL.search(request.headers.get("Authorization", ""))
        key_id, region, service = (m.group(1), m.group(2), m.group(3)) if m else (None, None, None)
        # "111111111111" is that account; "111111111111-admin" another user of it (its own
        # access key, e.g. for permission profiles); anything else is the default account.
        named = re.fullmatch(r"(\d{12})(?:-[\w.]+)?", key_id or "")
        account = named.group(1) if named else DEFAULT_ACCOUNT
        region = region or request.headers.get("X-Amz-Region-Set") or DEFAULT_REGION
        return service, account, region

    def _key_id(self, request: Request) -> str | None:
        m = _CREDENTIAL.search(request.headers.get("Authorization", ""))
        return m.group(1) if m else None

    def _protocol_of(self, request: Request) -> ServiceProtocol:
        scope_service = self._identity(request)[0]
        target = request.headers.get("X-Amz-Target")
        service = "partnercentral-channel" if target else (scope_service or "iotwireless")
        return self.protocols.get(service, self.protocols["iotwireless"])

    def _service(self, request: Request, environ: dict[str, Any]) -> Response:
        _, account, region = self._identity(request)
        target = request.headers.get("X-Amz-Target")
        proto = self._protocol_of(request)
        service = proto.model.service_name
        query = {k: request.args.getlist(k) for k in request.args}
        if proto.protocol == "query":  # the form in the body counts as parameters too
            form = parse_qs(request.get_data(as_text=True), keep_blank_values=True)
            for key, values in form.items():
                query.setdefault(key, []).extend(values)
        # Labels are matched on the path as sent (still percent-encoded) and decoded once, as
        # AWS does: an id holding "/" or "%2F" must not change the route.
        path = encoded_path(environ) or quote(request.path)
        try:
            op, labels = proto.operation_for(request.method, path, query, target)
        except ServiceError as err:
            return self._error(proto, err)
        with self.meta:
            self.calls[f"{service}:{op.name}"] += 1
            fault = self._take_fault(service, op.name, held=False)
            behaviour = self.behaviour
        try:
            self.permissions.check(self._key_id(request), service, op.name)
            self.rates.take(account, service, op.name, behaviour)
            if fault is not None:
                _before_running(fault, op.name)
            params = proto.parse(op, labels, query, dict(request.headers), request.get_data())
            violations = validate(op.input_shape, params) if op.input_shape is not None else []
            if violations:
                raise validation_error(
                    violations, with_field_list=service == "partnercentral-channel"
                )
            result, committed = self._run(
                service,
                proto,
                op,
                Context(account, region, self.store, self.clock, behaviour),
                params,
            )
            if service in omission.SERVICES:
                result = omission.omit_members(op.output_shape, result, behaviour.omit)
            status, headers, body = proto.serialize(op, result)
        except ServiceError as err:
            return self._error(proto, err)
        if fault is not None and fault.fault == "drop-response":
            drop_connection(environ)
        elif committed:
            # Held only after a call that committed something: a replayed token commits nothing,
            # so it is not the answer whose loss this fault plays (the next call may be).
            with self.meta:
                held = self._take_fault(service, op.name, held=True)
            if held is not None:
                time.sleep(held.delay_ms / 1000)  # committed; the answer waits
        return Response(body, status=status, headers=headers)

    def _run(
        self,
        service: str,
        proto: ServiceProtocol,
        op: OperationModel,
        ctx: Context,
        params: dict[str, Any],
    ) -> tuple[dict[str, Any], bool]:
        """The answer, and whether the call committed (False for a replayed token)."""
        handler = getattr(_SERVICES[service], xform_name(op.name), None)
        if handler is None:
            raise proto.not_implemented(op)
        self._play_create_conflict(service, op.name, ctx.behaviour)
        idempotency = Idempotency(service, op, ctx, params)
        with self.store.lock:
            try:
                replay = idempotency.replay()
                if replay is not None:
                    return replay, False
                result: dict[str, Any] = handler(ctx, params)
                idempotency.remember(result, self.store.created())
                self.store.commit()
                return result, True
            except sqlite3.OperationalError as exc:
                self.store.rollback()
                # Another process holds the state file: a retryable, modeled answer.
                LOG.warning("partnerlink-emulator: state file busy (%s); answered throttling", exc)
                raise ServiceError(
                    "ThrottlingException",
                    "The emulator's state file is locked by another process; retry",
                ) from None
            except BaseException:
                self.store.rollback()
                raise

    def _play_create_conflict(self, service: str, operation: str, behaviour: Behaviour) -> None:
        """``create_conflicts``: the first N calls of each creating operation conflict."""
        if not behaviour.create_conflicts or not creates(operation):
            return
        key = f"{service}:{operation}"
        with self.meta:
            if self.conflicts_played[key] >= behaviour.create_conflicts:
                return
            self.conflicts_played[key] += 1
        raise ServiceError(
            "ConflictException",
            f"{operation} conflicts with a concurrent change; retry "
            "(behaviour create_conflicts of the emulator)",
        )

    def _error(self, proto: ServiceProtocol, err: ServiceError) -> Response:
        # Keep the fields the error shape has (the two services spell them differently).
        shape = proto.error_shapes.get(err.code)
        if shape is not None:
            err.fields = {k: v for k, v in err.fields.items() if k in shape.members}
        status, headers, body = proto.serialize_error(err)
        return Response(body, status=status, headers=headers)

    def _take_fault(self, service: str, operation: str, held: bool) -> Fault | None:
        """The first fault matching the call: ``held`` picks delay-response faults (taken after
        the call committed), otherwise every other kind (taken before it runs)."""
        for fault in self.faults:
            if not fault.matches(service, operation) or (fault.fault == "delay-response") != held:
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
        return admin.serve(self, request)


# What a fault taken before an operation runs does: wait, or answer the model's error.
_FAULT_ERRORS = {
    "throttle": ("ThrottlingException", "Rate exceeded"),
    "internal-error": ("InternalServerException", "Internal failure"),
    "access-denied": ("AccessDeniedException", "User is not authorized to perform: {op}"),
    "validation-error": ("ValidationException", "The request failed validation ({op})"),
}


def _before_running(fault: Any, operation: str) -> None:
    if fault.fault == "delay":
        time.sleep(fault.delay_ms / 1000)
    elif fault.fault in _FAULT_ERRORS:
        code, message = _FAULT_ERRORS[fault.fault]
        raise ServiceError(code, f"{message.format(op=operation)} (fault injected by the emulator)")
