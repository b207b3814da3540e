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
from collections.abc import Sequence

MAX_GENERATIONS = 5


def derive_token(seed: str, identity: Sequence[str], generation: int = 0) -> str:
    digest = hashlib.sha256(json.dumps([seed, *identity]).encode()).hexdigest()[:40]
    return f"pl-{digest}-g{generation}"


def seed_for(project: str, stack: str, resource_name: str) -> str:
    return f"{project}/{stack}/{resource_name}"
