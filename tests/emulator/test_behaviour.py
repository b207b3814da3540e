"""The behaviour profile: each knob's alternative against the default, through real boto3.

Lags are measured on the emulator clock, so advancing it (admin API) makes objects visible
without sleeping. The ``emulator`` fixture's reset returns to the behaviour it started with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any

import pytest
from pulumi_partnerlink.emulator import PROFILES, Behaviour, Emulator, Settings
from pulumi_partnerlink.emulator.__main__ import main as cli_main
from pulumi_partnerlink.emulator.context import Context, paginate
from pulumi_partnerlink.emulator.state import Clock, Store

from tests.emulator.conftest import PMA_ACCOUNT, RECEIVER, SENDER, ClientFactory, make_client
from tests.emulator.helpers import error_of
from tests.emulator.test_partnercentral_channel import (
    listing,
    make_pma,
    make_relationship,
    send_start,
)

KEY = "0f" * 32
PC = "partnercentral-channel"


def associate(iot: Any, amazon_id: str = "amzn-1", **kw: Any) -> dict[str, Any]:
    answer: dict[str, Any] = iot.associate_aws_account_with_partner_account(
        Sidewalk={"AmazonId": amazon_id, "AppServerPrivateKey": KEY}, **kw
    )
    return answer


def chain(pc: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A PMA, a relationship under it and the START_SERVICE_PERIOD handshake for it."""
    pma = make_pma(pc)
    rs = make_relationship(pc, pma["id"])
    return pma, rs, send_start(pc, pma["id"], rs["id"])


def get_relationship(pc: Any, pma: dict[str, Any], rs: dict[str, Any]) -> dict[str, Any]:
    detail: dict[str, Any] = pc.get_relationship(
        catalog="AWS", identifier=rs["id"], programManagementAccountIdentifier=pma["id"]
    )["relationshipDetail"]
    return detail


# ------------------------------------------------------------------------ specs


@pytest.mark.parametrize("name", list(PROFILES))
def test_every_profile_parses_and_is_named_back(name: str) -> None:
    behaviour = Behaviour.parse(name)
    assert behaviour.profile() == name
    assert Behaviour.parse(behaviour.spec()) == behaviour == Behaviour.parse(behaviour.knobs())


def test_the_default_profile_is_todays_behaviour() -> None:
    assert Behaviour.parse("default") == Behaviour() == Behaviour.parse(None)
    assert Behaviour().settings == Settings()
    assert Behaviour().spec() == ""


def test_specs_combine_profiles_and_knobs() -> None:
    assert Behaviour.parse("lag,sparse") == Behaviour(list_lag=3, get_lag=5, omit="all")
    assert Behaviour.parse("list_lag=3,omit=Arn+status,unique_pma=false") == Behaviour(
        list_lag=3, omit=("Arn", "status"), unique_pma=False
    )
    assert Behaviour.parse({"list_lag": 3}) == Behaviour(list_lag=3)
    assert Behaviour.parse({"profile": "lag", "get_lag": 1}) == Behaviour(list_lag=3, get_lag=1)
    assert Behaviour.parse('{"omit": ["Arn"], "page_cap": null}') == Behaviour(omit=("Arn",))
    assert Behaviour.parse("lag, list_lag=1") == Behaviour(list_lag=1, get_lag=5)
    assert Behaviour.parse("page_cap=4", Behaviour(list_lag=2)) == Behaviour(list_lag=2, page_cap=4)
    assert Behaviour.parse("lag").spec() == "list_lag=3,get_lag=5"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "lagg",
            "unknown behaviour profile 'lagg' (did you mean 'lag'?); profiles: default, lag, "
            "sparse, tokens-conflict, tokens-new, owner-listing, loose, pages, inactive, conflicts, unlimited",
        ),
        ("list_lagg=3", "unknown behaviour knob 'list_lagg' (did you mean 'list_lag'?)"),
        ({"uniq_pma": False}, "unknown behaviour knob 'uniq_pma' (did you mean 'unique_pma'?)"),
        ("list_lag=-1", "list_lag must be a number of seconds >= 0 (and < 1e9), not '-1'"),
        ("token_window=0", "token_window must be a number of seconds > 0 (and < 1e9), not '0'"),
        ({"get_lag": True}, "get_lag must be a number, not True"),
        ("list_lag=nan", "list_lag must be a finite number, not 'nan'"),
        (
            "omit=Arnn",
            "omit: 'Arnn' is not a response member of either service (did you mean 'Arn'?)",
        ),
        (
            "omit=all+Arn",
            "omit: 'all' is not a response member of either service "
            "(all stands alone, not in a list of names)",
        ),
        (
            {"omit": 3},
            "omit must be 'none', 'all' or member names (a list, or 'A+B'), not 3",
        ),
        (
            "token_after_delete=neww",
            "token_after_delete must be one of replay, conflict, new, not 'neww' "
            "(did you mean 'new'?)",
        ),
        ("unique_pma=maybe", "unique_pma must be true or false, not 'maybe'"),
        ("create_conflicts=1.5", "create_conflicts must be a whole number, not '1.5'"),
        ("page_cap=0", "page_cap must be a page size >= 1 or none, not '0'"),
        (
            "list_lag",
            "unknown behaviour profile 'list_lag' (list_lag is a knob: write "
            "list_lag=VALUE); profiles: default, lag, sparse, tokens-conflict, tokens-new, "
            "owner-listing, loose, pages, inactive, conflicts, unlimited",
        ),
        (
            "[1]",
            "unknown behaviour profile '[1]'; profiles: default, lag, sparse, "
            "tokens-conflict, tokens-new, owner-listing, loose, pages, inactive, conflicts, unlimited",
        ),
        (
            '{"list_lag": ',
            "a behaviour in JSON must be a JSON object: Expecting value: line 1 "
            "column 14 (char 13)",
        ),
        ({"profile": 3}, "profile must be a string of profile names (e.g. 'lag,sparse')"),
        (3, "a behaviour is a profile name, 'knob=value,...', a mapping or a Behaviour, not int"),
    ],
)
def test_bad_specs_are_refused_naming_the_knob(spec: Any, message: str) -> None:
    with pytest.raises(ValueError) as info:
        Behaviour.parse(spec)
    assert str(info.value) == message


# ------------------------------------------------------------------------ lags


def test_list_lag_hides_new_objects_from_every_list(
    client: ClientFactory, emulator: Emulator
) -> None:
    emulator.set_behaviour("list_lag=3")
    pc, iot = client(PC), client("iotwireless")
    pma, rs, hs = chain(pc)
    associate(iot)
    assert pc.list_program_management_accounts(catalog="AWS")["items"] == []
    assert pc.list_relationships(catalog="AWS")["items"] == []
    assert listing(pc) == []
    assert iot.list_partner_accounts()["Sidewalk"] == []
    assert get_relationship(pc, pma, rs)["id"] == rs["id"]  # reads by id do not lag
    emulator.advance_clock(3)
    assert [p["id"] for p in pc.list_program_management_accounts(catalog="AWS")["items"]] == [
        pma["id"]
    ]
    assert [r["id"] for r in pc.list_relationships(catalog="AWS")["items"]] == [rs["id"]]
    assert [h["id"] for h in listing(pc)] == [hs["id"]]
    assert [a["AmazonId"] for a in iot.list_partner_accounts()["Sidewalk"]] == ["amzn-1"]


def test_get_lag_answers_not_found_until_the_object_settles(
    client: ClientFactory, emulator: Emulator
) -> None:
    emulator.set_behaviour({"get_lag": 5})
    pc, iot = client(PC), client("iotwireless")
    pma = make_pma(pc)
    rs = make_relationship(pc, pma["id"])
    associate(iot)
    code, message, status, resp = error_of(get_relationship, pc, pma, rs)
    assert (code, message, status) == (
        "ResourceNotFoundException",
        f"Relationship {rs['id']} was not found",
        400,
    )
    assert (resp["resourceId"], resp["resourceType"]) == (rs["id"], "Relationship")
    code, message, status, resp = error_of(
        iot.get_partner_account, PartnerAccountId="amzn-1", PartnerType="Sidewalk"
    )
    assert (code, message, status) == (
        "ResourceNotFoundException",
        "Partner account amzn-1 does not exist",
        404,
    )
    assert [r["id"] for r in pc.list_relationships(catalog="AWS")["items"]] == [rs["id"]]
    emulator.advance_clock(5)
    assert get_relationship(pc, pma, rs)["id"] == rs["id"]
    got = iot.get_partner_account(PartnerAccountId="amzn-1", PartnerType="Sidewalk")
    assert got["Sidewalk"]["AmazonId"] == "amzn-1"


# ------------------------------------------------------------------------ omit


def test_omit_all_keeps_identifiers_tokens_and_containers(
    client: ClientFactory, emulator: Emulator
) -> None:
    pc, iot = client(PC), client("iotwireless")
    full_pma = make_pma(pc, tags=[{"key": "env", "value": "test"}])
    emulator.set_behaviour("sparse")
    pma = make_pma(pc, PMA_ACCOUNT[:-1] + "4")
    assert pma == {"id": pma["id"]}
    rs = make_relationship(pc, pma["id"])
    assert rs == {"id": rs["id"]}
    assert get_relationship(pc, pma, rs) == {"id": rs["id"]}
    page = pc.list_program_management_accounts(catalog="AWS", maxResults=1)
    assert page["items"] == [{"id": full_pma["id"]}] and page["nextToken"]
    hs = send_start(pc, pma["id"], rs["id"])
    assert hs == {"id": hs["id"]}
    (item,) = listing(pc)
    assert item == {"id": hs["id"], "detail": {"startServicePeriodHandshakeDetail": {}}}
    # Tag members are required by the model: never dropped.
    assert pc.list_tags_for_resource(resourceArn=full_pma["arn"])["tags"] == [
        {"key": "env", "value": "test"}
    ]
    answer = associate(iot)
    assert answer["Sidewalk"] == {"AmazonId": "amzn-1"} and "Arn" not in answer
    got = iot.get_partner_account(PartnerAccountId="amzn-1", PartnerType="Sidewalk")
    assert got["Sidewalk"] == {"AmazonId": "amzn-1"} and "AccountLinked" not in got
    listed = iot.list_partner_accounts()
    assert listed["Sidewalk"] == [{"AmazonId": "amzn-1"}]
    # Errors keep every member.
    _, _, _, resp = error_of(
        pc.get_relationship,
        catalog="AWS",
        identifier="rs-0000000000000",
        programManagementAccountIdentifier=pma["id"],
    )
    assert (resp["resourceId"], resp["resourceType"]) == ("rs-0000000000000", "Relationship")
    caller = client("sts").get_caller_identity()  # sts is not one of the two services
    assert caller["Account"] == SENDER and caller["Arn"]


def test_omit_names_drops_those_members_anywhere(client: ClientFactory, emulator: Emulator) -> None:
    pc, iot = client(PC), client("iotwireless")
    emulator.set_behaviour("omit=Arn+status")
    pma = make_pma(pc)
    (item,) = pc.list_program_management_accounts(catalog="AWS")["items"]
    assert "status" not in item and item["arn"] == pma["arn"]  # names are exact: arn stays
    answer = associate(iot)
    assert "Arn" not in answer and answer["Sidewalk"]["AppServerPrivateKey"] == KEY
    got = iot.get_partner_account(PartnerAccountId="amzn-1", PartnerType="Sidewalk")
    assert "Arn" not in got["Sidewalk"] and got["Sidewalk"]["Fingerprint"]
    emulator.set_behaviour("default")
    assert pc.list_program_management_accounts(catalog="AWS")["items"][0]["status"] == "PENDING"
    assert associate(iot, "amzn-2")["Arn"]


# ------------------------------------------------------------------------ client tokens


def test_token_window_knob(client: ClientFactory, emulator: Emulator) -> None:
    emulator.set_behaviour("token_window=60")
    pc = client(PC)
    first = make_pma(pc, clientToken="t")
    emulator.advance_clock(30)
    assert make_pma(pc, clientToken="t") == first
    pc.delete_program_management_account(catalog="AWS", identifier=first["id"])
    emulator.advance_clock(31)
    assert make_pma(pc, clientToken="t")["id"] != first["id"]


def test_token_after_delete_conflict(client: ClientFactory, emulator: Emulator) -> None:
    emulator.set_behaviour("token_after_delete=conflict")
    pc, iot = client(PC), client("iotwireless")
    first = make_pma(pc, clientToken="tok-1")
    assert make_pma(pc, clientToken="tok-1") == first  # alive: replayed
    pc.delete_program_management_account(catalog="AWS", identifier=first["id"])
    code, message, status, resp = error_of(make_pma, pc, clientToken="tok-1")
    assert (code, message, status) == (
        "ConflictException",
        f"Client token tok-1 created {first['id']}, which was deleted since",
        400,
    )
    assert (resp["resourceId"], resp["resourceType"]) == ("tok-1", "ClientToken")
    associate(iot, ClientRequestToken="tok-2")
    iot.disassociate_aws_account_from_partner_account(
        PartnerAccountId="amzn-1", PartnerType="Sidewalk"
    )
    code, _, status, resp = error_of(associate, iot, ClientRequestToken="tok-2")
    assert (code, status) == ("ConflictException", 409)
    assert (resp["ResourceId"], resp["ResourceType"]) == ("tok-2", "ClientToken")


def test_token_after_delete_new_creates_again(client: ClientFactory, emulator: Emulator) -> None:
    emulator.set_behaviour("tokens-new")
    pc = client(PC)
    first = make_pma(pc, clientToken="tok-1")
    pc.delete_program_management_account(catalog="AWS", identifier=first["id"])
    second = make_pma(pc, clientToken="tok-1", displayName="Other")  # forgotten: no mismatch
    assert second["id"] != first["id"]
    assert make_pma(pc, clientToken="tok-1", displayName="Other") == second
    (item,) = pc.list_program_management_accounts(catalog="AWS")["items"]
    assert item["id"] == second["id"]


def test_a_canceled_handshake_still_exists_for_its_token(
    client: ClientFactory, emulator: Emulator
) -> None:
    emulator.set_behaviour("token_after_delete=conflict")
    pc = client(PC)
    pma = make_pma(pc)
    rs = make_relationship(pc, pma["id"])
    args = {
        "handshakeType": "START_SERVICE_PERIOD",
        "catalog": "AWS",
        "associatedResourceIdentifier": rs["id"],
        "payload": {
            "startServicePeriodPayload": {
                "programManagementAccountIdentifier": pma["id"],
                "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
                "minimumNoticeDays": "30",
            }
        },
        "clientToken": "tok-h",
    }
    hs = pc.create_channel_handshake(**args)["channelHandshakeDetail"]
    pc.cancel_channel_handshake(catalog="AWS", identifier=hs["id"])
    assert pc.create_channel_handshake(**args)["channelHandshakeDetail"] == hs


def test_a_deleted_pma_kept_inactive_counts_as_deleted_for_its_token(
    client: ClientFactory, emulator: Emulator
) -> None:
    emulator.set_behaviour("inactive,token_after_delete=conflict")
    pc = client(PC)
    first = make_pma(pc, clientToken="tok-1")
    pc.delete_program_management_account(catalog="AWS", identifier=first["id"])
    code, _, _, resp = error_of(make_pma, pc, clientToken="tok-1")
    assert (code, resp["resourceType"]) == ("ConflictException", "ClientToken")


def test_token_mismatch_as_validation_exception(client: ClientFactory, emulator: Emulator) -> None:
    emulator.set_behaviour("tokens-conflict")
    pc, iot = client(PC), client("iotwireless")
    make_pma(pc, clientToken="tok-1")
    code, message, status, resp = error_of(make_pma, pc, clientToken="tok-1", displayName="B")
    assert (code, message, status) == (
        "ValidationException",
        "Client token tok-1 was already used with different parameters",
        400,
    )
    assert resp["reason"] == "REQUEST_VALIDATION_FAILED"
    assert resp["fieldList"] == [{"name": "clientToken", "code": "idempotency", "message": message}]
    associate(iot, ClientRequestToken="tok-2")
    code, message, status, resp = error_of(
        iot.associate_aws_account_with_partner_account,
        Sidewalk={"AmazonId": "amzn-1", "AppServerPrivateKey": "ab" * 32},
        ClientRequestToken="tok-2",
    )
    # IoT Wireless documents the 409 for this: the knob does not play there.
    assert (code, status) == ("ConflictException", 409)
    assert resp["ResourceType"] == "ClientToken" and "fieldList" not in resp


# ------------------------------------------------------------------------ handshake listings


def test_sender_listing_default_matches_the_sender(client: ClientFactory) -> None:
    pc = client(PC)
    _, _, hs = chain(pc)
    (item,) = listing(pc)
    assert item["id"] == hs["id"]
    assert item["ownerAccountId"] == item["senderAccountId"] == SENDER
    assert hs["arn"].split(":")[4] == SENDER
    assert listing(client(PC, PMA_ACCOUNT)) == []


def test_owner_differs_owns_service_periods_by_the_program_account(
    client: ClientFactory, emulator: Emulator
) -> None:
    emulator.set_behaviour("owner_differs=true")
    pc, program = client(PC), client(PC, PMA_ACCOUNT)
    pma, _, hs = chain(pc)
    assert hs["arn"].split(":")[4] == PMA_ACCOUNT
    (item,) = listing(pc)  # sender_listing is still "sender"
    assert (item["ownerAccountId"], item["senderAccountId"], item["receiverAccountId"]) == (
        PMA_ACCOUNT,
        SENDER,
        RECEIVER,
    )
    assert listing(program) == []
    pma_hs = pc.create_channel_handshake(
        handshakeType="PROGRAM_MANAGEMENT_ACCOUNT",
        catalog="AWS",
        associatedResourceIdentifier=pma["id"],
    )["channelHandshakeDetail"]
    (item,) = listing(pc, "PROGRAM_MANAGEMENT_ACCOUNT")
    assert item["id"] == pma_hs["id"] and item["ownerAccountId"] == SENDER
    emulator.set_behaviour("sender_listing=owner,owner_differs=true")
    assert listing(pc) == []  # a sender never sees its own service-period handshakes
    assert [h["id"] for h in listing(program)] == [hs["id"]]
    assert [h["id"] for h in listing(pc, "PROGRAM_MANAGEMENT_ACCOUNT")] == [pma_hs["id"]]
    emulator.set_behaviour("owner-listing")
    assert [h["id"] for h in listing(pc)] == [hs["id"]]
    assert [h["id"] for h in listing(program)] == [hs["id"]]
    assert [h["id"] for h in listing(client(PC, RECEIVER), participant="RECEIVER")] == [hs["id"]]
    pc.cancel_channel_handshake(catalog="AWS", identifier=hs["arn"])  # the sender still cancels


# ------------------------------------------------------------------------ uniqueness


def test_uniqueness_rules_hold_by_default(client: ClientFactory) -> None:
    pc = client(PC)
    pma, rs, _ = chain(pc)
    assert error_of(make_pma, pc)[0] == "ConflictException"
    assert error_of(make_relationship, pc, pma["id"])[0] == "ConflictException"
    assert error_of(send_start, pc, pma["id"], rs["id"])[0] == "ConflictException"


@pytest.mark.parametrize(
    "knob", ["unique_pma", "unique_relationship", "unique_pending_handshake", "loose"]
)
def test_each_uniqueness_rule_can_be_lifted(
    client: ClientFactory, emulator: Emulator, knob: str
) -> None:
    emulator.set_behaviour(knob if knob == "loose" else f"{knob}=false")
    pc = client(PC)
    pma, rs, hs = chain(pc)
    lifted = {
        "unique_pma": lambda: make_pma(pc),
        "unique_relationship": lambda: make_relationship(pc, pma["id"]),
        "unique_pending_handshake": lambda: send_start(pc, pma["id"], rs["id"]),
    }
    for name, again in lifted.items():
        if knob in (name, "loose"):
            assert again()["id"] not in (pma["id"], rs["id"], hs["id"])
        else:
            assert error_of(again)[0] == "ConflictException"


# ------------------------------------------------------------------------ business conflicts


def test_create_conflicts_answer_the_first_calls_of_each_create(
    client: ClientFactory, emulator: Emulator
) -> None:
    emulator.set_behaviour("conflicts")
    pc, iot = client(PC), client("iotwireless")
    code, message, status, resp = error_of(make_pma, pc, clientToken="tok-1")
    assert (code, status) == ("ConflictException", 400)
    assert message == (
        "CreateProgramManagementAccount conflicts with a concurrent change; retry "
        "(behaviour create_conflicts of the emulator)"
    )
    assert "resourceType" not in resp
    assert pc.list_program_management_accounts(catalog="AWS")["items"] == []  # nothing created
    pma = make_pma(pc, clientToken="tok-1")
    assert error_of(make_relationship, pc, pma["id"])[0] == "ConflictException"
    rs = make_relationship(pc, pma["id"])
    assert error_of(send_start, pc, pma["id"], rs["id"])[0] == "ConflictException"
    send_start(pc, pma["id"], rs["id"])
    code, _, status, resp = error_of(associate, iot)
    assert (code, status, resp.get("ResourceType")) == ("ConflictException", 409, None)
    associate(iot)
    pc.update_program_management_account(catalog="AWS", identifier=pma["id"], displayName="X")
    emulator.set_behaviour("conflicts")  # a new behaviour counts again
    assert error_of(make_pma, pc, "444444444444")[0] == "ConflictException"
    emulator.reset()  # so does a reset, back to the default here
    make_pma(pc)


# ------------------------------------------------------------------------ expiry, INACTIVE


def test_handshake_expiry_knob(client: ClientFactory, emulator: Emulator) -> None:
    emulator.set_behaviour("handshake_expiry=60")
    pc = client(PC)
    chain(pc)
    emulator.advance_clock(59)
    assert listing(pc)[0]["status"] == "PENDING"
    emulator.advance_clock(2)
    assert listing(pc)[0]["status"] == "EXPIRED"


def test_deleted_pma_listed_as_inactive(client: ClientFactory, emulator: Emulator) -> None:
    emulator.set_behaviour("inactive")
    pc = client(PC)
    pma = make_pma(pc, clientToken="tok-1", tags=[{"key": "k", "value": "v"}])
    pc.delete_program_management_account(catalog="AWS", identifier=pma["id"])
    (item,) = pc.list_program_management_accounts(catalog="AWS")["items"]
    assert (item["id"], item["status"]) == (pma["id"], "INACTIVE")
    assert [
        p["id"]
        for p in pc.list_program_management_accounts(catalog="AWS", statuses=["INACTIVE"])["items"]
    ] == [pma["id"]]
    replay = make_pma(pc, clientToken="tok-1", tags=[{"key": "k", "value": "v"}])
    assert replay == pma  # the replay still names it
    for call in (
        lambda: pc.delete_program_management_account(catalog="AWS", identifier=pma["id"]),
        lambda: pc.update_program_management_account(
            catalog="AWS", identifier=pma["id"], displayName="X"
        ),
        lambda: make_relationship(pc, pma["id"]),
        lambda: pc.list_tags_for_resource(resourceArn=pma["arn"]),
    ):
        assert error_of(call)[0] == "ResourceNotFoundException"
    again = make_pma(pc)  # the tombstone holds no uniqueness
    assert again["id"] != pma["id"]
    emulator.set_behaviour("default")
    assert [p["id"] for p in pc.list_program_management_accounts(catalog="AWS")["items"]] == [
        again["id"]
    ]


def test_deleted_pma_is_gone_by_default(client: ClientFactory) -> None:
    pc = client(PC)
    pma = make_pma(pc)
    pc.delete_program_management_account(catalog="AWS", identifier=pma["id"])
    assert pc.list_program_management_accounts(catalog="AWS")["items"] == []


# ------------------------------------------------------------------------ pages


def _pages(call: Any, token: str, **kw: Any) -> list[list[Any]]:
    pages, next_token = [], None
    for _ in range(100):
        answer = call(**kw, **({token: next_token} if next_token else {}))
        pages.append(answer.get("items", answer.get("Sidewalk")))
        next_token = answer.get(token)
        if not next_token:
            return pages
    raise AssertionError("the listing did not end")


def test_page_cap_caps_whatever_max_results_says(client: ClientFactory, emulator: Emulator) -> None:
    pc = client(PC)
    made = [make_pma(pc, f"44444444444{i}")["id"] for i in range(5)]
    emulator.set_behaviour("page_cap=2")
    pages = _pages(pc.list_program_management_accounts, "nextToken", catalog="AWS", maxResults=50)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(i["id"] for p in pages for i in p) == sorted(made)


def test_short_pages_are_short_sometimes_empty_and_complete(
    client: ClientFactory, emulator: Emulator
) -> None:
    pc, iot = client(PC), client("iotwireless")
    made = [make_pma(pc, f"44444444444{i}")["id"] for i in range(8)]
    for i in range(6):
        associate(iot, f"amzn-{i}")
    emulator.set_behaviour("short_pages=true")
    sizes: list[int] = []
    for account in (f"55555555555{i}" for i in range(6)):  # several queries, several shapes
        pages = _pages(
            pc.list_program_management_accounts,
            "nextToken",
            catalog="AWS",
            maxResults=4,
            displayNames=["Reseller PMA", account],
        )
        assert [i["id"] for p in pages for i in p] == made  # every item once, in order
        assert all(len(p) <= 4 for p in pages)
        sizes += [len(p) for p in pages]
    assert 0 in sizes and any(0 < n < 4 for n in sizes)
    pages = _pages(iot.list_partner_accounts, "NextToken", MaxResults=3)
    assert sorted(a["AmazonId"] for p in pages for a in p) == [f"amzn-{i}" for i in range(6)]
    # The same request gets the same page (a retry is not a different answer).
    first, again = (
        pc.list_program_management_accounts(catalog="AWS", maxResults=4) for _ in range(2)
    )
    assert (first["items"], first.get("nextToken")) == (again["items"], again.get("nextToken"))


def test_short_pages_never_answer_two_empty_pages_in_a_row() -> None:
    """Over many queries: every item once, in order, and an empty page is followed by items."""
    ctx = Context("111111111111", "us-east-1", Store(), Clock(), Behaviour(short_pages=True))
    items = list(range(10))
    empties = 0
    for query in range(200):
        params: dict[str, Any] = {"q": query, "maxResults": 3}
        seen, empty_before = [], False
        for _ in range(40):
            page, token = paginate(ctx, items, params, default=3)
            assert page or not empty_before
            empty_before, empties = not page, empties + (not page)
            seen += page
            if token is None:
                break
            params["nextToken"] = token
        assert seen == items
    assert empties > 0


def test_the_pages_profile_still_ends(client: ClientFactory, emulator: Emulator) -> None:
    pc = client(PC)
    made = [make_pma(pc, f"44444444444{i}")["id"] for i in range(7)]
    emulator.set_behaviour("pages")
    pages = _pages(pc.list_program_management_accounts, "nextToken", catalog="AWS")
    assert [i["id"] for p in pages for i in p] == made
    assert all(len(p) <= 2 for p in pages)


# ------------------------------------------------------------------------ admin API


def test_admin_behaviour_get_merge_profile_reset(emulator: Emulator) -> None:
    doc = emulator.admin("GET", "behaviour")
    assert doc == {"behaviour": Behaviour().knobs(), "profile": "default", "spec": ""}
    doc = emulator.admin("POST", "behaviour", {"list_lag": 3})
    assert doc["behaviour"]["list_lag"] == 3 and doc["spec"] == "list_lag=3"
    doc = emulator.admin("POST", "behaviour", {"get_lag": 5})  # merged into the current one
    assert (doc["profile"], doc["spec"]) == ("lag", "list_lag=3,get_lag=5")
    doc = emulator.admin("POST", "behaviour", {"profile": "sparse"})  # from the defaults
    assert (doc["profile"], doc["behaviour"]["omit"]) == ("sparse", "all")
    doc = emulator.admin("POST", "behaviour", {"omit": ["Arn", "status"]})
    assert doc["behaviour"]["omit"] == ["Arn", "status"] and doc["profile"] is None
    assert emulator.admin("POST", "behaviour", {"reset": True})["profile"] == "default"
    assert emulator.set_behaviour("lag,page_cap=3") == Behaviour(list_lag=3, get_lag=5, page_cap=3)
    assert emulator.get_behaviour() == Behaviour.parse("lag,page_cap=3")
    assert emulator.set_behaviour() == Behaviour()
    emulator.set_behaviour("pages")
    emulator.reset()
    assert emulator.get_behaviour() == Behaviour()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"list_lagg": 3}, "unknown behaviour knob 'list_lagg' (did you mean 'list_lag'?)"),
        ({"list_lag": "soon"}, "list_lag must be a number, not 'soon'"),
        ({"page_cap": True}, "page_cap must be a number, not True"),
        ({"omit": [1]}, "omit must be 'none', 'all' or member names (a list, or 'A+B'), not [1]"),
        (
            {"profile": "nope"},
            "unknown behaviour profile 'nope'; profiles: default, lag, sparse, "
            "tokens-conflict, tokens-new, owner-listing, loose, pages, inactive, conflicts, unlimited",
        ),
        ({"reset": "yes"}, "reset must be true or false"),
        (
            {"reset": True, "profile": "lag"},
            "give reset or profile, not both (a profile starts from the defaults)",
        ),
        ([1], "the body must be a JSON object, not a JSON list"),
    ],
)
def test_admin_behaviour_refuses_bad_bodies(emulator: Emulator, body: Any, error: str) -> None:
    req = urllib.request.Request(
        f"{emulator.endpoint_url}/_emulator/behaviour",
        data=json.dumps(body).encode(),
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=10)
    assert info.value.code == 400
    assert json.loads(info.value.read()) == {"error": error}
    assert emulator.get_behaviour() == Behaviour()  # nothing changed


def test_emulator_started_with_a_behaviour_resets_to_it() -> None:
    with Emulator(behaviour="lag") as emu:
        assert emu.get_behaviour() == Behaviour.parse("lag")
        emu.set_behaviour("sparse")
        emu.reset()
        assert emu.get_behaviour() == Behaviour.parse("lag")
        pc = make_client(emu, PC)
        make_pma(pc)
        assert pc.list_program_management_accounts(catalog="AWS")["items"] == []


def test_settings_still_set_their_two_knobs() -> None:
    with Emulator(settings=Settings(token_window_seconds=60), behaviour="lag") as emu:
        assert emu.get_behaviour() == Behaviour(token_window=60, list_lag=3, get_lag=5)
    with pytest.raises(ValueError, match="give settings or a Behaviour, not both"):
        Emulator(settings=Settings(), behaviour=Behaviour())
    with pytest.raises(ValueError, match="behaviour: unknown behaviour knob 'x'"):
        Emulator(behaviour={"x": 1})


def test_the_environment_variable_sets_the_starting_behaviour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PARTNERLINK_EMULATOR_BEHAVIOUR", "inactive,list_lag=1")
    with Emulator() as emu:
        assert emu.get_behaviour() == Behaviour(deleted_pma_listed=True, list_lag=1)
    with Emulator(behaviour="default") as emu:  # an explicit behaviour wins
        assert emu.get_behaviour() == Behaviour()
    monkeypatch.setenv("PARTNERLINK_EMULATOR_BEHAVIOUR", "lagg")
    with pytest.raises(ValueError, match=r"^\$PARTNERLINK_EMULATOR_BEHAVIOUR: unknown"):
        Emulator()


# ------------------------------------------------------------------------ CLI


@pytest.mark.parametrize("flag", ["--behaviour", "--profile"])
def test_cli_refuses_a_bad_behaviour(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli_main([flag, "lag,list_lagg=3"])
    assert info.value.code == 2
    assert (
        "argument --behaviour/--profile: unknown behaviour knob 'list_lagg' (did you mean "
        "'list_lag'?)" in capsys.readouterr().err
    )


def test_cli_serves_the_behaviour_it_is_given() -> None:
    env = {**os.environ, "PARTNERLINK_EMULATOR_BEHAVIOUR": "conflicts"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pulumi_partnerlink.emulator",
            "--port",
            "0",
            "--token-window",
            "60",
            "--profile",
            "lag",
            "--behaviour",
            "omit=Arn+status,page_cap=2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        url = proc.stdout.readline().strip().rsplit(" ", 1)[1]
        with urllib.request.urlopen(f"{url}/_emulator/behaviour", timeout=10) as resp:
            doc = json.loads(resp.read())
        # The flags replace the environment's spec; --token-window is the base they apply to.
        assert Behaviour.parse(doc["behaviour"]) == Behaviour(
            token_window=60, list_lag=3, get_lag=5, omit=("Arn", "status"), page_cap=2
        )
        proc.terminate()
        assert proc.wait(timeout=20) == 0
        assert (
            "partnerlink-emulator behaviour: list_lag=3,get_lag=5,omit=Arn+status,"
            "token_window=60,page_cap=2" in proc.stderr.read()
        )
    finally:
        if proc.poll() is None:
            proc.kill()
