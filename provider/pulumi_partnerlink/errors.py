"""One table from botocore error code to a clear provider error, and one message format.

``provider_error("creating", "SidewalkPartnerAccount", amazon_id, exc, secrets=[key])`` gives
``creating SidewalkPartnerAccount (amzn1...): <what AWS said>. <what to do>``. Known secret
values are masked in every message, whatever AWS echoed. Errors are matched on the code, never
on message text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
    ReadTimeoutError,
)

HINTS: dict[str, str] = {
    "AccessDeniedException": "the credentials in use lack permission for this call; "
    "check the IAM policy and partnerlink:profile",
    "AccessDenied": "the role in partnerlink:assumeRole cannot be assumed by these credentials; "
    "check its roleArn, externalId and the role's trust policy",
    "ValidationError": "STS refused partnerlink:assumeRole; check its roleArn and sessionName",
    "ExpiredToken": "the credentials expired; refresh them (partnerlink:profile, SSO login)",
    "ConflictException": "the resource changed concurrently or already exists",
    "InternalServerException": "AWS failed internally after retries; run the command again",
    "ResourceNotFoundException": "it does not exist (or is not visible to this account and region)",
    "ServiceQuotaExceededException": "an AWS quota is reached (not retried: only a smaller "
    "stack, a removed object, a new day or a raised quota changes that); ask AWS to raise it "
    "(Service Quotas, or AWS Partner Central support) or remove objects you no longer need",
    "ThrottlingException": "AWS kept throttling after retries (partnerlink paces its calls to "
    "the documented rates, so something else calls as this account too); run again later, or "
    "raise partnerlink:maxAttempts",
    "TooManyTagsException": "a resource takes at most 50 tags",
    "ValidationException": "AWS rejected the input; fix the property it names",
    "UnrecognizedClientException": "the credentials are not valid for this endpoint",
    "NotImplemented": "the endpoint does not implement this operation "
    "(is partnerlink:endpoint right?)",
}


# IAM's action prefix of each service we call (its `signingName` is not always the prefix).
IAM_PREFIX = {"partnercentral-channel": "partnercentral", "iotwireless": "iotwireless"}


def iam_action(operation: str | None) -> str | None:
    """``partnercentral:ListRelationships`` for an operation of one of our services."""
    if not operation:
        return None
    from .models import service_model

    for service, prefix in IAM_PREFIX.items():
        if operation in service_model(service).operation_names:
            return f"{prefix}:{operation}"
    return None


class ProviderError(Exception):
    """An error the user sees as is: the operation, the resource, the cause, the remedy."""


def mask(text: str, secrets: Iterable[str | None]) -> str:
    for secret in secrets:
        if secret:
            text = (
                text.replace(secret, "***")
                .replace(secret.lower(), "***")
                .replace(secret.upper(), "***")
            )
    return text


def error_code(exc: BaseException) -> str | None:
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code")
        return str(code) if code else None
    return None


def provider_error(
    action: str,
    resource: str,
    ident: str,
    exc: BaseException,
    secrets: Iterable[str | None] = (),
    hint: str | None = None,
) -> ProviderError:
    if isinstance(exc, ClientError):
        code = error_code(exc) or "Unknown"
        said = exc.response.get("Error", {}).get("Message") or code
        cause = f"{code}: {said}"
        body: dict[str, Any] = {**exc.response}
        quota = body.get("quotaCode") or (body.get("Error") or {}).get("quotaCode")
        if quota and code == "ServiceQuotaExceededException":
            cause += f" (quotaCode {quota})"
        request_id = (body.get("ResponseMetadata") or {}).get("RequestId")
        if request_id:  # what AWS Support asks for first
            cause += f" [RequestId {request_id}]"
        remedy = hint or HINTS.get(code, "")
        action_name = iam_action(getattr(exc, "operation_name", None))
        if code == "AccessDeniedException" and action_name and not hint:
            # Name the action: "cannot tell" must say what to grant.
            remedy = (
                f"the credentials in use lack permission for {action_name}; grant it in the "
                "IAM policy (or check partnerlink:profile / partnerlink:assumeRole)"
            )
    elif isinstance(exc, ConnectionClosedError | ReadTimeoutError):
        cause = "the connection closed before AWS answered (the request may have succeeded)"
        remedy = (
            hint
            or "run `pulumi up` again: the client token makes the retry safe, it will not duplicate"
        )
    elif isinstance(exc, EndpointConnectionError):
        cause = f"cannot reach the endpoint: {exc}"
        remedy = hint or "check partnerlink:endpoint / partnerlink:region and the network"
    else:
        cause = f"{type(exc).__name__}: {exc}"
        remedy = hint or ""
    message = f"{action} {resource} ({ident}): {cause}"
    if remedy:
        message += f". {remedy[0].upper()}{remedy[1:]}"
    return ProviderError(mask(message, secrets))


@contextmanager
def wrapped(
    action: str, resource: str, ident: str, secrets: Iterable[str | None] = ()
) -> Iterator[None]:
    """Every error inside becomes one clear ``ProviderError`` (those already clear pass as is)."""
    try:
        yield
    except ProviderError as exc:
        raise ProviderError(mask(str(exc), secrets)) from None
    except Exception as exc:
        hint = None
        if action == "updating" and error_code(exc) == "ResourceNotFoundException":
            # Deleted outside Pulumi since the last refresh: an update cannot bring it back
            # (it would need a new id); a refresh drops it from state, then `up` re-creates it.
            hint = (
                "it was deleted outside Pulumi since the last refresh; run `pulumi up --refresh` "
                "(or `pulumi refresh`, then `pulumi up`) to create it again"
            )
        raise provider_error(action, resource, ident, exc, secrets=secrets, hint=hint) from None
