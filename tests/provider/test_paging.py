"""Every listing that decides something reads every page (botocore's paginators): a short or
empty page with a next-page token is not the end. Against the emulator's ``short_pages``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pulumi_partnerlink.config import ProviderSettings
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.partnercentral_channel import common
from pulumi_partnerlink.registry import PROVIDERS

from tests.support.aws import client


@pytest.fixture
def emu(channel_env: None) -> Iterator[Emulator]:
    # Pages of at most one item, some empty; the rates are pacing's tests (they would only
    # slow the many listings here).
    with Emulator(behaviour="page_cap=1,short_pages=true,unlimited") as e:
        yield e


def core(emu: Emulator, kind: str) -> tuple[Any, ProviderSettings]:
    p = PROVIDERS[kind]()
    settings = ProviderSettings(endpoint=emu.endpoint_url, region="us-east-1", pacing=False)
    p.core._settings = settings
    return p.core, settings


def test_adopt_finds_a_relationship_behind_an_empty_first_page(emu: Emulator) -> None:
    pc = client(emu, "partnercentral-channel")
    pma = pc.create_program_management_account(
        catalog="AWS", program="SOLUTION_PROVIDER", displayName="P", accountId="333333333333"
    )["programManagementAccountDetail"]["id"]
    # A customer whose narrowed listing starts with an empty page (one page of one item: the
    # old code read only the first page and missed it).
    for n in range(40):
        account = f"{500000000000 + n}"
        rs = pc.create_relationship(
            catalog="AWS",
            programManagementAccountIdentifier=pma,
            associationType="END_CUSTOMER",
            associatedAccountId=account,
            displayName=f"c{n}",
            sector="COMMERCIAL",
        )["relationshipDetail"]["id"]
        first = pc.list_relationships(
            catalog="AWS",
            programManagementAccountIdentifiers=[pma],
            associatedAccountIds=[account],
            maxResults=100,
        )
        if not first["items"] and first.get("nextToken"):
            break
    else:
        pytest.fail("the emulator's short pages never started a listing with an empty page")
    relationship, settings = core(emu, "ChannelRelationship")
    props = {
        "catalog": "AWS",
        "program_management_account_identifier": pma,
        "associated_account_id": account,
    }
    found = relationship.find_existing(settings, props)
    assert found is not None and found["id"] == rs


def test_every_program_management_account_is_listed_across_pages(emu: Emulator) -> None:
    pc = client(emu, "partnercentral-channel")
    made = [
        pc.create_program_management_account(
            catalog="AWS", program="SOLUTION_PROVIDER", displayName=f"P{n}", accountId=f"{n}" * 12
        )["programManagementAccountDetail"]["id"]
        for n in range(1, 7)
    ]
    pma, settings = core(emu, "ProgramManagementAccount")
    last = pma.find_existing(
        settings,
        {"catalog": "AWS", "program": "SOLUTION_PROVIDER", "account_id": "666666666666"},
    )
    assert last is not None and last["id"] == made[-1]
    # The shared listing refresh reads: every page, one item a page at most.
    before = emu.calls()["partnercentral-channel:ListProgramManagementAccounts"]
    listed = common.PMA_LISTING.fetch(settings, catalog="AWS")
    assert sorted(listed) == sorted(made)
    pages = emu.calls()["partnercentral-channel:ListProgramManagementAccounts"] - before
    assert pages >= len(made)


class _Looping:
    """A listing with no botocore paginator (IoT Wireless's ListPartnerAccounts) whose answers
    repeat a page token: the loop must stop, not spin."""

    def __init__(self) -> None:
        self.calls = 0

    def can_paginate(self, method: str) -> bool:
        return False

    def list_partner_accounts(self, **params: Any) -> dict[str, Any]:
        self.calls += 1
        return {"Sidewalk": [{"AmazonId": f"a{self.calls}"}], "NextToken": "same"}


def test_a_repeated_page_token_stops_the_listing() -> None:
    from pulumi_partnerlink.clients import pages

    api = _Looping()
    with pytest.raises(RuntimeError, match="the same page token twice"):
        list(pages(api, "list_partner_accounts", MaxResults=250))
    assert api.calls == 2
