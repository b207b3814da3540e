"""The bench's bare-boto3 baseline: the same AWS work as each of our steps, by hand with boto3
and 4 threads (no checks, no state), on its own emulator with the same latency; and the
parents (a program management account, relationships) our resources point at."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from pulumi_partnerlink.emulator import Emulator

SENDER = "111111111111"
KEY = "0f" * 32


def boto(emu: Emulator, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=emu.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id=SENDER,
        aws_secret_access_key="x",
    )


def parents(emu: Emulator, kind: str, n: int) -> dict[str, Any]:
    if kind == "sidewalk":
        return {}
    pcc = boto(emu, "partnercentral-channel")
    pma = pcc.create_program_management_account(
        catalog="AWS", program="DISTRIBUTION", displayName="Bench", accountId="999999999999"
    )["programManagementAccountDetail"]["id"]
    ctx: dict[str, Any] = {"pma": pma}
    if kind == "handshake":
        ctx["relationships"] = [
            pcc.create_relationship(
                catalog="AWS",
                programManagementAccountIdentifier=pma,
                associationType="END_CUSTOMER",
                associatedAccountId=f"4{i:011d}",
                displayName=f"c{i}",
                sector="COMMERCIAL",
            )["relationshipDetail"]["id"]
            for i in range(n)
        ]
    return ctx


class Baseline:
    """The same AWS work as each step, by hand with boto3 and as many threads as the provider
    host serves requests at a time (4 for the dynamic host; no checks, no state)."""

    def __init__(
        self, emu: Emulator, kind: str, n: int, ctx: dict[str, Any], threads: int = 4
    ) -> None:
        self.iot, self.pcc = boto(emu, "iotwireless"), boto(emu, "partnercentral-channel")
        self.kind, self.n, self.ctx, self.threads = kind, n, ctx, threads
        self.arns: list[str] = []
        self.ids: list[str] = []

    def _each(self, fn: Callable[[int], Any]) -> list[Any]:
        with ThreadPoolExecutor(self.threads) as pool:
            return list(pool.map(fn, range(self.n)))

    def up(self) -> None:
        def one(i: int) -> tuple[str, str]:
            if self.kind == "sidewalk":
                arn = self.iot.associate_aws_account_with_partner_account(
                    Sidewalk={"AmazonId": f"amzn1.account.b{i}", "AppServerPrivateKey": KEY},
                    Tags=[{"Key": "bench", "Value": "a"}],
                )["Arn"]
                return arn, f"amzn1.account.b{i}"
            if self.kind == "relationship":
                d = self.pcc.create_relationship(
                    catalog="AWS",
                    programManagementAccountIdentifier=self.ctx["pma"],
                    associationType="END_CUSTOMER",
                    associatedAccountId=f"4{i:011d}",
                    displayName=f"Customer {i}",
                    sector="COMMERCIAL",
                    tags=[{"key": "bench", "value": "a"}],
                )["relationshipDetail"]
                return d["arn"], d["id"]
            d = self.pcc.create_channel_handshake(
                catalog="AWS",
                handshakeType="START_SERVICE_PERIOD",
                associatedResourceIdentifier=self.ctx["relationships"][i],
                payload={
                    "startServicePeriodPayload": {
                        "programManagementAccountIdentifier": self.ctx["pma"],
                        "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
                        "minimumNoticeDays": "30",
                    }
                },
                tags=[{"key": "bench", "value": "a"}],
            )["channelHandshakeDetail"]
            return d["arn"], d["id"]

        done = self._each(one)
        self.arns, self.ids = [a for a, _ in done], [i for _, i in done]

    def preview(self) -> None:
        pass  # a preview needs no AWS call

    def refresh(self) -> None:
        if self.kind == "sidewalk":
            self._each(
                lambda i: self.iot.get_partner_account(
                    PartnerAccountId=self.ids[i], PartnerType="Sidewalk"
                )
            )
            self._each(lambda i: self.iot.list_tags_for_resource(ResourceArn=self.arns[i]))
            return
        op = "list_relationships" if self.kind == "relationship" else "list_channel_handshakes"
        extra = (
            {}
            if self.kind == "relationship"
            else {"handshakeType": "START_SERVICE_PERIOD", "participantType": "SENDER"}
        )
        for _ in self.pcc.get_paginator(op).paginate(catalog="AWS", **extra):
            pass
        self._each(lambda i: self.pcc.list_tags_for_resource(resourceArn=self.arns[i]))

    def update(self) -> None:
        if self.kind == "sidewalk":
            self._each(
                lambda i: self.iot.tag_resource(
                    ResourceArn=self.arns[i], Tags=[{"Key": "bench", "Value": "b"}]
                )
            )
        else:
            self._each(
                lambda i: self.pcc.tag_resource(
                    resourceArn=self.arns[i], tags=[{"key": "bench", "value": "b"}]
                )
            )

    def destroy(self) -> None:
        if self.kind == "sidewalk":
            self._each(
                lambda i: self.iot.disassociate_aws_account_from_partner_account(
                    PartnerAccountId=self.ids[i], PartnerType="Sidewalk"
                )
            )
        elif self.kind == "relationship":
            self._each(
                lambda i: self.pcc.delete_relationship(
                    catalog="AWS",
                    identifier=self.ids[i],
                    programManagementAccountIdentifier=self.ctx["pma"],
                )
            )
        else:
            self._each(
                lambda i: self.pcc.cancel_channel_handshake(catalog="AWS", identifier=self.ids[i])
            )
