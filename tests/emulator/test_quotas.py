"""The documented quotas and rates (``emulator.quotas``) and permission profiles
(``emulator.permissions``), at the emulator's defaults unless a test says otherwise."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pulumi_partnerlink.emulator import Emulator

from tests.emulator.conftest import PMA_ACCOUNT, RECEIVER, SENDER, ClientFactory
from tests.emulator.test_partnercentral_channel import make_pma, make_relationship, start_payload

LIST = "partnercentral-channel:ListProgramManagementAccounts"


def burst(api: Any, n: int) -> list[str]:
    """``n`` ListProgramManagementAccounts back to back: each call's outcome."""
    out = []
    for _ in range(n):
        try:
            api.list_program_management_accounts(catalog="AWS")
            out.append("ok")
        except ClientError as exc:
            out.append(exc.response["Error"]["Code"])
    return out


def test_reads_over_five_a_second_are_throttled_per_account_and_operation(
    client: ClientFactory, emulator: Emulator
) -> None:
    api = client("partnercentral-channel", total_max_attempts=1)
    outcomes = burst(api, 8)
    # One second of calls in the bucket: the first five pass, then ThrottlingException.
    assert outcomes[:5] == ["ok"] * 5
    assert "ThrottlingException" in outcomes[5:]
    assert emulator.throttled()[LIST] == outcomes.count("ThrottlingException")
    # Another account's bucket, and another operation's, are their own.
    assert burst(client("partnercentral-channel", RECEIVER, total_max_attempts=1), 5) == ["ok"] * 5
    api.list_relationships(catalog="AWS")
    time.sleep(1.0)  # a second refills the bucket
    assert burst(api, 3) == ["ok"] * 3


def test_throttling_carries_request_id_and_botocore_retries_it(
    client: ClientFactory, emulator: Emulator
) -> None:
    api = client("partnercentral-channel", total_max_attempts=1)
    burst(api, 5)
    with pytest.raises(ClientError) as exc:
        api.list_program_management_accounts(catalog="AWS")
    assert exc.value.response["Error"]["Code"] == "ThrottlingException"
    assert exc.value.response["ResponseMetadata"]["RequestId"]
    # The model marks it throttling: botocore's standard mode retries it with back-off.
    patient = client("partnercentral-channel", total_max_attempts=5)
    answer = patient.list_program_management_accounts(catalog="AWS")
    assert answer["ResponseMetadata"]["RequestId"]


def test_rates_are_knobs_and_zero_lifts_them(client: ClientFactory, emulator: Emulator) -> None:
    emulator.set_behaviour("read_rate=0")
    assert burst(client("partnercentral-channel", total_max_attempts=1), 20) == ["ok"] * 20
    emulator.set_behaviour("unlimited")
    assert emulator.get_behaviour().write_rate == 0
    with pytest.raises(ValueError, match="write_rate must be calls a second"):
        emulator.set_behaviour("write_rate=-1")


def quota_code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    assert exc.value.response["Error"]["Code"] == "ServiceQuotaExceededException"
    return str(exc.value.response.get("quotaCode"))


def test_program_management_accounts_and_relationships_are_counted(
    client: ClientFactory, emulator: Emulator
) -> None:
    # The rates are another test's; here the counts, lowered as AWS could set them.
    emulator.set_behaviour("write_rate=0,read_rate=0,max_pmas=2,max_relationships=1")
    pc = client("partnercentral-channel", total_max_attempts=1)
    first = make_pma(pc, "444444444444")
    make_pma(pc, "555555555555")
    with pytest.raises(ClientError) as exc:
        make_pma(pc, "666666666666")
    assert quota_code(exc) == "program-management-accounts"
    assert len(pc.list_program_management_accounts(catalog="AWS")["items"]) == 2
    pc.delete_program_management_account(catalog="AWS", identifier=first["id"])
    make_pma(pc, "666666666666")  # room again
    pma = make_pma(pc, PMA_ACCOUNT, catalog="Sandbox")  # each catalog on its own
    make_relationship(pc, pma["id"], catalog="Sandbox")
    with pytest.raises(ClientError) as exc:
        make_relationship(pc, pma["id"], "777777777777", catalog="Sandbox")
    assert quota_code(exc) == "relationships-per-program-management-account"


def test_five_handshakes_of_a_type_a_day_to_one_receiver(
    client: ClientFactory, emulator: Emulator
) -> None:
    emulator.set_behaviour("write_rate=0,read_rate=0")
    pc = client("partnercentral-channel", total_max_attempts=1)
    pma = make_pma(pc)
    rs = make_relationship(pc, pma["id"])

    def send() -> str:
        detail = pc.create_channel_handshake(
            catalog="AWS",
            handshakeType="START_SERVICE_PERIOD",
            associatedResourceIdentifier=rs["id"],
            payload=start_payload(pma["id"]),
        )["channelHandshakeDetail"]
        return str(detail["id"])

    for _ in range(5):
        pc.cancel_channel_handshake(catalog="AWS", identifier=send())
    with pytest.raises(ClientError) as exc:
        send()
    assert quota_code(exc) == "handshakes-per-receiver-per-day"
    assert exc.value.response.get("resourceId") == RECEIVER
    emulator.advance_clock(86400)  # a day on
    send()


def test_active_handshakes_of_a_type_are_counted(client: ClientFactory, emulator: Emulator) -> None:
    emulator.set_behaviour("write_rate=0,read_rate=0,max_start_handshakes=1")
    pc = client("partnercentral-channel", total_max_attempts=1)
    pma = make_pma(pc)
    one, two = make_relationship(pc, pma["id"]), make_relationship(pc, pma["id"], "888888888888")

    def send(rs: dict[str, Any]) -> None:
        pc.create_channel_handshake(
            catalog="AWS",
            handshakeType="START_SERVICE_PERIOD",
            associatedResourceIdentifier=rs["id"],
            payload=start_payload(pma["id"]),
        )

    send(one)
    with pytest.raises(ClientError) as exc:
        send(two)
    assert quota_code(exc) == "start-service-period-handshakes"


def test_a_permission_profile_allows_only_its_policy(
    client: ClientFactory, emulator: Emulator
) -> None:
    emulator.set_permissions(
        {
            SENDER: {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["partnercentral:List*"], "Resource": "*"}
                ],
            }
        }
    )
    try:
        pc = client("partnercentral-channel", total_max_attempts=1)
        pc.list_program_management_accounts(catalog="AWS")
        with pytest.raises(ClientError) as exc:
            make_pma(pc)
        assert exc.value.response["Error"]["Code"] == "AccessDeniedException"
        assert "partnercentral:CreateProgramManagementAccount" in str(exc.value)
        with pytest.raises(ClientError) as exc:
            client("iotwireless", total_max_attempts=1).list_partner_accounts()
        assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert "iotwireless:ListPartnerAccounts" in str(exc.value)
        # sts:GetCallerIdentity needs no permission; another user of the account is not bound.
        assert client("sts").get_caller_identity()["Account"] == SENDER
        make_pma(client("partnercentral-channel", f"{SENDER}-admin"))
        emulator.reset()  # keeps the profile
        with pytest.raises(ClientError):
            make_pma(pc)
    finally:
        emulator.set_permissions({})
    make_pma(client("partnercentral-channel", total_max_attempts=1))
