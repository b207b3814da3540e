"""AWS behaviours the documentation allows, injected at the boto3 boundary (not the emulator).

``PARTNERLINK_INJECT`` (JSON) turns on, in every process whose PYTHONPATH has
``tests/support/inject_site`` (the program, the provider host), botocore event handlers on every
client:

- ``list_lag``: seconds; ``List*`` answers leave out items created less than that long ago.
- ``get_lag``: seconds; ``GetRelationship`` answers ResourceNotFoundException for a
  relationship created less than that long ago.
- ``omit``: member names removed from every answer, at any depth (e.g. ``["Arn"]``).
- ``log``: a file; every request's operation and client token is appended as a JSON line, so a
  test counts the client tokens a whole ``pulumi up`` sent, across processes.

This is how a user would find out how the provider behaves on an AWS that is not our emulator:
the emulator itself stays at its defaults.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import threading
from pathlib import Path
from typing import Any

import botocore.session
from botocore.exceptions import ClientError

ENV = "PARTNERLINK_INJECT"
SITE = Path(__file__).resolve().parent / "inject_site"
_lock = threading.Lock()


def env_for(**behaviour: Any) -> dict[str, str]:
    """The environment that injects ``behaviour`` into every Python process of a CLI run."""
    from tests.support.engine import ROOT

    path = [str(SITE), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {ENV: json.dumps(behaviour), "PYTHONPATH": os.pathsep.join(path)}


def requests(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def tokens(log: Path, operation: str) -> set[str]:
    """The distinct client tokens sent with ``operation`` (as logged)."""
    return {r["token"] for r in requests(log) if r["op"] == operation and r.get("token")}


def _young(item: Any, lag: float) -> bool:
    created = item.get("createdAt") if isinstance(item, dict) else None
    if not isinstance(created, _dt.datetime):
        return False
    now = _dt.datetime.now(_dt.timezone.utc)
    return bool((now - created).total_seconds() < lag)


def _omit(value: Any, names: set[str]) -> None:
    if isinstance(value, dict):
        for name in names & set(value):
            if name != "ResponseMetadata":
                del value[name]
        for v in value.values():
            _omit(v, names)
    elif isinstance(value, list):
        for v in value:
            _omit(v, names)


class Behaviour:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.list_lag = float(spec.get("list_lag") or 0)
        self.get_lag = float(spec.get("get_lag") or 0)
        self.omit = set(spec.get("omit") or ())
        self.log = spec.get("log")

    def before(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if not self.log:
            return
        token = params.get("clientToken") or params.get("ClientRequestToken")
        line = json.dumps({"op": model.name, "token": token, "pid": os.getpid()})
        with _lock, open(self.log, "a") as f:
            f.write(line + "\n")

    def after(self, http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if getattr(http_response, "status_code", 200) >= 300:
            return
        if self.list_lag and model.name.startswith("List"):
            for key in ("items", "Sidewalk"):
                if isinstance(parsed.get(key), list):
                    parsed[key] = [i for i in parsed[key] if not _young(i, self.list_lag)]
        young = _young(parsed.get("relationshipDetail"), self.get_lag)
        if self.get_lag and model.name == "GetRelationship" and young:
            raise ClientError(
                {
                    "Error": {"Code": "ResourceNotFoundException", "Message": "not yet"},
                    "ResponseMetadata": {"HTTPStatusCode": 404},
                },
                model.name,
            )
        if self.omit:
            _omit(parsed, self.omit)


def install(spec: dict[str, Any]) -> None:
    behaviour = Behaviour(spec)
    original = botocore.session.Session.create_client

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        client.meta.events.register("before-parameter-build", behaviour.before)
        client.meta.events.register("after-call", behaviour.after)
        return client

    botocore.session.Session.create_client = create_client  # type: ignore[method-assign]


def install_from_env() -> None:
    install(json.loads(os.environ[ENV]))
