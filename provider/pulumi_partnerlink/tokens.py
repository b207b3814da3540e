"""Client-token derivation: the same create replays the same token; a new create gets a new one.

``derive_token(seed, identity, generation)`` is a pure function of the resource's seed (project,
stack, the stack's own random material and resource name: ``seed_for``), its create-identity
inputs (those that force replacement) and a generation counter. A ``pulumi up`` re-run after a
lost response therefore replays the original token and AWS returns the original result instead
of creating a duplicate. After a replacement
the identity differs, so the token does. After destroy and re-create the identity is the same,
and AWS remembers tokens well after deletion; the provider steps to the next generation when AWS
shows the replayed object dead, or where a second create cannot duplicate the object (AWS keeps
one per natural key: the next token settles it), never merely because a read did not find it
(see ``consistency`` and ``core.creating``).

Tokens look like ``pl-<40 hex>-g<n>``: at most 64 characters and valid for both services'
patterns (iotwireless ``^[a-zA-Z0-9-_]+$``, partnercentral-channel ``[!-~]*``). Secret inputs
never go into a token.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from .consistency import Attempt, warn
from .errors import ProviderError

T = TypeVar("T")

# Each destroy + re-create (or out-of-band delete + up) inside AWS's token window that AWS proves
# dead uses one more generation; each costs one create call and one read.
MAX_GENERATIONS = 16


def derive_token(seed: str, identity: Sequence[str], generation: int = 0) -> str:
    digest = hashlib.sha256(json.dumps([seed, *identity]).encode()).hexdigest()[:40]
    return f"pl-{digest}-g{generation}"


def seed_for(project: str, stack: str, resource_name: str, root: str | None = None) -> str:
    """The seed of a resource's tokens: project, stack, resource name, and (when the project
    root is known) the stack's own random material (see ``stack_material``)."""
    material = stack_material(root, stack) if root else None
    stack_part = f"{stack}@{material}" if material else stack
    return f"{project}/{stack_part}/{resource_name}"


_STACK_CONFIG_DIR = re.compile(r"^stackConfigDir:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.MULTILINE)
_MATERIAL = re.compile(r"^(encryptionsalt|encryptedkey):\s*['\"]?([^\s'\"]+)", re.MULTILINE)
_materials: dict[tuple[str, str], str | None] = {}


def stack_material(root: str | None, stack: str) -> str | None:
    """What tells this stack from another of the same project and stack name: a digest of the
    random secrets material ``pulumi stack init`` writes into ``Pulumi.<stack>.yaml`` (the
    passphrase provider's ``encryptionsalt``, a cloud KMS provider's ``encryptedkey``). Two
    engineers' ``dev`` stacks on two backends, or two organisations' stacks, have different
    ones, so their tokens differ and neither replays the other's objects. None when the file has
    none (Pulumi Cloud's own secrets manager: its organisation/project/stack names are unique)."""
    if not root or not stack:
        return None
    key = (root, stack)
    if key not in _materials:
        found = _MATERIAL.search(_read(_settings_file(root, stack.rsplit("/", 1)[-1])))
        _materials[key] = (
            hashlib.sha256(found.group(2).encode()).hexdigest()[:16] if found else None
        )
    return _materials[key]


def _not_sent(describe: str, why: str, token: str, noun: str) -> ProviderError:
    return ProviderError(
        f"{describe}: {why}. A new client token would send a new {noun}, and nothing proves the "
        f"one of {token} gone, so none is sent (a {noun} reaches a partner, and AWS allows 5 "
        f"of a type a day to one receiver). Run `pulumi up` again later: it replays {token} "
        f"and finds the {noun} once AWS shows it. If you know it was removed, set client_token "
        f"to send a new {noun}"
    )


def create_with_tokens(
    attempt: Callable[[str], Attempt[T]],
    seed: str,
    identity: Sequence[str],
    explicit: str | None,
    describe: str,
    noun: str,
    unproven_steps: int = 1,
) -> tuple[T, str]:
    """Run a create with the derived token; a new token only when AWS proved the old one spent.

    ``attempt(token)`` sends the create and says what AWS showed (``consistency.Attempt``):
    the live object; its object dead (the next generation, up to ``MAX_GENERATIONS``); or
    nothing provable. On unproven grounds at most ``unproven_steps`` (1; 0 for handshakes,
    which reach a partner) new token per resource per ``up``, with a warning; then a clear
    error. An explicit ``client_token`` has nothing to step to. ``describe``: the error prefix.
    """
    unproven_step: str | None = None
    for generation in range(MAX_GENERATIONS):
        token = explicit or derive_token(seed, identity, generation)
        result = attempt(token)
        if result.live is not None:
            return result.live, token
        if result.dead is not None:
            if explicit:
                raise ProviderError(
                    f"{describe}: client_token {explicit} was already used for a {noun} that no "
                    f"longer exists ({result.dead}; AWS replays the old answer). Set another "
                    "client_token, or remove it to let the provider derive one"
                )
            continue
        why = result.unproven or f"AWS has not shown the {noun}"
        if explicit:
            raise ProviderError(
                f"{describe}: {why}. AWS may simply not show it yet: run `pulumi up` again, it "
                f"replays client_token {explicit} and finds the {noun} once AWS shows it (if AWS "
                "keeps refusing the token, set another client_token)"
            )
        if not unproven_steps:
            raise _not_sent(describe, why, token, noun)
        if unproven_step is not None:
            raise ProviderError(
                f"{describe}: {why}; earlier in this update, {unproven_step}. AWS may not show "
                f"the {noun} yet: run `pulumi up` again (it replays the same client tokens, so "
                "nothing is duplicated), raise partnerlink:consistencyBudget if AWS is slow, or "
                "set client_token to force a new create"
            )
        following = derive_token(seed, identity, generation + 1)
        unproven_step = f"{why}, so client token {token} was taken for spent"
        warn(
            f"{describe}: {why}. Taking client token {token} for spent (an earlier create of "
            f"this {noun}, deleted since) and sending {following}. If the {noun} of {token} "
            "appears later, it is a second one: delete it"
        )
    raise ProviderError(
        f"{describe}: {MAX_GENERATIONS} client-token generations were all spent by earlier "
        f"creates of this {noun} that AWS shows dead; set client_token explicitly"
    )


def _read(path: str | None) -> str:
    try:
        with open(path or "", encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def _settings_file(start: str, stack: str) -> str | None:
    """``Pulumi.<stack>.yaml`` of the project at or above ``start`` (a provider runs in the
    program's directory, which ``main`` may put below the project's root), in the project's
    ``stackConfigDir`` if it names one."""
    here = os.path.abspath(start)
    while True:
        for name in ("Pulumi.yaml", "Pulumi.yml"):
            project = os.path.join(here, name)
            if os.path.isfile(project):
                moved = _STACK_CONFIG_DIR.search(_read(project))
                folder = os.path.join(here, moved.group(1).strip()) if moved else here
                return os.path.join(folder, f"Pulumi.{stack}.yaml")
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
