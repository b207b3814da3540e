"""The provider on an AWS that behaves as its documentation allows, injected at boto3's boundary.

The emulator stays at its defaults here; the behaviours are played by botocore event handlers in
every Python process of the CLI run (``tests.support.inject``), as a user trying the provider
against a slower or terser AWS would see it. Each test counts the client tokens the whole run
sent, across processes, and ends with refresh + an empty preview.

- ``List*`` lags 3 s and ``GetRelationship`` 5 s (no read-after-write promise): a PMA, a
  relationship and a handshake in one stack get one object each (a PMA or relationship not shown at once costs one refused create), no failure.
- Destroy, then up under that lag: the replayed token's dead object is settled by AWS's own
  uniqueness (the next token makes the one object, or AWS refuses it and the object is waited
  for): one live object, never a write used as a probe.
- ``up && refresh`` under the lag: refresh keeps the object it cannot list yet.
- ``Arn`` absent from the Sidewalk answers (the model marks it optional): the ARN is derived.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import (
    CASES,
    KEY,
    Case,
    change_in_place,
    outputs_of,
    stack_for,
    stack_of_cases,
)
from tests.support import inject
from tests.support.engine import Engine, assert_no_changes, change_counts
from tests.support.frontends import DYNAMIC

LAG_AND_GET = {"list_lag": 3, "get_lag": 5}


def case(resource: str) -> Case:
    return next(c for c in CASES if c.resource == resource)


def injected(engine: Engine, tmp_path: Path, **behaviour: Any) -> Path:
    log = tmp_path / "requests.jsonl"
    engine.extra_env.update(inject.env_for(log=str(log), **behaviour))
    return log


def test_a_lagging_aws_gets_one_object_per_resource(
    engine: Engine, aws: Emulator, tmp_path: Path
) -> None:
    """Listings lag 3 s and GetRelationship 5 s (AWS promises no read-after-write). One stack
    of a PMA, a relationship and a handshake, as users declare them together: one object each,
    no failure; refreshed at once, while the listings may still lag, all kept."""
    cases = [
        case(r) for r in ("ProgramManagementAccount", "ChannelHandshake", "ChannelRelationship")
    ]
    ctxs = {c.resource: c.setup(aws) for c in cases}
    log = injected(engine, tmp_path, **LAG_AND_GET)
    stack = stack_of_cases(engine, cases, ctxs, DYNAMIC)
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": len(cases) + 1}
    for c in cases:
        # A PMA or relationship AWS does not show at once is followed by the next token, which
        # AWS refuses (one per natural key) and the object is waited for: one object, at most
        # one refused create. A handshake is never sent twice.
        most = 1 if c.resource == "ChannelHandshake" else 2
        assert len(inject.tokens(log, c.create_op)) <= most, (c.resource, inject.requests(log))
        assert len(c.live(aws, ctxs[c.resource])) == 1, c.resource
    refresh = stack.refresh()
    assert "delete" not in change_counts(refresh.summary.resource_changes or {})
    assert_no_changes(stack)
    for c in cases:
        assert len(c.live(aws, ctxs[c.resource])) == 1, c.resource
    stack.destroy()
    for c in cases:
        assert c.live(aws, ctxs[c.resource]) == [], c.resource


def test_up_then_refresh_at_once_keeps_the_handshake_a_lagging_listing_hides(
    engine: Engine, aws: Emulator, tmp_path: Path
) -> None:
    """The listing lags 3 s and a create in this very update took less than that to show
    through the narrowed listing? Either way refresh never drops what it cannot list yet."""
    c = case("ChannelHandshake")
    ctx = c.setup(aws)
    log = injected(engine, tmp_path, list_lag=3)
    stack = stack_for(engine, c, ctx)
    stack.up()
    refresh = stack.refresh()
    assert "delete" not in change_counts(refresh.summary.resource_changes or {})
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 2}
    assert len(inject.tokens(log, "CreateChannelHandshake")) == 1
    assert len(c.live(aws, ctx)) == 1
    stack.refresh()
    assert_no_changes(stack)


def test_sidewalk_answers_without_arn_derive_it(
    engine: Engine, aws: Emulator, tmp_path: Path
) -> None:
    c = case("SidewalkPartnerAccount")
    log = injected(engine, tmp_path, omit=["Arn"])
    stack = stack_for(engine, c, {})
    outs = outputs_of(stack.up())
    assert outs["arn"] == (
        "arn:aws:iotwireless:us-east-1:111111111111:SidewalkAccount/amzn1.account.MATRIX"
    )
    up = stack.up()  # re-run: today's KeyError 'Arn' came here, on every re-run
    assert change_counts(up.summary.resource_changes or {}) == {"same": 2}
    stack.refresh()
    assert_no_changes(stack)
    assert len(inject.tokens(log, c.create_op)) == 1
    assert len(c.live(aws, {})) == 1
    text = json.dumps(engine.export(stack))
    assert KEY not in text and KEY.upper() not in text


def test_destroy_then_up_under_lag_settles_replays_by_uniqueness(
    engine: Engine, aws: Emulator, tmp_path: Path
) -> None:
    """AWS replays a dead object's answer for a reused token and lists no trace of it (the
    emulator's default), while new objects show only after the lag. One read does not find the
    replayed object; the next token is sent at once (one PMA per catalog, program and account,
    one relationship per PMA and account: a second create cannot make a second object), and
    makes the new one. Never a write used as a probe (UntagResource), exactly one live object
    each, empty preview after refresh. A PMA and a relationship in one stack, at the default
    budget."""
    cases = [case(r) for r in ("ProgramManagementAccount", "ChannelRelationship")]
    ctxs = {c.resource: c.setup(aws) for c in cases}
    log = injected(engine, tmp_path, **LAG_AND_GET)
    stack = stack_of_cases(engine, cases, ctxs, DYNAMIC)
    stack.up()
    stack.destroy()
    before = len(inject.requests(log))
    up = engine.run(stack, "up", "--yes", "--skip-preview")
    for c in cases:
        sent = sorted(inject.tokens(log, c.create_op))
        # g0 (the replay), g1 (the new object; under the lag perhaps not shown at once, then
        # g2 is refused because it exists, and it is waited for): never a second object.
        assert sent[0].endswith("-g0") and sent[1].endswith("-g1") and len(sent) <= 3, sent
        assert len(c.live(aws, ctxs[c.resource])) == 1, c.resource
    writes = [
        r for r in inject.requests(log)[before:] if r["op"] in ("UntagResource", "TagResource")
    ]
    assert writes == [], writes  # proof from reads, never from a write
    assert "Traceback" not in up
    stack.refresh()
    assert_no_changes(stack)
    for c in cases:
        assert len(c.live(aws, ctxs[c.resource])) == 1, c.resource


def test_a_token_aws_refuses_with_nothing_in_sight_steps_without_a_wait(
    engine: Engine, aws: Emulator, tmp_path: Path
) -> None:
    """AWS refuses the replayed token (ConflictException naming it) and shows no PMA: the
    refusal is about the token, not an object, and a second create cannot make a second PMA.
    One new token at once: no wait, no warning, one live PMA."""
    aws.set_behaviour("tokens-conflict")
    c = case("ProgramManagementAccount")
    log = injected(engine, tmp_path)
    stack = stack_for(engine, c, {})
    stack.up()
    stack.destroy()
    up = engine.run(stack, "up", "--yes", "--skip-preview")
    sent = sorted(inject.tokens(log, c.create_op))
    assert len(sent) == 2, sent
    assert "looking again" not in up and "Taking client token" not in up, up
    assert len(c.live(aws, {})) == 1
    stack.refresh()
    assert_no_changes(stack)


def test_a_handshake_recreated_after_a_tag_change_replays_its_token_and_steps_on_proof(
    engine: Engine, aws: Emulator, tmp_path: Path
) -> None:
    """A handshake's tags changed in place, then destroyed, then `up`: its create carries no
    tags (they go by TagResource), so the derived token replays, AWS answers the CANCELED
    handshake (proof it is dead), and the next token sends the new one: no refusal, no
    warning, no wait, one PENDING handshake. (Before, the tags were in the create, AWS refused
    the token for other parameters, and a new token was sent on no proof.)"""
    c = case("ChannelHandshake")
    ctx = c.setup(aws)
    log = injected(engine, tmp_path)
    stack = stack_for(engine, c, ctx)
    stack.up()
    change_in_place(stack, c, ctx)
    stack.up()
    stack.destroy()
    up = engine.run(stack, "up", "--yes", "--skip-preview")
    sent = sorted(inject.tokens(log, c.create_op))
    assert len(sent) == 2, sent  # g0 (the first create, then its replay) and g1
    assert "Taking client token" not in up and "looking again" not in up, up
    assert len(c.live(aws, ctx)) == 1
    stack.refresh()
    assert_no_changes(stack)
