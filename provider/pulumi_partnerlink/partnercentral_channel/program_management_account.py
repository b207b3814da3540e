"""``ProgramManagementAccount``: an account enrolled in a Partner Central channel program.

- ``create`` = CreateProgramManagementAccount (derived client token, tags in the call), then a
  listing narrowed to its account id proves it live; a replay of a deleted one, or a token
  conflict while no PMA exists for (catalog, program, account), steps the token generation.
- ``read`` through the shared, coalesced PMA listing (there is no Get); gone -> empty id.
  ``status`` moves PENDING -> ACTIVE when its PROGRAM_MANAGEMENT_ACCOUNT handshake is accepted;
  that is not drift.
- ``display_name`` updates in place with the current ``revision``, re-reading and retrying once
  the revision went stale; ``tags`` update in place; every other input replaces.
- ``adopt=True`` takes over the PMA of (catalog, program, account) if one exists.
- ``delete`` = DeleteProgramManagementAccount with a client token; gone is success.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._generated.program_management_account import (  # the typed surface, generated from SPEC
    ProgramManagementAccount,
    ProgramManagementAccountArgs,
    ProgramManagementAccountArgsDict,
)
from ..config import ProviderSettings
from ..core import NotFound, Output, Prop, ResourceSpec
from ..core.check import catalog_prop
from ..core.spec import key_prop
from ..dynamic import SpecProvider
from .common import (
    PMA_LISTING,
    SERVICE,
    TAGS,
    ChannelRecordCore,
    channel_props,
    record_output_specs,
    record_outputs,
)

__all__ = [
    "ProgramManagementAccount",
    "ProgramManagementAccountArgs",
    "ProgramManagementAccountArgsDict",
    "ProgramManagementAccountProvider",
]

SPEC = ResourceSpec(
    name="ProgramManagementAccount",
    service=SERVICE,
    create="CreateProgramManagementAccount",
    props=(
        catalog_prop(
            doc="``AWS`` or ``Sandbox`` (replaces; default: ``partnerlink:catalog``, else ``AWS``)."
        ),
        key_prop(
            "program", doc="SOLUTION_PROVIDER, DISTRIBUTION or DISTRIBUTION_SELLER (replaces)."
        ),
        Prop("display_name", required=True, doc="Up to 30 characters (updates in place)."),
        key_prop("account_id", doc="The 12-digit account that manages the program (replaces)."),
        *channel_props(
            "Tags (update in place).",
            "Take over the PMA that already exists for (catalog, program, account) and "
            "apply the declared display name and tags to it. Only consulted at create.",
        ),
    ),
    tags=TAGS,
    noun="program management account",
    doc="A Partner Central Channel program management account (``pma-…``).",
    args_doc="Inputs of a ``ProgramManagementAccount``.",
    outputs=record_output_specs("program_management_account_id", Output("status")),
)


def find_pma(
    settings: ProviderSettings, catalog: str, pma_id: str, account_id: str | None = None
) -> dict[str, Any]:
    """The PMA's summary: from the shared listing, or (``account_id`` given, right after a
    write) from a listing narrowed to that account, recorded into the shared one."""
    if account_id is not None:
        found = PMA_LISTING.fetch(settings, catalog=catalog, accountIds=[account_id])
        PMA_LISTING.remember(settings, found, catalog=catalog)
    else:
        found = PMA_LISTING.get(settings, catalog=catalog)
    item = found.get(pma_id) if pma_id else None
    if item is None:
        raise NotFound(pma_id)
    return item


class ProgramManagementAccountCore(ChannelRecordCore):
    spec = SPEC
    listing = PMA_LISTING
    # AWS keeps one per (catalog, program, account) (adopt relies on it too): a second create with
    # another token cannot make a second one, so a replay is settled by the next token at once.
    duplicate_free = True

    def describe(self, props: Mapping[str, Any]) -> str:
        return f"{props.get('program')} for {props.get('account_id')}"

    def find(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str, fresh: bool
    ) -> dict[str, Any]:
        account = str(props["account_id"]) if fresh else None
        return find_pma(settings, str(props["catalog"]), id_, account)

    def find_existing(
        self, settings: ProviderSettings, props: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        found = PMA_LISTING.fetch(
            settings, catalog=props["catalog"], accountIds=[props["account_id"]]
        )
        # ``program`` and ``accountId`` are optional in the answer: absent is unknown, so such
        # an item may be the one (never taken for another), but a known match comes first.
        candidates = [
            item
            for item in found.values()
            if item.get("program") in (None, props["program"])
            and item.get("accountId") in (None, props["account_id"])
        ]
        candidates.sort(key=lambda i: (i.get("program") is None, i.get("status") == "INACTIVE"))
        return candidates[0] if candidates else None

    def is_gone(self, live: Mapping[str, Any]) -> bool:
        # A deleted PMA that AWS still lists says so with INACTIVE: positive proof of death.
        return live.get("status") == "INACTIVE"

    def outputs_from(self, props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **record_outputs(live, props),
            "program_management_account_id": live.get("id"),
            "status": live.get("status"),
        }


class ProgramManagementAccountProvider(SpecProvider, resource=ProgramManagementAccount):
    """The dynamic provider, pickled into state by reference (this path is public API)."""

    core_class = ProgramManagementAccountCore
