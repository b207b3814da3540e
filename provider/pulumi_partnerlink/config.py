"""Provider settings from stack config ``partnerlink:*``, and boto3 clients cached per settings.

| key | default | meaning |
| --- | --- | --- |
| ``partnerlink:region`` | ``us-east-1`` | AWS region |
| ``partnerlink:profile`` | (AWS chain) | named profile from ~/.aws/config |
| ``partnerlink:endpoint`` | (AWS) | endpoint URL, e.g. the offline emulator |
| ``partnerlink:retryMode`` | ``standard`` | botocore retry mode: standard, adaptive or legacy |
| ``partnerlink:maxAttempts`` | ``5`` | total attempts per call, first one included |

Credentials come from the standard AWS chain (environment, profiles, SSO, instance roles).
Settings are read in the provider's ``configure()``; clients are created lazily and cached per
settings in the provider process. Nothing here is stored on the pickled provider.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

RETRY_MODES = ("standard", "adaptive", "legacy")


@dataclass(frozen=True)
class ProviderSettings:
    region: str = "us-east-1"
    profile: str | None = None
    endpoint: str | None = None
    retry_mode: str = "standard"
    max_attempts: int = 5

    @classmethod
    def from_config(cls, get: Any) -> ProviderSettings:
        """Settings from a ``key -> value`` getter over ``partnerlink:*`` stack config."""

        def value(key: str) -> Any:
            v = get(f"partnerlink:{key}")
            return None if v in (None, "") else v

        retry_mode = value("retryMode") or "standard"
        if retry_mode not in RETRY_MODES:
            raise ValueError(f"partnerlink:retryMode must be one of {', '.join(RETRY_MODES)}")
        max_attempts = int(value("maxAttempts") or 5)
        if max_attempts < 1:
            raise ValueError("partnerlink:maxAttempts must be at least 1")
        return cls(
            region=value("region") or "us-east-1",
            profile=value("profile"),
            endpoint=value("endpoint"),
            retry_mode=retry_mode,
            max_attempts=max_attempts,
        )


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
