"""Sequences the state machine found, each a plain regression test named after it."""

from __future__ import annotations

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import (
    CASES,
    KEY2,
    declare_in_place,
    outputs_by_case,
    stack_of_cases,
)
from tests.support.engine import Engine, assert_no_changes
from tests.support.frontends import DYNAMIC

DELETABLE = [
    c
    for c in CASES
    if c.resource in ("SidewalkPartnerAccount", "ProgramManagementAccount", "ChannelRelationship")
]


def test_delete_out_of_band_then_change_in_place_then_up_says_refresh_and_up_refresh_converges(
    engine: Engine, aws: Emulator
) -> None:
    """Found by the soak (2026-11-23): a plain `up` that changes an object deleted outside
    Pulumi since the last refresh failed with only "it does not exist". An update cannot bring
    it back (it would need a new id): the error now says to run `pulumi up --refresh`, and
    that converges on exactly one object with the declared values. Every deletable resource
    in one stack; `up --continue-on-error` tries each update, so each error is asserted."""
    cases = list(DELETABLE)
    ctxs = {c.resource: c.setup(aws) for c in cases}
    stack = stack_of_cases(engine, cases, ctxs, DYNAMIC)
    outs = outputs_by_case(stack.up())
    for case in cases:
        assert case.delete_out_of_band is not None
        case.delete_out_of_band(aws, ctxs[case.resource], outs[case.resource])
    declare_in_place(stack, cases, ctxs)
    with pytest.raises(auto.errors.CommandError) as err:
        stack.up(continue_on_error=True)
    text = str(err.value)
    for case in cases:
        said = [line for line in text.splitlines() if f"updating {case.resource} (" in line]
        assert any("deleted outside Pulumi since the last refresh" in line for line in said), (
            case.resource,
            text,
        )
    assert "pulumi up --refresh" in text and "Traceback" not in text
    assert KEY2 not in text
    up = stack.up(refresh=True)
    outs = outputs_by_case(up)
    for case in cases:
        assert len(case.live(aws, ctxs[case.resource])) == 1, case.resource
        if case.check_updated:
            case.check_updated(aws, ctxs[case.resource], outs[case.resource])
    stack.refresh()
    assert_no_changes(stack)
