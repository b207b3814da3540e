"""Provider settings from stack config ``partnerlink:*``, and boto3 clients cached per settings.

| key | default | meaning |
| --- | --- | --- |
| ``partnerlink:region`` | (AWS chain, else ``us-east-1``) | AWS region |
| ``partnerlink:profile`` | (AWS chain) | named profile from ~/.aws/config |
| ``partnerlink:endpoint`` | (AWS) | endpoint URL, e.g. the offline emulator |
| ``partnerlink:catalog`` | ``AWS`` | catalog of channel resources that set none |
| ``partnerlink:pacing`` | ``true`` | pace calls to AWS's documented request rates (``pacing``) |
| ``partnerlink:retryMode`` | ``standard`` | botocore retry mode: standard, adaptive or legacy |
| ``partnerlink:maxAttempts`` | ``5`` | total attempts per call, first one included (1-50) |
| ``partnerlink:defaultTags`` | (none) | tags every taggable resource gets; its own tags win |
| ``partnerlink:assumeRole`` | (none) | ``{roleArn, sessionName, externalId, ...}``: act as a role |

Credentials come from the AWS chain (environment, profiles, SSO, instance roles); so does the
region when ``partnerlink:region`` is not set (``AWS_REGION``, ``AWS_DEFAULT_REGION``, the
profile's ``region``), else us-east-1. Settings are read in ``configure()``; clients are made
lazily in ``clients``, cached per settings, never pickled.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

RETRY_MODES = ("standard", "adaptive", "legacy")
NAMESPACE = "partnerlink:"
CREDENTIAL_KEYS = ("accessKey", "secretKey", "token")  # only ever as secrets
KEYS = (
    "region",
    "profile",
    "endpoint",
    "retryMode",
    "maxAttempts",
    "defaultTags",
    "assumeRole",
    "consistencyBudget",
    "catalog",
    "pacing",
    *CREDENTIAL_KEYS,
)
CATALOGS = ("AWS", "Sandbox")
# How long AWS may take to show our own write (seconds): absence within it is "not visible yet".
DEFAULT_CONSISTENCY_BUDGET = 30.0
MAX_CONSISTENCY_BUDGET = 3600.0
ROLE_FIELDS = {
    "roleArn": "RoleArn",
    "sessionName": "RoleSessionName",
    "externalId": "ExternalId",
    "durationSeconds": "DurationSeconds",
    "sourceIdentity": "SourceIdentity",
    "tags": "Tags",
}
ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,64}$")
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
        isinstance(k, str) and k and _scalar(v) for k, v in tags.items()
    ):
        raise ValueError(
            "partnerlink:defaultTags must be a map of strings, e.g. "
            "pulumi config set --path 'partnerlink:defaultTags.team' platform"
        )
    reserved = sorted(k for k in tags if k.lower().startswith("aws:"))
    if reserved:
        raise ValueError(
            f"partnerlink:defaultTags key {reserved[0][:40]!r} uses the prefix 'aws:', "
            "which AWS reserves"
        )
    return tuple(sorted((k, _tag_value(v)) for k, v in tags.items()))


def _scalar(value: Any) -> bool:
    # `pulumi config set --path 'partnerlink:defaultTags.costCenter' 1234` stores a number
    # (and `true` a boolean): as a tag value it means the text the user typed.
    return isinstance(value, (str, int, float, bool))


def _tag_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _available_profiles() -> list[str]:
    """The profiles of the AWS config and credentials files (read once per pair of files)."""
    env = os.environ
    return _profiles_in(env.get("AWS_CONFIG_FILE"), env.get("AWS_SHARED_CREDENTIALS_FILE"))


@functools.lru_cache(maxsize=8)
def _profiles_in(_config_file: str | None, _credentials_file: str | None) -> list[str]:
    import botocore.session

    return list(botocore.session.Session().available_profiles)


def missing_profile(profile: str | None) -> str | None:
    """Why ``profile`` cannot be used, if it is not in this machine's AWS config or
    credentials files (botocore would refuse it at the first call); None if it can."""
    if not profile:
        return None
    known = _available_profiles()
    if profile in known:
        return None
    close = difflib.get_close_matches(profile, known, n=1)
    hint = f"; did you mean {close[0]}?" if close else f" (profiles: {', '.join(known) or 'none'})"
    return f"{profile!r} is not a profile in this machine's AWS config or credentials files{hint}"


def _static_credentials(value: Any) -> dict[str, str | None]:
    access, secret, token = (value(k) for k in CREDENTIAL_KEYS)
    if (access is None) != (secret is None):
        raise ValueError(
            "partnerlink:accessKey and partnerlink:secretKey go together (both as secrets)"
        )
    return {"access_key": access, "secret_key": secret, "session_token": token}


def _assume_role(raw: Any) -> tuple[tuple[str, Any], ...]:
    """``partnerlink:assumeRole``: {roleArn, sessionName, externalId, durationSeconds,
    sourceIdentity, tags} as AssumeRole's arguments."""
    if raw is None:
        return ()
    role = raw
    if isinstance(raw, str):
        try:
            role = json.loads(raw)
        except ValueError:
            role = {"roleArn": raw} if raw.startswith("arn:") else None
    key = "partnerlink:assumeRole"
    if not isinstance(role, Mapping):
        raise ValueError(f"{key} must be an object with roleArn (and sessionName, externalId, ...)")
    unknown = sorted(set(role) - set(ROLE_FIELDS))
    if unknown:
        close = difflib.get_close_matches(unknown[0], ROLE_FIELDS, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise ValueError(
            f"{key}.{unknown[0]} is not a field (fields: {', '.join(ROLE_FIELDS)}){hint}"
        )
    arn = role.get("roleArn")
    if not isinstance(arn, str) or not ROLE_ARN.match(arn):
        raise ValueError(
            f"{key}.roleArn must be an IAM role ARN such as "
            f"arn:aws:iam::123456789012:role/deploy, not {str(arn)[:80]!r}"
        )
    session = role.get("sessionName", "pulumi-partnerlink")
    if not isinstance(session, str) or not SESSION_NAME.match(session):
        raise ValueError(f"{key}.sessionName must be 2-64 of letters, digits and +=,.@_-")
    out: dict[str, Any] = {"RoleArn": arn, "RoleSessionName": session}
    if role.get("externalId") is not None:
        out["ExternalId"] = str(role["externalId"])
    if role.get("sourceIdentity") is not None:
        out["SourceIdentity"] = str(role["sourceIdentity"])
    if role.get("durationSeconds") is not None:
        try:
            duration = int(role["durationSeconds"])
        except (TypeError, ValueError):
            duration = 0
        if not 900 <= duration <= 43200:
            raise ValueError(f"{key}.durationSeconds must be 900 to 43200 (seconds)")
        out["DurationSeconds"] = duration
    if role.get("tags") is not None:
        tags = role["tags"]
        if not isinstance(tags, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
        ):
            raise ValueError(f"{key}.tags must be a map of strings")
        out["Tags"] = tuple(sorted(tags.items()))
    return tuple(sorted(out.items()))


def _consistency_budget(raw: Any) -> float:
    """``partnerlink:consistencyBudget``: seconds, a number from 1 to 3600 (default 30)."""
    if raw is None:
        return DEFAULT_CONSISTENCY_BUDGET
    try:
        budget = float(str(raw).strip().removesuffix("s")) if not isinstance(raw, bool) else -1.0
    except ValueError:
        budget = -1.0
    if not 1 <= budget <= MAX_CONSISTENCY_BUDGET:  # also refuses nan and inf
        raise ValueError(
            "partnerlink:consistencyBudget must be a number of seconds from 1 to "
            f"{MAX_CONSISTENCY_BUDGET:g} (how long AWS may take to show a write), "
            f"not {str(raw)[:40]!r}"
        )
    return budget


def _max_attempts(raw: Any) -> int:
    """``partnerlink:maxAttempts``: a whole number from 1 to 50 (default 5). YAML and every
    language's provider inputs send JSON numbers: 5.0 is the 5 the user wrote."""
    if raw is None:
        return 5
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or str(raw) not in {str(n) for n in range(1, MAX_ATTEMPTS + 1)}:
        raise ValueError(
            f"partnerlink:maxAttempts must be a whole number from 1 to {MAX_ATTEMPTS}, "
            f"not {str(raw)[:40]!r}"
        )
    return int(raw)


def _flag(raw: Any, key: str, default: bool) -> bool:
    """A true/false setting: a boolean, or its spelling in stack config ("true", "false")."""
    if raw is None:
        return default
    if isinstance(raw, bool):
        return raw
    if str(raw).strip().lower() in ("true", "false"):
        return str(raw).strip().lower() == "true"
    raise ValueError(f"{NAMESPACE}{key} must be true or false, not {str(raw)[:40]!r}")


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
    region: str | None = None  # None: the AWS chain's region, else us-east-1 (clients.region_of)
    profile: str | None = None
    endpoint: str | None = None
    retry_mode: str = "standard"
    max_attempts: int = 5
    # Tags every taggable resource gets under its own (a resource's tags win), as pairs.
    default_tags: tuple[tuple[str, str], ...] = ()
    # sts:AssumeRole arguments (botocore's names), as pairs; empty: the caller's credentials.
    assume_role: tuple[tuple[str, Any], ...] = ()
    # Seconds within which absence after our own write means "not visible yet" (see DESIGN).
    consistency_budget: float = DEFAULT_CONSISTENCY_BUDGET
    # The catalog of every channel resource that names none (None: AWS, the resource default).
    catalog: str | None = None
    # Pace calls to the documented request rates (False: botocore's retry mode meets throttling).
    pacing: bool = True
    # Static credentials (secret config); never printed.
    access_key: str | None = field(default=None, repr=False)
    secret_key: str | None = field(default=None, repr=False)
    session_token: str | None = field(default=None, repr=False)

    @classmethod
    def from_config(cls, get: Any) -> ProviderSettings:
        """Settings from a ``key -> value`` getter over ``partnerlink:*`` stack config."""

        def value(key: str) -> Any:
            v = get(f"partnerlink:{key}")
            return None if v in (None, "") else v

        retry_mode = value("retryMode") or "standard"
        if retry_mode not in RETRY_MODES:
            modes = ", ".join(RETRY_MODES)
            raise ValueError(
                f"partnerlink:retryMode must be one of {modes}, not {str(retry_mode)[:40]!r}"
            )
        max_attempts = _max_attempts(value("maxAttempts"))
        region = value("region")
        if region is not None and (not isinstance(region, str) or not REGION.match(region)):
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
        budget = _consistency_budget(value("consistencyBudget"))
        catalog = value("catalog")
        if catalog is not None and catalog not in CATALOGS:
            raise ValueError(
                f"partnerlink:catalog must be AWS or Sandbox, not {str(catalog)[:40]!r}"
            )
        profile = value("profile")
        problem = missing_profile(profile) if isinstance(profile, str) else None
        if problem and not value("accessKey"):
            raise ValueError(f"partnerlink:profile: {problem}")
        return cls(
            region=region,
            profile=profile,
            endpoint=endpoint,
            retry_mode=retry_mode,
            max_attempts=max_attempts,
            default_tags=_default_tags(value("defaultTags")),
            assume_role=_assume_role(value("assumeRole")),
            consistency_budget=budget,
            catalog=catalog,
            pacing=_flag(value("pacing"), "pacing", True),
            **_static_credentials(value),
        )

    def with_connection(self, connection: Mapping[str, Any] | None) -> ProviderSettings:
        """These settings with a resource's ``connection`` override (profile, region, endpoint):
        one program acting as two accounts. Credentials come from the AWS chain, never state."""
        if not connection:
            return self
        changes: dict[str, Any] = {
            k: connection[k] for k in ("profile", "region", "endpoint") if connection.get(k)
        }
        if connection.get("role_arn"):
            role = {"roleArn": connection["role_arn"]}
            for field_name, key in (("session_name", "sessionName"), ("external_id", "externalId")):
                if connection.get(field_name):
                    role[key] = connection[field_name]
            changes["assume_role"] = _assume_role(role)
        return replace(self, **changes)
