"""The admin API under ``/_emulator/``, routed from one table (method, path) -> handler.

Each handler takes the app and the JSON body and returns ``(document, status)``. The app is
seen through ``AdminHost`` (what the admin API reads and changes), so this module never imports
``app``: ``app`` imports this one, not the other way round.
"""

from __future__ import annotations

import dataclasses
import json
import math
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any, Protocol

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.wrappers import Request, Response

from . import iotwireless, sts
from .behaviour import Behaviour
from .context import DEFAULT_ACCOUNT, DEFAULT_REGION, Context
from .errors import ServiceError
from .faults import Fault, parse_fault
from .permissions import Permissions
from .quotas import Rates
from .state import Clock, Store, to_iso

Answer = tuple[Any, int]


class AdminHost(Protocol):
    """What the admin API needs of the app (``app.EmulatorApp`` is one)."""

    protocols: dict[str, Any]
    store: Store
    clock: Clock
    calls: Counter[str]
    faults: list[Fault]
    behaviour: Behaviour
    initial_behaviour: Behaviour  # what reset returns to
    conflicts_played: Counter[str]
    rates: Rates  # the request-rate buckets and how many calls they throttled
    permissions: Permissions  # IAM policies per access key (kept by reset)
    meta: threading.Lock  # guards calls, faults, the behaviour and its counters


def _health(app: AdminHost, body: dict[str, Any]) -> Answer:
    now = to_iso(app.clock.now())
    return {"status": "ok", "services": sorted(app.protocols), "now": now}, 200


def _calls(app: AdminHost, body: dict[str, Any]) -> Answer:
    with app.meta:
        return {
            "calls": dict(sorted(app.calls.items())),
            "throttled": dict(sorted(app.rates.throttled.items())),
        }, 200


def _reset(app: AdminHost, body: dict[str, Any]) -> Answer:
    with app.store.lock, app.meta:
        app.store.reset()
        app.calls.clear()
        app.faults.clear()
        app.clock = Clock()
        app.behaviour = app.initial_behaviour
        app.conflicts_played.clear()
        app.rates.clear()
    return {"reset": True}, 200


def _faults(app: AdminHost) -> Answer:
    return {"faults": [dataclasses.asdict(f) for f in app.faults]}, 200


def _list_faults(app: AdminHost, body: dict[str, Any]) -> Answer:
    with app.meta:
        return _faults(app)


def _add_fault(app: AdminHost, body: dict[str, Any]) -> Answer:
    fault = parse_fault(body)
    with app.meta:
        app.faults.append(fault)
        return _faults(app)


def _clear_faults(app: AdminHost, body: dict[str, Any]) -> Answer:
    with app.meta:
        app.faults.clear()
    return {"faults": []}, 200


def _clock(app: AdminHost, body: dict[str, Any]) -> Answer:
    seconds = body.get("advance_seconds")
    if (
        not isinstance(seconds, int | float)
        or isinstance(seconds, bool)
        or not math.isfinite(seconds)
        or seconds < 0
    ):
        return {"error": "advance_seconds must be a number >= 0"}, 400
    app.clock.advance(seconds)
    return {"now": to_iso(app.clock.now())}, 200


def _account_linked(app: AdminHost, body: dict[str, Any]) -> Answer:
    for key in ("amazon_id", "account", "region"):
        if key in body and not (isinstance(body[key], str) and body[key]):
            raise ValueError(f"{key} must be a non-empty string")
    if not isinstance(body.get("amazon_id"), str):
        raise ValueError("amazon_id is required (the Sidewalk AmazonId)")
    if not isinstance(body.get("linked", True), bool):
        raise ValueError("linked must be true or false")
    ctx = Context(
        body.get("account", DEFAULT_ACCOUNT),
        body.get("region", DEFAULT_REGION),
        app.store,
        app.clock,
        app.behaviour,
    )
    with app.store.lock:
        result = iotwireless.admin_set_account_linked(
            ctx, body["amazon_id"], body.get("linked", True)
        )
        app.store.commit()
    return result, 200


def _behaviour_doc(behaviour: Behaviour) -> dict[str, Any]:
    return {
        "behaviour": behaviour.knobs(),
        "profile": behaviour.profile(),
        "spec": behaviour.spec(),
    }


def _get_behaviour(app: AdminHost, body: dict[str, Any]) -> Answer:
    with app.meta:
        return _behaviour_doc(app.behaviour), 200


def _set_behaviour(app: AdminHost, body: dict[str, Any]) -> Answer:
    """Merge knobs into the current behaviour; ``"profile"`` starts from the defaults instead,
    ``"reset": true`` from the behaviour the emulator started with."""
    knobs = dict(body)
    reset = knobs.pop("reset", False)
    if not isinstance(reset, bool):
        raise ValueError("reset must be true or false")
    if reset and "profile" in knobs:
        raise ValueError("give reset or profile, not both (a profile starts from the defaults)")
    with app.meta:
        if reset:
            base = app.initial_behaviour
        elif "profile" in knobs:
            base = Behaviour()
        else:
            base = app.behaviour
        app.behaviour = Behaviour.parse(knobs, base)
        app.conflicts_played.clear()
        return _behaviour_doc(app.behaviour), 200


def _get_permissions(app: AdminHost, body: dict[str, Any]) -> Answer:
    return {"permissions": app.permissions.describe()}, 200


def _set_permissions(app: AdminHost, body: dict[str, Any]) -> Answer:
    app.permissions.set(body)
    return _get_permissions(app, {})


def _sts_sessions(app: AdminHost, body: dict[str, Any]) -> Answer:
    return {"sessions": list(app.store.scan(sts.SESSIONS))}, 200


ROUTES: dict[tuple[str, str], Callable[[AdminHost, dict[str, Any]], Answer]] = {
    ("GET", "health"): _health,
    ("GET", "calls"): _calls,
    ("POST", "reset"): _reset,
    ("GET", "faults"): _list_faults,
    ("POST", "faults"): _add_fault,
    ("DELETE", "faults"): _clear_faults,
    ("POST", "clock"): _clock,
    ("POST", "iotwireless/account-linked"): _account_linked,
    ("GET", "sts/sessions"): _sts_sessions,
    ("GET", "permissions"): _get_permissions,
    ("POST", "permissions"): _set_permissions,
    ("GET", "behaviour"): _get_behaviour,
    ("POST", "behaviour"): _set_behaviour,
}


def answer(doc: Any, status: int = 200) -> Response:
    return Response(json.dumps(doc), status=status, mimetype="application/json")


def _body(request: Request) -> dict[str, Any]:
    """The JSON object sent, whatever Content-Type came with it (``curl -d`` sends form)."""
    data = request.get_data()
    if not data.strip():
        return {}
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        raise ValueError("the body must be JSON: a JSON object") from None
    if not isinstance(doc, dict):
        raise ValueError(f"the body must be a JSON object, not a JSON {type(doc).__name__}")
    return doc


def serve(app: AdminHost, request: Request) -> Response:
    route = (request.method, request.path.removeprefix("/_emulator/").rstrip("/"))
    try:
        handler = ROUTES.get(route)
        if handler is None:
            if any(route[1] == path for _, path in ROUTES):
                raise MethodNotAllowed()
            raise NotFound()
        return answer(*handler(app, _body(request)))
    except ServiceError as err:
        status = 404 if "NotFound" in err.code else 400
        return answer({"error": err.code, "message": err.message}, status)
    except ValueError as err:
        return answer({"error": str(err)}, 400)
    except HTTPException as err:
        routes = [" ".join(r) for r in ROUTES]
        return answer({"error": err.name, "routes": routes}, err.code or 400)
