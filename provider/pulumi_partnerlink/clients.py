"""boto3 (botocore) clients for provider settings: made lazily, cached per settings, paced.

The region is ``partnerlink:region``, else the AWS chain's (``AWS_REGION``,
``AWS_DEFAULT_REGION``, the profile's ``region``), else us-east-1 (``region_of``). The Partner
Central Channel endpoint is global (``partnercentral-channel.global.api.aws``, signed for
us-east-1, whatever the region: botocore's endpoint rules say so); IoT Wireless is regional.
Calls with a documented rate are paced (``pacing``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import models, pacing
from .config import ProviderSettings

if TYPE_CHECKING:
    import botocore.session
    from botocore.config import Config as BotoConfig

DEFAULT_REGION = "us-east-1"
_lock = threading.Lock()


_clients: dict[tuple[ProviderSettings, str], Any] = {}


def client(settings: ProviderSettings, service: str) -> Any:
    """A boto3 (botocore) client for ``service`` with these settings, created once per process."""
    key = (settings, service)
    with _lock:
        found = _clients.get(key)
        if found is None:
            session = _session(settings)
            _quota_errors_final(session, service)
            found = session.create_client(
                service,
                region_name=_region(settings, session),
                endpoint_url=settings.endpoint,
                config=_boto_config(settings),
            )
            if settings.pacing:
                pacing.install(found)
            _clients[key] = found
        return found


def _boto_config(settings: ProviderSettings) -> BotoConfig:
    from botocore.config import Config as BotoConfig

    retries: Any = {"mode": settings.retry_mode, "total_max_attempts": settings.max_attempts}
    return BotoConfig(retries=retries, user_agent_extra="pulumi-partnerlink")


_sessions: dict[ProviderSettings, botocore.session.Session] = {}


def _session(settings: ProviderSettings) -> botocore.session.Session:
    """The botocore session of these settings (a boto3 ``Session`` without boto3's import): the
    AWS chain, or the ``assume_role`` role's credentials, fetched and refreshed. Under _lock."""
    import botocore.session
    from botocore.credentials import AssumeRoleCredentialFetcher, DeferredRefreshableCredentials

    found = _sessions.get(settings)
    if found is not None:
        return found
    profile = None if settings.access_key else settings.profile
    base = botocore.session.Session(profile=profile)
    base.register_component("data_loader", models.loader())  # parsed once a process
    if settings.access_key is not None and settings.secret_key is not None:  # both or neither
        base.set_credentials(settings.access_key, settings.secret_key, settings.session_token)
    if settings.region:
        base.set_config_variable("region", settings.region)
    if not settings.assume_role:
        _sessions[settings] = base
        return base
    extra = dict(settings.assume_role)
    role_arn = extra.pop("RoleArn")
    if "Tags" in extra:
        extra["Tags"] = [{"Key": k, "Value": v} for k, v in extra["Tags"]]

    def sts_client(service: str, **kw: Any) -> Any:
        return base.create_client(
            service,
            endpoint_url=settings.endpoint,
            region_name=_region(settings, base),
            config=_boto_config(settings),
            **kw,
        )

    fetcher = AssumeRoleCredentialFetcher(
        client_creator=sts_client,
        source_credentials=base.get_credentials(),
        role_arn=role_arn,
        extra_args=extra,
    )
    credentials = DeferredRefreshableCredentials(
        method="assume-role", refresh_using=fetcher.fetch_credentials
    )
    session = botocore.session.Session(profile=profile)
    # botocore's own assume-role profiles install refreshable credentials the same way
    session._credentials = credentials  # type: ignore[attr-defined]
    if settings.region:
        session.set_config_variable("region", settings.region)
    _sessions[settings] = session
    return session


def _region(settings: ProviderSettings, session: botocore.session.Session) -> str:
    # AWS_REGION first, as the AWS CLI v2 and the other SDKs read it (botocore reads only
    # AWS_DEFAULT_REGION and the profile's region, its config variable "region").
    chain = os.environ.get("AWS_REGION") or session.get_config_variable("region")
    return settings.region or chain or DEFAULT_REGION


def region_of(settings: ProviderSettings) -> str:
    """The region calls with these settings go to (see the module docstring)."""
    with _lock:
        return _region(settings, _session(settings))


def pages(api: Any, method: str, **params: Any) -> Iterator[dict[str, Any]]:
    """Every page of a listing: botocore's paginator where the model has one (it stops on a
    repeated page token), else the same loop by hand with the same guard. A short or empty page
    with a next-page token is followed, never taken for the end."""
    if api.can_paginate(method):
        size = params.pop("maxResults", None) or params.pop("MaxResults", None)
        config = {"PageSize": size} if size else {}
        yield from api.get_paginator(method).paginate(**params, PaginationConfig=config)
        return
    seen: set[str] = set()
    while True:
        page = getattr(api, method)(**params)
        yield page
        member = "nextToken" if "nextToken" in page else "NextToken"
        token = page.get(member)
        if not token:
            return
        if token in seen:
            raise RuntimeError(f"{method}: AWS answered the same page token twice ({token[:40]})")
        seen.add(token)
        params[member] = token


# Errors the model marks retryable that retrying cannot help: a quota reached (AWS's
# partnercentral-channel model marks ServiceQuotaExceededException retryable, so botocore's
# standard and adaptive modes would send the create 4 more times). Not retried: a clear error.
FINAL_ERRORS = ("ServiceQuotaExceededException",)


def _quota_errors_final(session: botocore.session.Session, service: str) -> None:
    """Drop the ``retryable`` trait of ``FINAL_ERRORS`` from the session's copy of the model."""
    model = session.get_component("data_loader").load_service_model(service, "service-2")
    for name in FINAL_ERRORS:
        shape = model.get("shapes", {}).get(name)
        if isinstance(shape, dict):
            shape.pop("retryable", None)
