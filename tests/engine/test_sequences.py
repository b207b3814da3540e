"""Sequences the state machine found, each a plain regression test named after it."""

from __future__ import annotations

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import CASES, KEY2, Case, change_in_place, outputs_of, stack_for
from tests.support.engine import Engine, assert_no_changes

DELETABLE = [
    c
    for c in CASES
    if c.resource in ("SidewalkPartnerAccount", "ProgramManagementAccount", "ChannelRelationship")
]


@pytest.mark.parametrize("case", DELETABLE, ids=[c.resource for c in DELETABLE])
def test_delete_out_of_band_then_change_in_place_then_up_says_refresh_and_up_refresh_converges(
    engine: Engine, aws: Emulator, case: Case
) -> None:
    """Found by the soak (2026-11-23): a plain `up` that changes an object deleted outside
    Pulumi since the last refresh failed with only "it does not exist". An update cannot bring
    it back (it would need a new id): the error now says to run `pulumi up --refresh`, and
    that converges on exactly one object with the declared values."""
    assert case.in_place is not None and case.delete_out_of_band is not None
    ctx = case.setup(aws)
    stack = stack_for(engine, case, ctx)
    outs = outputs_of(stack.up())
    case.delete_out_of_band(aws, ctx, outs)
    change_in_place(stack, case, ctx)
    with pytest.raises(auto.errors.CommandError) as err:
        stack.up()
    text = str(err.value)
    assert "deleted outside Pulumi since the last refresh" in text, text
    assert "pulumi up --refresh" in text and "Traceback" not in text
    assert KEY2 not in text
    up = stack.up(refresh=True)
    assert len(case.live(aws, ctx)) == 1
    if case.check_updated:
        case.check_updated(aws, ctx, outputs_of(up))
    stack.refresh()
    assert_no_changes(stack)
