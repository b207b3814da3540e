"""``SidewalkPartnerAccount``: associate this AWS account with a Sidewalk partner account.

Lifecycle (finder -> status -> provider, NotFound normalised once in ``find_partner_account``):

- ``check`` validates the Associate request it would send against the botocore model plus the
  rules the docs state (non-empty AmazonId), reporting snake_case properties; no API call.
- ``create`` = AssociateAwsAccountWithPartnerAccount with a deterministic client token and the
  tags in the same call, then GetPartnerAccount to prove the association is live. A replayed
  token that returns a disassociated account steps to the next token generation.
- ``read`` = GetPartnerAccount + ListTagsForResource; gone -> empty id (the engine drops it).
- ``diff``: ``amazon_id`` replaces; the key (or a fingerprint changed out of band) and tags update
  in place; ``client_token`` and ``adopt`` only matter at create.
- ``update`` = UpdatePartnerAccount only when the key must be (re)applied, Tag/UntagResource
  only for the tag difference.
- ``delete`` = Disassociate; already gone is success; never called with an empty id (an empty
  id would address every partner account).

The app-server private key is a Pulumi secret end to end: it is stored only under its own
property name (secret in state), never logged, masked in every error, never in ``__provider``.
``fingerprint`` (from AWS) shows which key is live; ``applied_fingerprint`` is the fingerprint of
the key this stack last applied, so an out-of-band rotation shows up as a difference at refresh.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import botocore.session
import pulumi
from botocore.exceptions import ClientError
from botocore.model import Shape
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

from .. import tags as tagging
from ..args import resolve_args, with_outputs
from ..config import ProviderSettings, client
from ..errors import ProviderError, error_code, provider_error
from ..tokens import create_with_tokens, seed_for
from ..unknown import is_unknown, present
from ..validation import Path, validate

RESOURCE = "SidewalkPartnerAccount"
PARTNER_TYPE = "Sidewalk"
_MODEL = botocore.session.get_session().get_service_model("iotwireless")
_ASSOCIATE: Shape = _MODEL.operation_model("AssociateAwsAccountWithPartnerAccount").input_shape  # type: ignore[assignment]
_WIRE_TO_PROPERTY = {
    ("Sidewalk", "AmazonId"): "amazon_id",
    ("Sidewalk", "AppServerPrivateKey"): "app_server_private_key",
    ("ClientRequestToken",): "client_token",
    ("Tags",): "tags",
}
_FRIENDLY = {
    ("app_server_private_key", "pattern"): "must be exactly 64 hexadecimal characters (0-9, a-f)",
    ("client_token", "pattern"): "may contain only letters, digits, '-' and '_'",
}
# Right after a create, GetPartnerAccount may briefly not see it yet: retry NotFound this long.
READ_AFTER_CREATE_DELAYS = (0.5, 1.0)


class PartnerAccountNotFound(Exception):
    pass


def find_partner_account(iot: Any, amazon_id: str) -> dict[str, Any]:
    """GetPartnerAccount, with ResourceNotFoundException turned into ``PartnerAccountNotFound``."""
    if not amazon_id:  # an empty id would address every partner account
        raise PartnerAccountNotFound(amazon_id)
    try:
        found: dict[str, Any] = iot.get_partner_account(
            PartnerAccountId=amazon_id, PartnerType=PARTNER_TYPE
        )
    except ClientError as exc:
        if error_code(exc) == "ResourceNotFoundException":
            raise PartnerAccountNotFound(amazon_id) from None
        raise
    return found


class SidewalkPartnerAccountProvider(ResourceProvider):
    """The dynamic provider. Holds nothing but settings made in this process by ``configure``."""

    def configure(self, req: ConfigureRequest) -> None:
        self._settings = ProviderSettings.from_config(req.config.get)

    def _iot(self) -> Any:
        return client(getattr(self, "_settings", None) or ProviderSettings(), "iotwireless")

    # ------------------------------------------------------------------ check

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures: list[CheckFailure] = []
        amazon_id = news.get("amazon_id")
        key = news.get("app_server_private_key")
        tags = news.get("tags") or {}
        token = news.get("client_token")
        if amazon_id is None or amazon_id == "":
            failures.append(
                CheckFailure("amazon_id", "amazon_id is required and must not be empty")
            )
        elif present(amazon_id) and not isinstance(amazon_id, str):
            failures.append(CheckFailure("amazon_id", "amazon_id must be a string"))
        if key is None or key == "":
            failures.append(
                CheckFailure("app_server_private_key", "app_server_private_key is required")
            )
        elif present(key) and not isinstance(key, str):
            failures.append(
                CheckFailure("app_server_private_key", "app_server_private_key must be a string")
            )
        if present(tags) and not (
            isinstance(tags, Mapping)
            and all(
                isinstance(k, str) and (isinstance(v, str) or is_unknown(v))
                for k, v in tags.items()
            )
        ):
            failures.append(CheckFailure("tags", "tags must be a map of strings to strings"))
            tags = {}
        adopt = news.get("adopt")
        if present(adopt) and not isinstance(adopt, bool):
            failures.append(CheckFailure("adopt", "adopt must be true or false"))
        if failures:
            return CheckResult(news, failures)

        # Everything the model says about the request we would send (unknowns are left out).
        sidewalk = {}
        if present(amazon_id):
            sidewalk["AmazonId"] = amazon_id
        if present(key):
            sidewalk["AppServerPrivateKey"] = key
        request: dict[str, Any] = {"Sidewalk": sidewalk}
        if present(token):
            request["ClientRequestToken"] = token
        if present(tags):
            request["Tags"] = [t for t in tagging.to_wire(tags) if present(t["Value"])]
        for v in validate(_ASSOCIATE, request):
            prop = _property(v.path)
            reason = _FRIENDLY.get((prop, v.code), v.message.removeprefix("Member "))
            where = _tag_where(v.path, request)
            failures.append(CheckFailure(prop, f"{prop}{where} {reason}"))
        inputs = {
            **news,
            "tags": dict(tags) if present(tags) else tags,
            "adopt": bool(adopt) if present(adopt) else adopt,
        }
        return CheckResult(inputs, failures)

    # ------------------------------------------------------------------ create

    def create(self, props: dict[str, Any]) -> CreateResult:
        amazon_id, key = props["amazon_id"], props["app_server_private_key"]
        iot = self._iot()
        try:
            if props.get("adopt"):
                adopted = self._adopt(iot, props)
                if adopted is not None:
                    return CreateResult(amazon_id, adopted)

            def attempt(token: str) -> dict[str, Any] | None:
                created = self._associate(iot, props, token)
                live = self._read_after_create(iot, amazon_id)
                if live is None or live["Sidewalk"].get("Arn") != created["Arn"]:
                    return None  # a replayed answer for an association that is gone
                return live

            live, token = create_with_tokens(
                attempt,
                props["token_seed"],
                [amazon_id],
                props.get("client_token"),
                f"creating {RESOURCE} ({amazon_id})",
                "association",
            )
            tags = props.get("tags") or {}
            fingerprint = live["Sidewalk"].get("Fingerprint")
            return CreateResult(
                amazon_id, self._outputs(props, live, tags, token, applied=fingerprint)
            )
        except ProviderError:
            raise
        except Exception as exc:
            raise provider_error("creating", RESOURCE, amazon_id, exc, secrets=[key]) from None

    def _associate(self, iot: Any, props: dict[str, Any], token: str) -> dict[str, Any]:
        amazon_id, key = props["amazon_id"], props["app_server_private_key"]
        try:
            created: dict[str, Any] = iot.associate_aws_account_with_partner_account(
                Sidewalk={"AmazonId": amazon_id, "AppServerPrivateKey": key},
                ClientRequestToken=token,
                Tags=tagging.to_wire(props.get("tags")),
            )
        except ClientError as exc:
            if error_code(exc) != "ConflictException":
                raise
            try:
                find_partner_account(iot, amazon_id)
            except PartnerAccountNotFound:
                raise provider_error(
                    "creating",
                    RESOURCE,
                    amazon_id,
                    exc,
                    secrets=[key],
                    hint=f"client token {token} was used before with other inputs (a "
                    "previous attempt whose answer was lost used a different key or tags?); "
                    "restore them and run again, or set client_token",
                ) from None
            raise provider_error(
                "creating",
                RESOURCE,
                amazon_id,
                exc,
                secrets=[key],
                hint="this AmazonId is already associated with the AWS account, outside this "
                "stack. To manage the existing association, set adopt=True (the declared key and "
                "tags are then applied to it)",
            ) from None
        return created

    def _adopt(self, iot: Any, props: dict[str, Any]) -> dict[str, Any] | None:
        """Take over an existing association: apply the declared key and tags to it."""
        try:
            existing = find_partner_account(iot, props["amazon_id"])
        except PartnerAccountNotFound:
            return None
        self._key_and_tags(
            iot, props["amazon_id"], existing["Sidewalk"]["Arn"], props, apply_key=True
        )
        live = find_partner_account(iot, props["amazon_id"])
        return self._outputs(
            props,
            live,
            props.get("tags") or {},
            props.get("client_token"),
            applied=live["Sidewalk"].get("Fingerprint"),
        )

    def _read_after_create(self, iot: Any, amazon_id: str) -> dict[str, Any] | None:
        for delay in (*READ_AFTER_CREATE_DELAYS, None):
            try:
                return find_partner_account(iot, amazon_id)
            except PartnerAccountNotFound:
                if delay is None:
                    return None
                time.sleep(delay)
        return None

    # ------------------------------------------------------------------ read

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        if not id_:
            return ReadResult(None, {})
        iot = self._iot()
        try:
            live = find_partner_account(iot, id_)
            arn = live["Sidewalk"]["Arn"]
            current_tags = tagging.from_wire(
                iot.list_tags_for_resource(ResourceArn=arn).get("Tags")
            )
        except PartnerAccountNotFound:
            return ReadResult(None, {})
        except Exception as exc:
            raise provider_error(
                "reading", RESOURCE, id_, exc, secrets=[props.get("app_server_private_key")]
            ) from None
        # Inputs stay as declared (the engine keeps them when read returns none): refreshed
        # outputs against unchanged inputs is what makes drift show up, and no drift preview empty.
        outs = self._outputs(
            props,
            live,
            current_tags,
            props.get("client_token"),
            applied=props.get("applied_fingerprint"),
        )
        return ReadResult(id_, outs)

    # ------------------------------------------------------------------ diff / update

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = ["amazon_id"] if olds.get("amazon_id") != news.get("amazon_id") else []
        changed = list(replaces)
        if _key_needs_apply(olds, news):
            changed.append("app_server_private_key")
        if (olds.get("tags") or {}) != (news.get("tags") or {}):
            changed.append("tags")
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=False)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        amazon_id = olds["amazon_id"]
        iot = self._iot()
        apply_key = _key_needs_apply(olds, news)
        try:
            self._key_and_tags(
                iot,
                amazon_id,
                olds["arn"],
                news,
                apply_key=apply_key,
                known_tags=olds.get("tags") or {},
            )
            live = find_partner_account(iot, amazon_id)
        except ProviderError:
            raise
        except Exception as exc:
            raise provider_error(
                "updating",
                RESOURCE,
                amazon_id,
                exc,
                secrets=[news.get("app_server_private_key"), olds.get("app_server_private_key")],
            ) from None
        applied = (
            live["Sidewalk"].get("Fingerprint") if apply_key else olds.get("applied_fingerprint")
        )
        return UpdateResult(
            self._outputs(
                news, live, news.get("tags") or {}, olds.get("client_token"), applied=applied
            )
        )

    def _key_and_tags(
        self,
        iot: Any,
        amazon_id: str,
        arn: str,
        props: dict[str, Any],
        apply_key: bool,
        known_tags: Mapping[str, str] | None = None,
    ) -> None:
        """Apply the declared key (if asked) and only the tag difference."""
        if apply_key:
            iot.update_partner_account(
                PartnerAccountId=amazon_id,
                PartnerType=PARTNER_TYPE,
                Sidewalk={"AppServerPrivateKey": props["app_server_private_key"]},
            )
        desired = props.get("tags") or {}
        current = (
            known_tags
            if known_tags is not None
            else tagging.from_wire(iot.list_tags_for_resource(ResourceArn=arn).get("Tags"))
        )
        to_set, to_remove = tagging.difference(current, desired)
        if to_set:
            iot.tag_resource(ResourceArn=arn, Tags=tagging.to_wire(to_set))
        if to_remove:
            iot.untag_resource(ResourceArn=arn, TagKeys=to_remove)

    # ------------------------------------------------------------------ delete

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if not id_:  # never disassociate with an empty id: that addresses every partner account
            return
        try:
            self._iot().disassociate_aws_account_from_partner_account(
                PartnerAccountId=id_, PartnerType=PARTNER_TYPE
            )
        except ClientError as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return
            raise provider_error(
                "deleting", RESOURCE, id_, exc, secrets=[props.get("app_server_private_key")]
            ) from None

    # ------------------------------------------------------------------ outputs

    @staticmethod
    def _outputs(
        props: Mapping[str, Any],
        live: dict[str, Any],
        current_tags: Mapping[str, str],
        token: str | None,
        applied: str | None,
    ) -> dict[str, Any]:
        sidewalk = live["Sidewalk"]
        fingerprint = sidewalk.get("Fingerprint")
        return {
            "amazon_id": sidewalk["AmazonId"],
            "app_server_private_key": props.get("app_server_private_key"),
            "tags": dict(current_tags),
            "adopt": bool(props.get("adopt")),
            "token_seed": props.get("token_seed"),
            "client_token": token,
            "arn": sidewalk["Arn"],
            "partner_account_id": sidewalk["AmazonId"],
            "partner_type": PARTNER_TYPE,
            "fingerprint": fingerprint,
            "applied_fingerprint": applied or fingerprint,
            "account_linked": bool(live.get("AccountLinked")),
        }


def _key_needs_apply(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """The declared key changed, or the live key is not the one this stack applied."""
    if olds.get("app_server_private_key") != news.get("app_server_private_key"):
        return True
    return bool(
        olds.get("fingerprint")
        and olds.get("applied_fingerprint")
        and olds["fingerprint"] != olds["applied_fingerprint"]
    )


def _property(path: Path) -> str:
    for wire, prop in _WIRE_TO_PROPERTY.items():
        if tuple(path[: len(wire)]) == wire:
            return prop
    return str(path[0]) if path else "(input)"


def _tag_where(path: Path, request: dict[str, Any]) -> str:
    if len(path) >= 3 and path[0] == "Tags" and isinstance(path[1], int):
        item = request["Tags"][path[1]]
        return f" key {item['Key']!r}" if path[2] == "Value" else f" key {item['Key'][:40]!r}"
    return ""


@dataclass
class SidewalkPartnerAccountArgs:
    """Inputs of a ``SidewalkPartnerAccount``.

    :param amazon_id: The Sidewalk Amazon ID to associate. Changing it replaces the association.
    :param app_server_private_key: The Sidewalk application-server private key, 64 hex characters.
        Always a Pulumi secret. Changing it rotates the key in place.
    :param tags: Tags on the association. Updated in place, only the difference is sent.
    :param client_token: Idempotency token for the create call. Leave unset: the provider derives
        one from the stack, the resource name and the Amazon ID, so a re-run never duplicates.
    :param adopt: Take over an association that already exists for this Amazon ID (apply the
        declared key and tags) instead of failing. Only consulted at create.
    """

    amazon_id: pulumi.Input[str]
    app_server_private_key: pulumi.Input[str]
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    client_token: pulumi.Input[str] | None = None
    adopt: bool = False


class SidewalkPartnerAccount(Resource, module="partnerlink", name="SidewalkPartnerAccount"):
    """Associates this AWS account with a Sidewalk partner account (AWS IoT Wireless).

    ``pulumi import`` does not work for dynamic resources; set ``adopt=True`` to manage an
    association that already exists. Type token:
    ``pulumi-python:dynamic/partnerlink:SidewalkPartnerAccount``.
    """

    amazon_id: pulumi.Output[str]
    app_server_private_key: pulumi.Output[str]
    """The private key (secret)."""
    tags: pulumi.Output[dict[str, str]]
    adopt: pulumi.Output[bool]
    client_token: pulumi.Output[str]
    """The client token the association was created with."""
    arn: pulumi.Output[str]
    partner_account_id: pulumi.Output[str]
    """The partner account id: the Amazon ID."""
    partner_type: pulumi.Output[str]
    """Always ``Sidewalk``."""
    fingerprint: pulumi.Output[str]
    """Fingerprint of the key AWS holds now (changes when the key is rotated, also out of band)."""
    applied_fingerprint: pulumi.Output[str]
    """Fingerprint of the key this stack last applied."""
    account_linked: pulumi.Output[bool]
    """Whether the Sidewalk side has linked the account."""

    def __init__(
        self,
        resource_name: str,
        args: SidewalkPartnerAccountArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        args = resolve_args(args, SidewalkPartnerAccountArgs, kwargs)
        secret = ["app_server_private_key"]
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(additional_secret_outputs=secret)
        )
        props = {
            "amazon_id": args.amazon_id,
            "app_server_private_key": pulumi.Output.secret(args.app_server_private_key),
            "tags": args.tags or {},
            "client_token": args.client_token,
            "adopt": args.adopt,
            "token_seed": seed_for(pulumi.get_project(), pulumi.get_stack(), resource_name),
        }
        super().__init__(
            SidewalkPartnerAccountProvider(), resource_name, with_outputs(type(self), props), opts
        )
