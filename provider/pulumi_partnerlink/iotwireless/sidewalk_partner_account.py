"""``SidewalkPartnerAccount``: associate this AWS account with a Sidewalk partner account.

Lifecycle (the generic parts live in ``core.SpecProvider``; this module keeps what is its own):

- ``check``: the core pipeline over the Associate request (the model's rules, including the key's
  pattern that botocore skips), plus: the key must not carry surrounding whitespace.
- ``create`` = AssociateAwsAccountWithPartnerAccount with a derived client token and the tags in
  the same call, then GetPartnerAccount proves it live. A replay of a disassociated account, or a
  token conflict while nothing is associated, steps to the next token generation.
- ``read`` = GetPartnerAccount + ListTagsForResource; gone -> empty id.
- ``diff``: ``amazon_id`` replaces; the key (or a fingerprint changed out of band) and tags update
  in place; ``client_token``, ``adopt`` and ``connection`` only matter at create.
- ``update`` = UpdatePartnerAccount only when the key must be (re)applied; tags by difference.
- ``delete`` = Disassociate; already gone is success; never called with an empty id (an empty
  id would address every partner account).

Every member of GetPartnerAccount's answer is optional (AWS's own CLI examples show it without
``Arn``): the Amazon ID is the one asked for, the ARN is derived from its documented format
(``arns.sidewalk_account_arn``: partition and region from the settings, the account from STS,
asked only then), and an absent ``Fingerprint`` or ``AccountLinked`` is unknown (None here;
the core keeps the value last known).

The app-server private key is a Pulumi secret end to end: made secret in the constructor whatever
the user passed, stored only under its own property name, never logged, masked in every error,
never in ``__provider``. ``fingerprint`` (from AWS) shows which key is live;
``applied_fingerprint`` is the fingerprint of the key this stack last applied, so an out-of-band
rotation shows up as a difference at refresh and the next ``up`` re-applies the declared key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from .._generated.sidewalk_partner_account import (  # the typed surface, generated from SPEC
    SidewalkPartnerAccount,
    SidewalkPartnerAccountArgs,
    SidewalkPartnerAccountArgsDict,
)
from ..arns import sidewalk_account_arn
from ..clients import client
from ..config import ProviderSettings
from ..core import (
    NotFound,
    Output,
    Problem,
    Prop,
    ResourceSpec,
    SpecCore,
)
from ..core.spec import CONNECTION_DOC, key_prop, lifecycle_props
from ..dynamic import SpecProvider
from ..errors import error_code
from ..unknown import present

__all__ = [
    "SidewalkPartnerAccount",
    "SidewalkPartnerAccountArgs",
    "SidewalkPartnerAccountArgsDict",
    "SidewalkPartnerAccountProvider",
]

PARTNER_TYPE = "Sidewalk"
SPEC = ResourceSpec(
    name="SidewalkPartnerAccount",
    service="iotwireless",
    create="AssociateAwsAccountWithPartnerAccount",
    props=(
        key_prop(
            "amazon_id",
            wire=("Sidewalk", "AmazonId"),
            doc="The Sidewalk Amazon ID to associate. Changing it replaces the association.",
        ),
        Prop(
            "app_server_private_key",
            secret=True,
            wire=("Sidewalk", "AppServerPrivateKey"),
            required=True,
            doc="The Sidewalk application-server private key, 64 hex characters. Always a "
            "Pulumi secret. Changing it rotates the key in place.",
        ),
        *lifecycle_props(
            "Tags on the association. Updated in place, only the difference is sent.",
            "Take over an association that already exists for this Amazon ID (apply the "
            "declared key and tags) instead of failing. Only consulted at create.",
            token_wire=("ClientRequestToken",),
            token_doc="Idempotency token for the create call. Leave unset: the provider derives "
            "one from the stack, the resource name and the Amazon ID, so a re-run never "
            "duplicates.",
            connection_doc=CONNECTION_DOC,
        ),
    ),
    tags=("Tags", "Key", "Value"),
    noun="association",
    doc="Associates this AWS account with a Sidewalk partner account (AWS IoT Wireless).\n\n"
    "``pulumi import`` does not work for dynamic resources; set ``adopt=True`` to manage an "
    "association that already exists. Type token: "
    "``pulumi-python:dynamic/partnerlink:SidewalkPartnerAccount``.",
    args_doc="Inputs of a ``SidewalkPartnerAccount``.",
    outputs=(
        Output("amazon_id"),
        Output("app_server_private_key", doc="The private key (secret)."),
        Output("tags", "dict[str, str]"),
        Output("adopt", "bool"),
        Output("client_token", doc="The client token the association was created with."),
        Output("arn"),
        Output("partner_account_id", doc="The partner account id: the Amazon ID."),
        Output("partner_type", doc="Always ``Sidewalk``."),
        Output(
            "fingerprint",
            doc="Fingerprint of the key AWS holds now (changes when the key is rotated, also "
            "out of band).",
        ),
        Output("applied_fingerprint", doc="Fingerprint of the key this stack last applied."),
        Output("account_linked", "bool", doc="Whether the Sidewalk side has linked the account."),
    ),
)
KEY = "app_server_private_key"


def find_partner_account(settings: ProviderSettings, amazon_id: str) -> dict[str, Any]:
    """GetPartnerAccount; ``NotFound`` when there is no such association.

    Every member of the answer is optional: ``Sidewalk.AmazonId`` is the id asked for when AWS
    leaves it out, and ``Sidewalk.Arn`` is derived from its documented format."""
    if not amazon_id:  # an empty id would address every partner account
        raise NotFound(amazon_id)
    try:
        found: dict[str, Any] = client(settings, SPEC.service).get_partner_account(
            PartnerAccountId=amazon_id, PartnerType=PARTNER_TYPE
        )
    except ClientError as exc:
        if error_code(exc) == "ResourceNotFoundException":
            raise NotFound(amazon_id) from None
        raise
    sidewalk = dict(found.get("Sidewalk") or {})
    sidewalk["AmazonId"] = sidewalk.get("AmazonId") or amazon_id
    if not sidewalk.get("Arn"):
        sidewalk["Arn"] = sidewalk_account_arn(settings, amazon_id)
    return {**found, "Sidewalk": sidewalk}


def fingerprint_of(key: Any) -> str | None:
    """What AWS reports as a key's ``Fingerprint``, as we take it: the SHA-256 of the key's
    bytes in lowercase hex (an assumption: AWS does not document it; where it differs, a key
    is applied once more than needed, never left unapplied)."""
    if not isinstance(key, str):
        return None
    try:
        return hashlib.sha256(bytes.fromhex(key)).hexdigest()
    except ValueError:
        return None


def _key_needs_apply(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """The declared key changed, or the live key is not the one this stack applied. An
    association this stack never applied a key to (imported, adopted) whose live fingerprint is
    the declared key's already has it: nothing to apply."""
    if olds.get(KEY) is None and olds.get("fingerprint"):
        return bool(fingerprint_of(news.get(KEY)) != olds["fingerprint"])
    if olds.get(KEY) != news.get(KEY):
        return True
    return bool(
        olds.get("fingerprint")
        and olds.get("applied_fingerprint")
        and olds["fingerprint"] != olds["applied_fingerprint"]
    )


class SidewalkPartnerAccountCore(SpecCore):
    """The dynamic provider. Holds nothing but settings made in this process by ``configure``."""

    spec = SPEC
    # The association is its Amazon ID: a second Associate cannot make a second one.
    duplicate_free = True

    def rules(self, inputs: dict[str, Any]) -> list[Problem]:
        key = inputs.get(KEY)
        if isinstance(key, str) and present(key) and key != key.strip():
            return [
                (
                    KEY,
                    "must be exactly 64 hexadecimal characters (0-9, a-f); it has leading or "
                    "trailing whitespace (a newline from a file?): strip it",
                )
            ]
        return []

    def find(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str, fresh: bool
    ) -> dict[str, Any]:
        return find_partner_account(settings, id_)

    def find_existing(
        self, settings: ProviderSettings, props: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        try:
            return find_partner_account(settings, str(props["amazon_id"]))
        except NotFound:
            return None

    def live_id(self, live: Mapping[str, Any]) -> str:
        return str(live["Sidewalk"]["AmazonId"])  # find_partner_account fills it in

    def arn_of(self, live: Mapping[str, Any]) -> str | None:
        arn = (live.get("Sidewalk") or {}).get("Arn")
        return str(arn) if arn else None

    def created(self, props: Mapping[str, Any], answer: Mapping[str, Any]) -> str:
        return str(props["amazon_id"])

    def in_place_changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        # The key is a change when it must be applied (not merely when state lacks it).
        changed = [k for k in super().in_place_changes(olds, news) if k != KEY]
        return [*changed, KEY] if _key_needs_apply(olds, news) else changed

    def send_update(
        self, settings: ProviderSettings, id_: str, olds: Mapping[str, Any], changes: dict[str, Any]
    ) -> None:
        client(settings, SPEC.service).update_partner_account(
            PartnerAccountId=id_, PartnerType=PARTNER_TYPE, **changes
        )

    def after_update(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], outs: dict[str, Any]
    ) -> dict[str, Any]:
        if not _key_needs_apply(olds, news):  # the key was not re-applied: keep what we applied
            outs["applied_fingerprint"] = olds.get("applied_fingerprint") or outs.get("fingerprint")
        return outs

    def delete_call(self, settings: ProviderSettings, id_: str, props: Mapping[str, Any]) -> None:
        client(settings, SPEC.service).disassociate_aws_account_from_partner_account(
            PartnerAccountId=id_, PartnerType=PARTNER_TYPE
        )

    def outputs_from(self, props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        # Absent members are unknown (None), not false.
        sidewalk = live.get("Sidewalk") or {}
        fingerprint = sidewalk.get("Fingerprint")
        linked = live.get("AccountLinked")
        return {
            "arn": sidewalk.get("Arn") or props.get("arn"),
            "partner_account_id": sidewalk.get("AmazonId") or props.get("amazon_id"),
            "partner_type": PARTNER_TYPE,
            "fingerprint": fingerprint,
            "applied_fingerprint": props.get("applied_fingerprint") or fingerprint,
            "account_linked": None if linked is None else bool(linked),
        }


class SidewalkPartnerAccountProvider(SpecProvider, resource=SidewalkPartnerAccount):
    """The dynamic provider, pickled into state by reference (this path is public API)."""

    core_class = SidewalkPartnerAccountCore
