"""Provider settings from stack config ``partnerlink:*``, and boto3 clients cached per settings.

| key | default | meaning |
| --- | --- | --- |
| ``partnerlink:region`` | ``us-east-1`` | AWS region |
| ``partnerlink:profile`` | (AWS chain) | named profile from ~/.aws/config |
| ``partnerlink:endpoint`` | (AWS) | endpoint URL, e.g. the offline emulator |
| ``partnerlink:retryMode`` | ``standard`` | botocore retry mode: standard, adaptive or legacy |
| ``partnerlink:maxAttempts`` | ``5`` | total attempts per call, first one included (1-50) |
| ``partnerlink:defaultTags`` | (none) | tags every taggable resource gets; its own tags win |

Credentials come from the standard AWS chain (environment, profiles, SSO, instance roles).
Settings are read in the provider's ``configure()``; clients are created lazily and cached per
settings in the provider process. Nothing here is stored on the pickled provider.
"""

from __future__ import annotations

import difflib
import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config as BotoConfig

RETRY_MODES = ("standard", "adaptive", "legacy")
NAMESPACE = "partnerlink:"
KEYS = ("region", "profile", "endpoint", "retryMode", "maxAttempts", "defaultTags")
MAX_ATTEMPTS = 50
# aws partitions' region names: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ...
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")


def _default_tags(raw: Any) -> tuple[tuple[str, str], ...]:
    """``partnerlink:defaultTags``: a map of strings (structured config arrives as JSON)."""
    if raw is None:
        return ()
    tags = raw
    if isinstance(raw, str):
        try:
            tags = json.loads(raw)
        except ValueError:
            tags = None
    if not isinstance(tags, Mapping) or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in tags.items()
    ):
        raise ValueError(
            "partnerlink:defaultTags must be a map of strings, e.g. "
            "pulumi config set --path 'partnerlink:defaultTags.team' platform"
        )
    return tuple(sorted(tags.items()))


def unknown_keys(config: Mapping[str, Any]) -> list[str]:
    """Problems with ``partnerlink:*`` keys that are not settings (a typo: "did you mean")."""
    problems = []
    for key in sorted(config):
        if not key.startswith(NAMESPACE) or key[len(NAMESPACE) :] in KEYS:
            continue
        name = key[len(NAMESPACE) :]
        close = difflib.get_close_matches(name, KEYS, n=1, cutoff=0.6)
        hint = f"; did you mean {NAMESPACE}{close[0]}?" if close else ""
        problems.append(
            f"{key} is not a setting of partnerlink (settings: "
            f"{', '.join(NAMESPACE + k for k in KEYS)}){hint}"
        )
    return problems


@dataclass(frozen=True)
class ProviderSettings:
    region: str = "us-east-1"
    profile: str | None = None
    endpoint: str | None = None
    retry_mode: str = "standard"
    max_attempts: int = 5
    # Tags every taggable resource gets under its own (a resource's tags win), as pairs.
    default_tags: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_config(cls, get: Any) -> ProviderSettings:
        """Settings from a ``key -> value`` getter over ``partnerlink:*`` stack config."""

        def value(key: str) -> Any:
            v = get(f"partnerlink:{key}")
            return None if v in (None, "") else v

        retry_mode = value("retryMode") or "standard"
        if retry_mode not in RETRY_MODES:
            raise ValueError(
                f"partnerlink:retryMode must be one of {', '.join(RETRY_MODES)}, "
                f"not {str(retry_mode)[:40]!r}"
            )
        raw_attempts = value("maxAttempts") or 5
        try:
            max_attempts = int(raw_attempts)
        except (TypeError, ValueError):
            max_attempts = 0
        if not 1 <= max_attempts <= MAX_ATTEMPTS or str(max_attempts) != str(raw_attempts):
            raise ValueError(
                f"partnerlink:maxAttempts must be a whole number from 1 to {MAX_ATTEMPTS}, "
                f"not {str(raw_attempts)[:40]!r}"
            )
        region = value("region") or "us-east-1"
        if not isinstance(region, str) or not REGION.match(region):
            raise ValueError(
                f"partnerlink:region must be an AWS region such as us-east-1, "
                f"not {str(region)[:40]!r}"
            )
        endpoint = value("endpoint")
        if endpoint is not None:
            parts = urlsplit(str(endpoint))
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(
                    "partnerlink:endpoint must be an http(s) URL such as "
                    f"http://127.0.0.1:4599, not {str(endpoint)[:60]!r}"
                )
        return cls(
            region=region,
            profile=value("profile"),
            endpoint=endpoint,
            retry_mode=retry_mode,
            max_attempts=max_attempts,
            default_tags=_default_tags(value("defaultTags")),
        )

    def with_connection(self, connection: Mapping[str, Any] | None) -> ProviderSettings:
        """These settings with a resource's ``connection`` override (profile, region, endpoint).

        This is how one program acts as two accounts: the receiver's resources name another
        profile. Credentials always come from the AWS chain for that profile, never from state.
        """
        if not connection:
            return self
        changes = {k: connection[k] for k in ("profile", "region", "endpoint") if connection.get(k)}
        return replace(self, **changes)


_clients: dict[tuple[ProviderSettings, str], Any] = {}
_lock = threading.Lock()


def client(settings: ProviderSettings, service: str) -> Any:
    """A boto3 client for ``service`` with these settings, created once per process."""
    key = (settings, service)
    with _lock:
        found = _clients.get(key)
        if found is None:
            session: Any = boto3.session.Session(
                profile_name=settings.profile, region_name=settings.region
            )
            retries: Any = {
                "mode": settings.retry_mode,
                "total_max_attempts": settings.max_attempts,
            }
            found = session.client(
                service,
                endpoint_url=settings.endpoint,
                config=BotoConfig(retries=retries, user_agent_extra="pulumi-partnerlink"),
            )
            _clients[key] = found
        return found
