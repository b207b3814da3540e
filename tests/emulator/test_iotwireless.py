"""IoT Wireless partner accounts through boto3 against a started emulator."""

from __future__ import annotations

import hashlib

import pytest

from tests.emulator.conftest import SENDER, ClientFactory
from tests.emulator.helpers import error_of

KEY = "0f" * 32
KEY2 = "A1" * 32


def associate(iot, amazon_id: str = "amzn1.account.A", key: str = KEY, **kw):  # type: ignore[no-untyped-def]
    return iot.associate_aws_account_with_partner_account(
        Sidewalk={"AmazonId": amazon_id, "AppServerPrivateKey": key}, **kw
    )


def test_associate_get_update_disassociate(client: ClientFactory) -> None:
    iot = client("iotwireless")
    created = associate(iot, Tags=[{"Key": "team", "Value": "iot"}])
    arn = f"arn:aws:iotwireless:us-east-1:{SENDER}:SidewalkAccount/amzn1.account.A"
    assert created["Arn"] == arn
    assert created["Sidewalk"] == {"AmazonId": "amzn1.account.A", "AppServerPrivateKey": KEY}

    got = iot.get_partner_account(PartnerAccountId="amzn1.account.A", PartnerType="Sidewalk")
    assert got["Sidewalk"] == {
        "AmazonId": "amzn1.account.A",
        "Fingerprint": hashlib.sha256(bytes.fromhex(KEY)).hexdigest(),
        "Arn": arn,
    }
    assert got["AccountLinked"] is False
    assert "AppServerPrivateKey" not in str(got)
    assert iot.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "iot"}]

    resp = iot.update_partner_account(
        PartnerAccountId="amzn1.account.A",
        PartnerType="Sidewalk",
        Sidewalk={"AppServerPrivateKey": KEY2},
    )
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    got = iot.get_partner_account(PartnerAccountId="amzn1.account.A", PartnerType="Sidewalk")
    assert got["Sidewalk"]["Fingerprint"] == hashlib.sha256(bytes.fromhex(KEY2)).hexdigest()

    resp = iot.disassociate_aws_account_from_partner_account(
        PartnerAccountId="amzn1.account.A", PartnerType="Sidewalk"
    )
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    code, message, status, _ = error_of(
        iot.get_partner_account, PartnerAccountId="amzn1.account.A", PartnerType="Sidewalk"
    )
    assert (code, message, status) == (
        "ResourceNotFoundException",
        "Partner account amzn1.account.A does not exist",
        404,
    )


def test_associate_twice_conflicts(client: ClientFactory) -> None:
    iot = client("iotwireless")
    associate(iot)
    code, message, status, resp = error_of(associate, iot)
    assert (code, status) == ("ConflictException", 409)
    assert message == "Partner account amzn1.account.A is already associated with this AWS account"
    assert resp["ResourceId"] == "amzn1.account.A"


def test_accounts_and_regions_are_separate(client: ClientFactory) -> None:
    associate(client("iotwireless"))
    other_account = client("iotwireless", account="444444444444")
    assert other_account.list_partner_accounts()["Sidewalk"] == []
    other_region = client("iotwireless", region="eu-west-1")
    assert other_region.list_partner_accounts()["Sidewalk"] == []
    associate(other_account)  # same AmazonId in another account: no conflict
    # A key id that is not 12 digits is the default account, 123456789012.
    non_numeric = client("iotwireless", account="AKIAEXAMPLE")
    assert associate(non_numeric)["Arn"].split(":")[4] == "123456789012"


def test_list_paginates(client: ClientFactory) -> None:
    iot = client("iotwireless")
    for i in range(7):
        associate(iot, amazon_id=f"amzn-{i}")
    seen = []
    token = None
    pages = 0
    while True:
        kw = {"MaxResults": 3, **({"NextToken": token} if token else {})}
        page = iot.list_partner_accounts(**kw)
        pages += 1
        seen += [s["AmazonId"] for s in page["Sidewalk"]]
        token = page.get("NextToken")
        if not token:
            break
    assert pages == 3
    assert seen == [f"amzn-{i}" for i in range(7)]
    code, message, status, _ = error_of(iot.list_partner_accounts, NextToken="garbage")
    assert (code, message, status) == ("ValidationException", "Invalid NextToken", 400)


@pytest.mark.parametrize(
    ("sidewalk", "message"),
    [
        (
            {"AmazonId": "a", "AppServerPrivateKey": "xyz"},
            "1 validation error detected: Value at 'Sidewalk.AppServerPrivateKey' failed to "
            "satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-fA-F0-9]{64}",
        ),
        (
            {"AmazonId": "a" * 2049, "AppServerPrivateKey": KEY},
            "1 validation error detected: Value at 'Sidewalk.AmazonId' failed to satisfy "
            "constraint: "
            "Member must have length less than or equal to 2048",
        ),
        ({"AppServerPrivateKey": KEY}, "Sidewalk.AmazonId is required"),
    ],
    ids=["key-pattern", "amazon-id-max", "amazon-id-missing"],
)
def test_associate_invalid(client: ClientFactory, sidewalk: dict[str, str], message: str) -> None:
    iot = client("iotwireless", validate=False)  # server-side checks, not botocore's
    code, got, status, _ = error_of(
        iot.associate_aws_account_with_partner_account, Sidewalk=sidewalk
    )
    assert (code, got, status) == ("ValidationException", message, 400)
    assert "xyz" not in got  # values are never quoted back


def test_tags(client: ClientFactory) -> None:
    iot = client("iotwireless")
    arn = associate(iot)["Arn"]
    iot.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    iot.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert iot.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    code, _, status, _ = error_of(
        iot.tag_resource, ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    )
    assert (code, status) == ("TooManyTagsException", 400)
    missing = arn.replace("amzn1.account.A", "nobody")
    code, _, status, _ = error_of(iot.list_tags_for_resource, ResourceArn=missing)
    assert (code, status) == ("ResourceNotFoundException", 404)


def test_admin_links_account(client: ClientFactory, emulator) -> None:  # type: ignore[no-untyped-def]
    iot = client("iotwireless")
    associate(iot)
    emulator.admin(
        "POST", "iotwireless/account-linked", {"account": SENDER, "amazon_id": "amzn1.account.A"}
    )
    got = iot.get_partner_account(PartnerAccountId="amzn1.account.A", PartnerType="Sidewalk")
    assert got["AccountLinked"] is True


def test_unimplemented_operation_is_named(client: ClientFactory) -> None:
    code, message, status, _ = error_of(client("iotwireless").list_destinations)
    assert (code, message, status) == (
        "NotImplemented",
        "partnerlink-emulator does not implement iotwireless:ListDestinations",
        501,
    )
