"""``ProgramManagementAccount``: an account enrolled in a Partner Central channel program.

- ``create`` = CreateProgramManagementAccount (derived client token, tags in the call), then a
  listing narrowed to its account id proves it live; a replay of a deleted one steps the token.
- ``read`` through the shared, coalesced PMA listing (there is no Get); gone -> empty id.
  ``status`` moves PENDING -> ACTIVE when its PROGRAM_MANAGEMENT_ACCOUNT handshake is accepted;
  that is not drift.
- ``display_name`` updates in place with the current ``revision``, re-reading and retrying once
  the revision went stale; ``tags`` update in place; every other input replaces.
- ``delete`` = DeleteProgramManagementAccount with a client token; gone is success.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from botocore.exceptions import ClientError
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, UpdateResult

from ..args import resolve_args, with_outputs
from ..errors import ProviderError, error_code, provider_error
from ..tokens import create_with_tokens, derive_token, seed_for
from .common import (
    PMA_LISTING,
    PartnerCentralProvider,
    check_request,
    reconcile_tags,
    revision_retry,
    when,
)

RESOURCE = "ProgramManagementAccount"
CREATE_ONLY = ("catalog", "program", "account_id")
WIRE = {
    "catalog": "catalog",
    "program": "program",
    "display_name": "displayName",
    "account_id": "accountId",
}


class PmaNotFound(Exception):
    pass


def find_pma(
    provider: PartnerCentralProvider, props: Mapping[str, Any], pma_id: str, narrow: bool = False
) -> dict[str, Any]:
    """The PMA's summary: from the shared listing, or (right after a write) a narrowed one."""
    settings = provider.settings_for(props)
    if narrow:
        found = PMA_LISTING.fetch(
            settings, catalog=props["catalog"], accountIds=[props["account_id"]]
        )
        PMA_LISTING.remember(settings, found, catalog=props["catalog"])
    else:
        found = PMA_LISTING.get(settings, catalog=props["catalog"])
    item = found.get(pma_id) if pma_id else None
    if item is None:
        raise PmaNotFound(pma_id)
    return item


class ProgramManagementAccountProvider(PartnerCentralProvider):
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = {**news, "catalog": news.get("catalog") or "AWS", "tags": news.get("tags") or {}}
        request = {WIRE[k]: inputs.get(k) for k in WIRE}
        return CheckResult(inputs, check_request("CreateProgramManagementAccount", request, inputs))

    def create(self, props: dict[str, Any]) -> CreateResult:
        what = f"{props['program']} for {props['account_id']}"
        api = self.api(props)
        try:
            identity = [props["catalog"], props["program"], props["account_id"]]
            tags = props.get("tags") or {}

            def attempt(token: str) -> dict[str, Any] | None:
                created = api.create_program_management_account(
                    catalog=props["catalog"],
                    program=props["program"],
                    displayName=props["display_name"],
                    accountId=props["account_id"],
                    clientToken=token,
                    tags=[{"key": k, "value": v} for k, v in sorted(tags.items())],
                )["programManagementAccountDetail"]
                try:
                    return find_pma(self, props, created["id"], narrow=True)
                except PmaNotFound:
                    return None  # a replayed answer for a deleted one

            item, token = create_with_tokens(
                attempt,
                props["token_seed"],
                identity,
                props.get("client_token"),
                f"creating {RESOURCE} ({what})",
                "program management account",
            )
            return CreateResult(item["id"], self._outputs(props, item, tags, token))
        except (ProviderError, PmaNotFound):
            raise
        except Exception as exc:
            raise provider_error("creating", RESOURCE, what, exc) from None

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        if not id_:
            return ReadResult(None, {})
        try:
            item = find_pma(self, props, id_)
            tags = self.tags_of(props, item["arn"])
        except PmaNotFound:
            return ReadResult(None, {})
        except Exception as exc:
            raise provider_error("reading", RESOURCE, id_, exc) from None
        return ReadResult(id_, self._outputs(props, item, tags, props.get("client_token")))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [k for k in CREATE_ONLY if olds.get(k) != news.get(k)]
        changed = replaces + [
            k for k in ("display_name", "tags") if (olds.get(k) or None) != (news.get(k) or None)
        ]
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=False)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        api = self.api(olds)
        item: dict[str, Any] = dict(olds)
        try:
            if olds.get("display_name") != news.get("display_name"):

                def attempt(revision: str) -> Any:
                    return api.update_program_management_account(
                        catalog=olds["catalog"],
                        identifier=id_,
                        revision=revision,
                        displayName=news["display_name"],
                    )

                revision_retry(
                    attempt,
                    olds["revision"],
                    lambda: find_pma(self, olds, id_, narrow=True)["revision"],
                )
            reconcile_tags(api, olds["arn"], news.get("tags") or {}, olds.get("tags") or {})
            item = find_pma(self, olds, id_, narrow=True)
        except Exception as exc:
            raise provider_error("updating", RESOURCE, id_, exc) from None
        return UpdateResult(
            self._outputs(news, item, news.get("tags") or {}, olds.get("client_token"))
        )

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if not id_:
            return
        try:
            self.api(props).delete_program_management_account(
                catalog=props["catalog"],
                identifier=id_,
                clientToken=derive_token(props.get("token_seed") or id_, [id_, "delete"]),
            )
        except ClientError as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return
            raise provider_error("deleting", RESOURCE, id_, exc) from None
        finally:
            PMA_LISTING.invalidate(self.settings_for(props), catalog=props["catalog"])

    @staticmethod
    def _outputs(
        props: Mapping[str, Any],
        item: Mapping[str, Any],
        tags: Mapping[str, str],
        token: str | None,
    ) -> dict[str, Any]:
        return {
            **{
                k: props.get(k)
                for k in ("catalog", "program", "account_id", "connection", "token_seed")
            },
            "display_name": item.get("displayName"),
            "tags": dict(tags),
            "client_token": token,
            "program_management_account_id": item["id"],
            "arn": item["arn"],
            "status": item.get("status"),
            "revision": item.get("revision"),
            "created_at": when(item.get("createdAt")),
            "updated_at": when(item.get("updatedAt")),
            "start_date": when(item.get("startDate")),
        }


@dataclass
class ProgramManagementAccountArgs:
    """Inputs of a ``ProgramManagementAccount``.

    :param program: SOLUTION_PROVIDER, DISTRIBUTION or DISTRIBUTION_SELLER (replaces).
    :param display_name: Up to 30 characters (updates in place).
    :param account_id: The 12-digit account that manages the program (replaces).
    :param catalog: ``AWS`` (default) or ``Sandbox`` (replaces).
    :param tags: Tags (update in place).
    :param client_token: Idempotency token; leave unset to let the provider derive one.
    :param connection: Optional ``{"profile", "region", "endpoint"}`` overriding ``partnerlink:*``.
    """

    program: pulumi.Input[str]
    display_name: pulumi.Input[str]
    account_id: pulumi.Input[str]
    catalog: pulumi.Input[str] = "AWS"
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    client_token: pulumi.Input[str] | None = None
    connection: Mapping[str, str] | None = None


class ProgramManagementAccount(Resource, module="partnerlink", name="ProgramManagementAccount"):
    """A Partner Central Channel program management account (``pma-…``)."""

    program_management_account_id: pulumi.Output[str]
    arn: pulumi.Output[str]
    status: pulumi.Output[str]
    revision: pulumi.Output[str]
    display_name: pulumi.Output[str]
    tags: pulumi.Output[dict[str, str]]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    start_date: pulumi.Output[str | None]
    client_token: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: ProgramManagementAccountArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        args = resolve_args(args, ProgramManagementAccountArgs, kwargs)
        props: dict[str, Any] = {
            "catalog": args.catalog,
            "program": args.program,
            "display_name": args.display_name,
            "account_id": args.account_id,
            "tags": args.tags or {},
            "client_token": args.client_token,
            "connection": dict(args.connection) if args.connection else None,
            "token_seed": seed_for(pulumi.get_project(), pulumi.get_stack(), resource_name),
        }
        super().__init__(
            ProgramManagementAccountProvider(), resource_name, with_outputs(type(self), props), opts
        )
