"""STS: AssumeRole and GetCallerIdentity, enough for a provider to act in another account.

Accounts are the access key id (see ``app``), so assumed credentials carry the role's account as
their ``AccessKeyId``: every later call made with them acts as that account, and tests can see
in which account a resource was made. The emulator trusts every role except those whose name
starts with ``Denied`` (AccessDenied, to test the error path) and those whose name starts with
``External`` when the ``ExternalId`` is not ``expected-external-id``.
"""

from __future__ import annotations

import datetime as _dt
import re
import secrets
from typing import Any

from .context import Context
from .errors import ServiceError

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})$")
EXTERNAL_ID = "expected-external-id"
SESSIONS = "sts.sessions"


def assume_role(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    m = ROLE_ARN.match(params["RoleArn"])
    if m is None:
        raise ServiceError(
            "ValidationError", f"{params['RoleArn'][:100]!r} is not a valid IAM role ARN"
        )
    account, name = m.group(1), m.group(2)
    if name.startswith("Denied") or (
        name.startswith("External") and params.get("ExternalId") != EXTERNAL_ID
    ):
        raise ServiceError(
            "AccessDenied",
            f"User: arn:aws:iam::{ctx.account}:user/caller is not authorized to perform: "
            f"sts:AssumeRole on resource: {params['RoleArn']}",
        )
    duration = int(params.get("DurationSeconds") or 3600)
    session = params["RoleSessionName"]
    expires = ctx.now().replace(microsecond=0) + _dt.timedelta(seconds=duration)
    secret, token = secrets.token_hex(20), secrets.token_urlsafe(48)
    # Kept so tests can search state and output for them (admin GET sts/sessions).
    ctx.store.put(
        SESSIONS, token[:16], {"secret": secret, "token": token, "role": params["RoleArn"]}
    )
    return {
        "Credentials": {
            "AccessKeyId": account,
            "SecretAccessKey": secret,
            "SessionToken": token,
            "Expiration": expires,
        },
        "AssumedRoleUser": {
            "AssumedRoleId": f"AROA{secrets.token_hex(8).upper()}:{session}",
            "Arn": f"arn:aws:sts::{account}:assumed-role/{name}/{session}",
        },
        "PackedPolicySize": 0,
        **({"SourceIdentity": params["SourceIdentity"]} if params.get("SourceIdentity") else {}),
    }


def get_caller_identity(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "UserId": f"AIDA{ctx.account}",
        "Account": ctx.account,
        "Arn": f"arn:aws:iam::{ctx.account}:user/caller",
    }
