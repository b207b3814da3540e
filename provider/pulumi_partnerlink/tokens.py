"""Client-token derivation: the same create replays the same token; a new create gets a new one.

``derive_token(seed, identity, generation)`` is a pure function of the resource's seed (project,
stack and resource name), its create-identity inputs (those that force replacement) and a
generation counter. A ``pulumi up`` re-run after a lost response therefore replays the original
token and AWS returns the original result instead of creating a duplicate. After a replacement
the identity differs, so the token does. After destroy and re-create the identity is the same,
and AWS remembers tokens well after deletion; the provider notices the replay returned a dead
resource and steps to the next generation.

Tokens look like ``pl-<40 hex>-g<n>``: at most 64 characters and valid for both services'
patterns (iotwireless ``^[a-zA-Z0-9-_]+$``, partnercentral-channel ``[!-~]*``). Secret inputs
never go into a token.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import TypeVar

from .errors import ProviderError

T = TypeVar("T")

# Each destroy + re-create (or out-of-band delete + up) inside AWS's token window uses one more
# generation; each stale generation costs one create call and one read.
MAX_GENERATIONS = 16


class TokenConflict(Exception):
    """AWS refused the token: it was used before with other parameters, and nothing of ours with
    this identity is live (the caller checked). The token belongs to an earlier create."""


def derive_token(seed: str, identity: Sequence[str], generation: int = 0) -> str:
    digest = hashlib.sha256(json.dumps([seed, *identity]).encode()).hexdigest()[:40]
    return f"pl-{digest}-g{generation}"


def seed_for(project: str, stack: str, resource_name: str) -> str:
    return f"{project}/{stack}/{resource_name}"


def create_with_tokens(
    attempt: Callable[[str], T | None],
    seed: str,
    identity: Sequence[str],
    explicit: str | None,
    describe: str,
    noun: str,
) -> tuple[T, str]:
    """Run a create with the derived token, stepping generations while the token is spent.

    ``attempt(token)`` sends the create and returns the live result; it returns None when AWS
    replayed an answer for a resource that no longer exists, and raises ``TokenConflict`` when AWS
    says the token was used with other parameters while nothing of ours is live. Both mean the
    derived token belongs to an earlier create: step to the next generation. With an explicit
    ``client_token`` there is nothing to step to: the user gets the cause and the fix.
    ``describe`` is the error prefix (``creating <Resource> (<id>)``).
    """
    for generation in range(MAX_GENERATIONS):
        token = explicit or derive_token(seed, identity, generation)
        try:
            result = attempt(token)
        except TokenConflict:
            if explicit:
                raise ProviderError(
                    f"{describe}: client_token {explicit} was already used with other "
                    f"parameters (an earlier create of a {noun} with other inputs). Set another "
                    "client_token, or remove it to let the provider derive one"
                ) from None
            continue
        if result is not None:
            return result, token
        if explicit:
            raise ProviderError(
                f"{describe}: client_token {explicit} was already used for a {noun} that no "
                "longer exists (AWS replays the old answer). Set another client_token, or remove "
                "it to let the provider derive one"
            )
    raise ProviderError(
        f"{describe}: {MAX_GENERATIONS} client-token generations were all spent by earlier "
        f"creates of this {noun}; set client_token explicitly"
    )
