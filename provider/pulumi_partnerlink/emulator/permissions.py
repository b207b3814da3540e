"""Permission profiles: an IAM policy per access key, and AccessDenied for every other action.

AWS checks each call against the caller's IAM policies; the emulator, by default, allows
everything. A permission profile maps access key ids to IAM policy documents (``{"Version": ...,
"Statement": [{"Effect": "Allow", "Action": [...], "Resource": "*"}]}``, or just the list of
actions); a key the profile names may then call only what its ``Allow`` statements name
(``*`` and ``?`` wildcards, as IAM; ``Deny`` wins; ``Resource`` and conditions are not
evaluated). Keys the profile does not name stay unrestricted, unless it has a ``"*"`` entry.
The refusal is the service's modeled AccessDeniedException (``AccessDenied`` for STS), naming
the action, as AWS's does: ``User: ... is not authorized to perform: partnercentral:X``.

Set with ``Emulator(permissions=...)``, ``partnerlink-emulator --permissions FILE`` or
``POST /_emulator/permissions`` (``{}`` lifts it); ``reset`` keeps it.
"""

from __future__ import annotations

import fnmatch
import threading
from collections.abc import Mapping
from typing import Any

from .errors import ServiceError

# "No permissions are required to perform this operation" (STS GetCallerIdentity): even a
# policy that denies it explicitly cannot stop it.
ALWAYS = frozenset({"sts:GetCallerIdentity"})
# IAM's action prefix of each service (not always its signing name).
PREFIX = {"partnercentral-channel": "partnercentral", "iotwireless": "iotwireless", "sts": "sts"}


def _actions(statement: Mapping[str, Any], key: str) -> list[str]:
    value = statement.get(key) or []
    return [value] if isinstance(value, str) else [str(a) for a in value]


def parse_policy(doc: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(allowed, denied) action patterns of a policy document or a list of actions."""
    if isinstance(doc, list):
        return tuple(str(a) for a in doc), ()
    if not isinstance(doc, Mapping) or not isinstance(doc.get("Statement"), list | Mapping):
        raise ValueError("a permission is an IAM policy document (with Statement) or a list")
    statements = doc["Statement"]
    if isinstance(statements, Mapping):
        statements = [statements]
    allow: list[str] = []
    deny: list[str] = []
    for statement in statements:
        if not isinstance(statement, Mapping) or statement.get("Effect") not in ("Allow", "Deny"):
            raise ValueError("every Statement needs Effect Allow or Deny")
        (allow if statement["Effect"] == "Allow" else deny).extend(_actions(statement, "Action"))
    return tuple(allow), tuple(deny)


class Permissions:
    """The current profile (access key id -> (allowed, denied)), checked on every call."""

    def __init__(self, profile: Mapping[str, Any] | None = None) -> None:
        self._lock = threading.Lock()
        self._profile: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self.set(profile or {})

    def set(self, profile: Mapping[str, Any]) -> None:
        if not isinstance(profile, Mapping):
            raise ValueError("permissions: a JSON object of access key id -> policy")
        parsed = {str(key): parse_policy(doc) for key, doc in profile.items()}
        with self._lock:
            self._profile = parsed

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {k: {"allow": list(a), "deny": list(d)} for k, (a, d) in self._profile.items()}

    def check(self, key_id: str | None, service: str, operation: str) -> None:
        """AccessDenied unless ``key_id`` may call ``operation`` of ``service``."""
        with self._lock:
            rules = self._profile.get(key_id or "") or self._profile.get("*")
        if rules is None:
            return
        action = f"{PREFIX.get(service, service)}:{operation}"
        if action in ALWAYS:
            return
        allow, deny = rules
        matches = [p for p in allow if fnmatch.fnmatchcase(action.lower(), p.lower())]
        if matches and not any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in deny):
            return
        message = (
            f"User: arn:aws:iam::{key_id if key_id and key_id.isdigit() else '123456789012'}:"
            f"user/emulator is not authorized to perform: {action} because no identity-based "
            "policy allows the action"
        )
        raise ServiceError("AccessDenied" if service == "sts" else "AccessDeniedException", message)
