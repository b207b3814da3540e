"""A documented quota reached is a clear error naming it, sent once and never retried; the
request id AWS gave is in it (what AWS Support asks for)."""

from __future__ import annotations

import re

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import CASES, pcc, stack_for
from tests.support.engine import Engine

RELATIONSHIP = next(c for c in CASES if c.resource == "ChannelRelationship")
CREATE = "partnercentral-channel:CreateRelationship"


def test_a_quota_reached_is_a_clear_error_sent_once(engine: Engine, aws: Emulator) -> None:
    # A PMA that may hold one relationship (AWS allows 1,000; lowered to reach it at once).
    aws.set_behaviour("max_relationships=1")
    ctx = RELATIONSHIP.setup(aws)
    pcc(aws).create_relationship(  # another customer, made elsewhere: the quota is used up
        catalog="AWS",
        programManagementAccountIdentifier=ctx["pma"],
        associationType="END_CUSTOMER",
        associatedAccountId="999999999999",
        displayName="Another customer",
        sector="COMMERCIAL",
    )
    stack = stack_for(engine, RELATIONSHIP, ctx)
    before = aws.calls().get(CREATE, 0)
    with pytest.raises(auto.errors.CommandError) as err:
        stack.up()
    text = str(err.value)
    assert "ServiceQuotaExceededException" in text, text
    assert "quotaCode relationships-per-program-management-account" in text
    assert "not retried" in text and "raise it" in text
    assert re.search(r"\[RequestId [0-9a-f-]{36}\]", text), text
    assert "Traceback" not in text
    assert aws.calls()[CREATE] - before == 1  # once: a quota is not a transient fault
    kept = stack.export_stack().deployment.get("resources") or []
    assert not [r for r in kept if r["type"].endswith(":ChannelRelationship")]
