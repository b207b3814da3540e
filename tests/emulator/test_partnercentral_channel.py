"""Partner Central Channel through boto3 against a started emulator."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.emulator.conftest import PMA_ACCOUNT, RECEIVER, SENDER, ClientFactory
from tests.emulator.helpers import error_of

NOW = dt.datetime.now(dt.timezone.utc)


def make_pma(pc: Any, account: str = PMA_ACCOUNT, **kw: Any) -> dict[str, Any]:
    args = {
        "catalog": "AWS",
        "program": "SOLUTION_PROVIDER",
        "displayName": "Reseller PMA",
        "accountId": account,
        **kw,
    }
    detail: dict[str, Any] = pc.create_program_management_account(**args)[
        "programManagementAccountDetail"
    ]
    return detail


def make_relationship(pc: Any, pma_id: str, account: str = RECEIVER, **kw: Any) -> dict[str, Any]:
    args = {
        "catalog": "AWS",
        "associationType": "END_CUSTOMER",
        "programManagementAccountIdentifier": pma_id,
        "associatedAccountId": account,
        "displayName": "Customer",
        "sector": "COMMERCIAL",
        **kw,
    }
    detail: dict[str, Any] = pc.create_relationship(**args)["relationshipDetail"]
    return detail


def start_payload(pma_id: str, **kw: Any) -> dict[str, Any]:
    body = {
        "programManagementAccountIdentifier": pma_id,
        "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
        "minimumNoticeDays": "30",
        "note": "welcome",
        **kw,
    }
    return {"startServicePeriodPayload": body}


def send_start(pc: Any, pma_id: str, rs_id: str, **kw: Any) -> dict[str, Any]:
    detail: dict[str, Any] = pc.create_channel_handshake(
        handshakeType="START_SERVICE_PERIOD",
        catalog="AWS",
        associatedResourceIdentifier=rs_id,
        payload=start_payload(pma_id, **kw),
    )["channelHandshakeDetail"]
    return detail


def listing(
    pc: Any, htype: str = "START_SERVICE_PERIOD", participant: str = "SENDER", **kw: Any
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = pc.list_channel_handshakes(
        handshakeType=htype, catalog="AWS", participantType=participant, **kw
    )["items"]
    return items


# ------------------------------------------------------------------------ PMAs


def test_pma_becomes_active_when_its_handshake_is_accepted(client: ClientFactory) -> None:
    pc, owner = client("partnercentral-channel"), client("partnercentral-channel", PMA_ACCOUNT)
    pma = make_pma(pc, tags=[{"key": "env", "value": "test"}])
    assert pma["id"].startswith("pma-") and len(pma["id"]) == 17
    assert (
        pma["arn"] == f"arn:aws:partnercentral:us-east-1:{SENDER}:catalog/AWS/"
        f"program-management-account/{pma['id']}"
    )
    (item,) = pc.list_program_management_accounts(catalog="AWS")["items"]
    assert (item["status"], item["revision"], item["accountId"]) == ("PENDING", "1", PMA_ACCOUNT)

    hs = pc.create_channel_handshake(
        handshakeType="PROGRAM_MANAGEMENT_ACCOUNT",
        catalog="AWS",
        associatedResourceIdentifier=pma["arn"],
    )["channelHandshakeDetail"]
    (received,) = listing(owner, "PROGRAM_MANAGEMENT_ACCOUNT", "RECEIVER")
    assert received["receiverAccountId"] == PMA_ACCOUNT and received["senderAccountId"] == SENDER
    assert received["detail"] == {
        "programManagementAccountHandshakeDetail": {"program": "SOLUTION_PROVIDER"}
    }
    accepted = owner.accept_channel_handshake(catalog="AWS", identifier=hs["arn"])[
        "channelHandshakeDetail"
    ]
    assert accepted == {"id": hs["id"], "arn": hs["arn"], "status": "ACCEPTED"}
    (item,) = pc.list_program_management_accounts(catalog="AWS")["items"]
    assert item["status"] == "ACTIVE" and "startDate" in item
    assert pc.list_tags_for_resource(resourceArn=pma["arn"])["tags"] == [
        {"key": "env", "value": "test"}
    ]


def test_pma_update_uses_revision(client: ClientFactory) -> None:
    pc = client("partnercentral-channel")
    pma = make_pma(pc)
    updated = pc.update_program_management_account(
        catalog="AWS", identifier=pma["id"], revision="1", displayName="Renamed"
    )["programManagementAccountDetail"]
    assert (updated["revision"], updated["displayName"]) == ("2", "Renamed")
    code, message, status, resp = error_of(
        pc.update_program_management_account,
        catalog="AWS",
        identifier=pma["id"],
        revision="1",
        displayName="Again",
    )
    assert (code, status) == ("ConflictException", 400)
    assert message == f"ProgramManagementAccount {pma['id']} is at revision 2, not 1"
    assert resp["resourceId"] == pma["id"]


def test_pma_duplicate_and_delete(client: ClientFactory) -> None:
    pc = client("partnercentral-channel")
    pma = make_pma(pc)
    code, _, status, _ = error_of(make_pma, pc)
    assert (code, status) == ("ConflictException", 400)
    rs = make_relationship(pc, pma["id"])
    code, message, _, _ = error_of(
        pc.delete_program_management_account, catalog="AWS", identifier=pma["id"]
    )
    assert code == "ConflictException" and rs["id"] in message
    pc.delete_relationship(
        catalog="AWS", identifier=rs["id"], programManagementAccountIdentifier=pma["id"]
    )
    pc.delete_program_management_account(catalog="AWS", identifier=pma["id"])
    code, message, status, _ = error_of(
        pc.delete_program_management_account, catalog="AWS", identifier=pma["id"]
    )
    assert (code, message, status) == (
        "ResourceNotFoundException",
        f"ProgramManagementAccount {pma['id']} was not found",
        400,
    )


def test_pma_list_filters_sort_and_pages(client: ClientFactory, emulator) -> None:  # type: ignore[no-untyped-def]
    pc = client("partnercentral-channel")
    ids = []
    for i in range(5):
        ids.append(
            make_pma(
                pc,
                account=f"55555555555{i}",
                displayName=f"PMA {i}",
                program="DISTRIBUTION" if i % 2 else "SOLUTION_PROVIDER",
            )["id"]
        )
        emulator.advance_clock(1)
    odd = pc.list_program_management_accounts(catalog="AWS", programs=["DISTRIBUTION"])["items"]
    assert [p["id"] for p in odd] == [ids[1], ids[3]]
    desc = pc.list_program_management_accounts(
        catalog="AWS", sort={"sortOrder": "Descending", "sortBy": "UpdatedAt"}
    )
    assert [p["id"] for p in desc["items"]] == ids[::-1]
    page = pc.list_program_management_accounts(catalog="AWS", maxResults=2)
    assert [p["id"] for p in page["items"]] == ids[:2]
    rest = pc.list_program_management_accounts(
        catalog="AWS", maxResults=2, nextToken=page["nextToken"]
    )
    assert [p["id"] for p in rest["items"]] == ids[2:4]
    assert pc.list_program_management_accounts(catalog="Sandbox")["items"] == []
    assert (
        client("partnercentral-channel", RECEIVER).list_program_management_accounts(catalog="AWS")[
            "items"
        ]
        == []
    )


# ------------------------------------------------------------------------ relationships


def test_relationship_crud(client: ClientFactory) -> None:
    pc = client("partnercentral-channel")
    pma = make_pma(pc)
    plan = {"resoldEnterprise": {"coverage": "ENTIRE_ORGANIZATION", "tamLocation": "us"}}
    rs = make_relationship(
        pc, pma["id"], requestedSupportPlan=plan, resaleAccountModel="END_CUSTOMER"
    )
    assert rs["arn"] == f"{pma['arn']}/relationship/{rs['id']}"
    got = pc.get_relationship(
        catalog="AWS", programManagementAccountIdentifier=pma["id"], identifier=rs["id"]
    )
    detail = got["relationshipDetail"]
    assert (detail["revision"], detail["associatedAccountId"], detail["resaleAccountModel"]) == (
        "1",
        RECEIVER,
        "END_CUSTOMER",
    )
    upd = pc.update_relationship(
        catalog="AWS",
        identifier=rs["arn"],
        programManagementAccountIdentifier=pma["id"],
        revision="1",
        displayName="Customer Two",
    )["relationshipDetail"]
    assert (upd["revision"], upd["displayName"]) == ("2", "Customer Two")
    code, _, _, _ = error_of(make_relationship, pc, pma["id"])
    assert code == "ConflictException"
    (item,) = pc.list_relationships(catalog="AWS", associationTypes=["END_CUSTOMER"])["items"]
    assert item["id"] == rs["id"]
    assert (
        pc.list_relationships(catalog="AWS", associatedAccountIds=["999999999999"])["items"] == []
    )
    pc.delete_relationship(
        catalog="AWS", identifier=rs["id"], programManagementAccountIdentifier=pma["id"]
    )
    code, _, _, _ = error_of(
        pc.get_relationship,
        catalog="AWS",
        programManagementAccountIdentifier=pma["id"],
        identifier=rs["id"],
    )
    assert code == "ResourceNotFoundException"


def test_relationship_needs_own_pma(client: ClientFactory) -> None:
    pma = make_pma(client("partnercentral-channel"))
    code, message, _, _ = error_of(
        make_relationship, client("partnercentral-channel", RECEIVER), pma["id"]
    )
    assert (code, message) == (
        "ResourceNotFoundException",
        f"ProgramManagementAccount {pma['id']} was not found",
    )


# ------------------------------------------------------------------------ handshakes


@pytest.fixture
def chain(client: ClientFactory) -> dict[str, Any]:
    pc = client("partnercentral-channel")
    pma = make_pma(pc)
    rs = make_relationship(pc, pma["id"])
    return {
        "pc": pc,
        "pma": pma,
        "rs": rs,
        "customer": client("partnercentral-channel", RECEIVER),
        "stranger": client("partnercentral-channel", "999999999999"),
    }


def test_handshake_receiver_accepts(chain: dict[str, Any]) -> None:
    pc, customer, pma, rs = chain["pc"], chain["customer"], chain["pma"], chain["rs"]
    hs = send_start(pc, pma["id"], rs["id"])
    assert hs["id"].startswith("ch-") and len(hs["id"]) == 16
    (sent,) = listing(pc)
    assert (sent["status"], sent["receiverAccountId"], sent["associatedResourceId"]) == (
        "PENDING",
        RECEIVER,
        rs["id"],
    )
    assert sent["detail"]["startServicePeriodHandshakeDetail"] == {
        "note": "welcome",
        "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
        "minimumNoticeDays": "30",
    }
    assert listing(customer) == [] and len(listing(customer, participant="RECEIVER")) == 1
    code, message, status, _ = error_of(
        pc.accept_channel_handshake, catalog="AWS", identifier=hs["id"]
    )
    assert (code, message, status) == (
        "AccessDeniedException",
        f"Only the receiver of handshake {hs['id']} can do this",
        400,
    )
    code, _, _, _ = error_of(
        chain["stranger"].accept_channel_handshake, catalog="AWS", identifier=hs["id"]
    )
    assert code == "ResourceNotFoundException"
    customer.accept_channel_handshake(catalog="AWS", identifier=hs["id"])
    (sent,) = listing(pc)
    assert (
        sent["status"] == "ACCEPTED"
        and "startDate" in sent["detail"]["startServicePeriodHandshakeDetail"]
    )
    code, message, _, resp = error_of(
        customer.reject_channel_handshake, catalog="AWS", identifier=hs["id"]
    )
    assert (code, message) == (
        "ValidationException",
        f"Handshake {hs['id']} is ACCEPTED, not PENDING",
    )
    assert resp["reason"] == "BUSINESS_VALIDATION_FAILED"


def test_handshake_cancel_only_by_sender_while_pending(chain: dict[str, Any]) -> None:
    pc, customer = chain["pc"], chain["customer"]
    hs = send_start(pc, chain["pma"]["id"], chain["rs"]["id"])
    code, _, _, _ = error_of(customer.cancel_channel_handshake, catalog="AWS", identifier=hs["id"])
    assert code == "AccessDeniedException"
    out = pc.cancel_channel_handshake(catalog="AWS", identifier=hs["id"])["channelHandshakeDetail"]
    assert out["status"] == "CANCELED"
    code, message, _, _ = error_of(pc.cancel_channel_handshake, catalog="AWS", identifier=hs["id"])
    assert (code, message) == (
        "ValidationException",
        f"Handshake {hs['id']} is CANCELED, not PENDING",
    )
    send_start(pc, chain["pma"]["id"], chain["rs"]["id"])  # a canceled one does not block a new one


def test_second_pending_handshake_conflicts(chain: dict[str, Any]) -> None:
    first = send_start(chain["pc"], chain["pma"]["id"], chain["rs"]["id"])
    code, message, _, resp = error_of(
        send_start, chain["pc"], chain["pma"]["id"], chain["rs"]["id"]
    )
    assert code == "ConflictException"
    assert (
        message == f"A PENDING START_SERVICE_PERIOD handshake for {chain['rs']['id']} "
        f"already exists ({first['id']})"
    )
    assert (resp["resourceId"], resp["resourceType"]) == (first["id"], "ChannelHandshake")


def test_handshake_expires_on_emulator_time(chain: dict[str, Any], emulator) -> None:  # type: ignore[no-untyped-def]
    hs = send_start(chain["pc"], chain["pma"]["id"], chain["rs"]["id"])
    emulator.advance_clock(14 * 86400)
    assert listing(chain["pc"])[0]["status"] == "PENDING"
    emulator.advance_clock(2 * 86400)
    (item,) = listing(chain["pc"])
    assert item["status"] == "EXPIRED"
    code, _, _, _ = error_of(
        chain["customer"].accept_channel_handshake, catalog="AWS", identifier=hs["id"]
    )
    assert code == "ValidationException"


@pytest.mark.parametrize(
    ("payload", "message", "field"),
    [
        (
            {"servicePeriodType": "MINIMUM_NOTICE_PERIOD", "minimumNoticeDays": None},
            "MINIMUM_NOTICE_PERIOD needs minimumNoticeDays",
            "payload.startServicePeriodPayload.minimumNoticeDays",
        ),
        (
            {
                "servicePeriodType": "FIXED_COMMITMENT_PERIOD",
                "minimumNoticeDays": None,
                "endDate": NOW - dt.timedelta(days=1),
            },
            "FIXED_COMMITMENT_PERIOD needs an endDate in the future",
            "payload.startServicePeriodPayload.endDate",
        ),
    ],
    ids=["notice-without-days", "fixed-in-the-past"],
)
def test_start_handshake_business_rules(
    chain: dict[str, Any], payload: dict[str, Any], message: str, field: str
) -> None:
    body = {
        k: v
        for k, v in start_payload(chain["pma"]["id"], **payload)[
            "startServicePeriodPayload"
        ].items()
        if v is not None
    }
    code, got, status, resp = error_of(
        chain["pc"].create_channel_handshake,
        handshakeType="START_SERVICE_PERIOD",
        catalog="AWS",
        associatedResourceIdentifier=chain["rs"]["id"],
        payload={"startServicePeriodPayload": body},
    )
    assert (code, got, status) == ("ValidationException", message, 400)
    assert resp["reason"] == "BUSINESS_VALIDATION_FAILED"
    assert resp["fieldList"][0]["name"] == field


def test_handshake_payload_must_match_type(chain: dict[str, Any]) -> None:
    pc = chain["pc"]
    code, message, _, _ = error_of(
        pc.create_channel_handshake,
        handshakeType="REVOKE_SERVICE_PERIOD",
        catalog="AWS",
        associatedResourceIdentifier=chain["rs"]["id"],
        payload=start_payload(chain["pma"]["id"]),
    )
    assert (code, message) == (
        "ValidationException",
        "A REVOKE_SERVICE_PERIOD handshake needs payload.revokeServicePeriodPayload",
    )
    code, message, _, _ = error_of(
        pc.create_channel_handshake,
        handshakeType="PROGRAM_MANAGEMENT_ACCOUNT",
        catalog="AWS",
        associatedResourceIdentifier=chain["rs"]["id"],
    )
    assert code == "ValidationException" and "(pma-...)" in message


def test_model_validation_names_fields(client: ClientFactory) -> None:
    pc = client("partnercentral-channel", validate=False)
    code, message, status, resp = error_of(
        pc.create_program_management_account,
        catalog="AWS",
        program="NOPE",
        displayName="x" * 31,
        accountId="12",
    )
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("3 validation errors detected: ")
    assert resp["reason"] == "REQUEST_VALIDATION_FAILED"
    assert {f["name"]: f["code"] for f in resp["fieldList"]} == {
        "program": "enum",
        "displayName": "max_length",
        "accountId": "min_length",
    }
    code, _, _, resp = error_of(
        pc.create_channel_handshake,
        handshakeType="START_SERVICE_PERIOD",
        catalog="AWS",
        associatedResourceIdentifier="rs-abcdefghijklm",
        payload={
            "startServicePeriodPayload": {
                "programManagementAccountIdentifier": "pma-abcdefghijklm",
                "servicePeriodType": "FIXED_COMMITMENT_PERIOD",
            },
            "revokeServicePeriodPayload": {
                "programManagementAccountIdentifier": "pma-abcdefghijklm"
            },
        },
    )
    assert code == "ValidationException" and resp["fieldList"][0]["code"] == "union"
    code, _, _, resp = error_of(
        pc.list_channel_handshakes,
        handshakeType="START_SERVICE_PERIOD",
        catalog="AWS",
        participantType="SENDER",
        maxResults=101,
    )
    assert code == "ValidationException" and resp["fieldList"] == [
        {
            "name": "maxResults",
            "code": "max",
            "message": "Member must have value less than or equal to 100",
        }
    ]


def test_handshake_list_filters_sort_and_pages(
    chain: dict[str, Any], client: ClientFactory, emulator
) -> None:  # type: ignore[no-untyped-def]
    pc, pma = chain["pc"], chain["pma"]
    ids, rels = [], []
    for i in range(5):
        rs = make_relationship(pc, pma["id"], account=f"66666666666{i}")
        kind = (
            {
                "servicePeriodType": "FIXED_COMMITMENT_PERIOD",
                "minimumNoticeDays": None,
                "endDate": NOW + dt.timedelta(days=90),
            }
            if i % 2
            else {}
        )
        body = {
            k: v
            for k, v in start_payload(pma["id"], **kind)["startServicePeriodPayload"].items()
            if v is not None
        }
        ids.append(
            pc.create_channel_handshake(
                handshakeType="START_SERVICE_PERIOD",
                catalog="AWS",
                associatedResourceIdentifier=rs["id"],
                payload={"startServicePeriodPayload": body},
            )["channelHandshakeDetail"]["id"]
        )
        rels.append(rs)
        emulator.advance_clock(1)
    pc.cancel_channel_handshake(catalog="AWS", identifier=ids[0])  # now the most recently updated
    assert [h["id"] for h in listing(pc)] == ids
    assert [h["id"] for h in listing(pc, statuses=["PENDING"])] == ids[1:]
    assert [
        h["id"] for h in listing(pc, associatedResourceIdentifiers=[rels[2]["arn"], rels[3]["id"]])
    ] == ids[2:4]
    fixed = {"startServicePeriodTypeFilters": {"servicePeriodTypes": ["FIXED_COMMITMENT_PERIOD"]}}
    assert [h["id"] for h in listing(pc, handshakeTypeFilters=fixed)] == [ids[1], ids[3]]
    desc = {"startServicePeriodTypeSort": {"sortOrder": "Descending", "sortBy": "UpdatedAt"}}
    assert [h["id"] for h in listing(pc, handshakeTypeSort=desc)][:2] == [ids[0], ids[4]]
    code, _, _, _ = error_of(
        listing,
        pc,
        handshakeTypeFilters={
            "programManagementAccountTypeFilters": {"programs": ["DISTRIBUTION"]}
        },
    )
    assert code == "ValidationException"
    seen, token = [], None
    while True:
        page = pc.list_channel_handshakes(
            handshakeType="START_SERVICE_PERIOD",
            catalog="AWS",
            participantType="SENDER",
            maxResults=2,
            **({"nextToken": token} if token else {}),
        )
        seen += [h["id"] for h in page["items"]]
        token = page.get("nextToken")
        if not token:
            break
    assert seen == ids
    code, message, _, _ = error_of(
        pc.list_channel_handshakes,
        handshakeType="START_SERVICE_PERIOD",
        catalog="AWS",
        participantType="RECEIVER",
        nextToken=page_token_of(pc),
    )
    assert (code, message) == ("ValidationException", "nextToken does not belong to this query")


def page_token_of(pc: Any) -> str:
    token: str = pc.list_channel_handshakes(
        handshakeType="START_SERVICE_PERIOD", catalog="AWS", participantType="SENDER", maxResults=1
    )["nextToken"]
    return token


def test_handshake_tags(chain: dict[str, Any]) -> None:
    pc = chain["pc"]
    hs = pc.create_channel_handshake(
        handshakeType="START_SERVICE_PERIOD",
        catalog="AWS",
        associatedResourceIdentifier=chain["rs"]["id"],
        payload=start_payload(chain["pma"]["id"]),
        tags=[{"key": "owner", "value": "platform"}],
    )["channelHandshakeDetail"]
    pc.tag_resource(resourceArn=hs["arn"], tags=[{"key": "cost", "value": "42"}])
    pc.untag_resource(resourceArn=hs["arn"], tagKeys=["owner"])
    assert pc.list_tags_for_resource(resourceArn=hs["arn"])["tags"] == [
        {"key": "cost", "value": "42"}
    ]
    code, _, _, _ = error_of(chain["customer"].list_tags_for_resource, resourceArn=hs["arn"])
    assert code == "ResourceNotFoundException"
