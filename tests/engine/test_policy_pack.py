"""The partnerlink-guardrails pack through the real CLI: `pulumi preview --policy-pack policy/`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_channel_handshake import make_pma, make_relationship, start_spec
from tests.support.engine import ROOT, Engine, change_counts
from tests.support.native import native_stack

PACK = str(ROOT / "policy")


def stack_with(engine: Engine, aws: Emulator, **payload: Any) -> auto.Stack:
    pma = make_pma(aws)
    spec = start_spec(pma, make_relationship(aws, pma), **payload)
    return engine.stack(
        "tests/engine/programs/handshakes", config={"handshakes": json.dumps([spec])}
    )


def preview_text(stack: auto.Stack, **kw: Any) -> str:
    result = stack.preview(policy_packs=[PACK], **kw)
    return result.stdout


def test_compliant_stack_passes(engine: Engine, aws: Emulator) -> None:
    out = preview_text(stack_with(engine, aws))
    assert "partnerlink-guardrails" in out  # the pack ran
    assert "mandatory" not in out and "advisory" not in out


def test_mandatory_violation_fails_preview(engine: Engine, aws: Emulator) -> None:
    stack = stack_with(engine, aws, minimum_notice_days="45")
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.preview(policy_packs=[PACK])
    text = str(failed.value)
    assert "minimum-notice-days" in text and "mandatory" in text
    assert "minimum_notice_days 45 is not an allowed notice period (14, 30, 60 days)" in text


def test_advisory_violation_only_warns(engine: Engine, aws: Emulator) -> None:
    out = preview_text(stack_with(engine, aws, note=None))
    assert "service-period-note" in out and "advisory" in out
    assert "should carry a note for the receiver" in out


def test_policy_pack_config_changes_the_outcome(
    engine: Engine, aws: Emulator, tmp_path: Path
) -> None:
    stack = stack_with(engine, aws, minimum_notice_days="45")
    config = tmp_path / "policy-config.json"
    config.write_text(json.dumps({"minimum-notice-days": {"allowed": [45]}}))
    out = preview_text(stack, policy_pack_configs=[str(config)])
    assert "minimum-notice-days" not in out


def test_policy_analyze_on_exported_state(engine: Engine, aws: Emulator) -> None:
    stack = stack_with(engine, aws, note=None)
    stack.up()
    out = engine.cli(stack, "policy", "analyze", "--policy-pack", PACK)
    assert "service-period-note" in out


def test_unknown_values_are_not_checkable_not_a_crash(engine: Engine, aws: Emulator) -> None:
    # Before the first `up`, every handshake's target is an unknown output of the relationship.
    stack = engine.stack(
        "tests/engine/programs/channel",
        config={"parts": json.dumps(["pma", "relationship", "handshakes"])},
    )
    out = stack.preview(policy_packs=[PACK]).stdout
    assert "can't run policy 'one-handshake-per-target'" in out
    assert "during preview" in out


def test_the_pack_applies_to_native_resources(
    engine: Engine, aws: Emulator, tmp_path: Path
) -> None:
    """The same pack on a program of native resources (``partnerlink:index:<Name>``, camelCase
    inputs, two explicit providers): the CLI enforces a mandatory rule at preview, naming the
    property as the native schema does, with no call to AWS; a compliant stack goes up with the
    pack, which then checks the tags (a map: its keys are never renamed) under a pack config."""
    stack = native_stack(
        engine,
        "tests/native/programs/accounts",
        config={
            "amazonId": "amzn1.account.APOLICY",
            "appServerPrivateKey": auto.ConfigValue("5e" * 32, secret=True),
            "noticeDays": "45",
        },
    )
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.preview(policy_packs=[PACK])
    text = str(failed.value)
    assert "minimum-notice-days" in text and "mandatory" in text, text
    assert "minimumNoticeDays 45 is not an allowed notice period (14, 30, 60 days)" in text
    assert "service-period-note" in text and "advisory" in text  # no note on `start`
    assert aws.calls() == {}

    stack.set_config("noticeDays", auto.ConfigValue("30"))
    up = stack.up(policy_packs=[PACK])
    assert "service-period-note" in up.stdout and "mandatory" not in up.stdout
    stack.refresh()
    config = tmp_path / "policy-config.json"
    config.write_text(json.dumps({"required-tags": {"tags": ["env"]}}))
    preview = stack.preview(policy_packs=[PACK], policy_pack_configs=[str(config)])
    assert set(change_counts(preview.change_summary)) <= {"same"}, preview.stdout
    # The PMA has tags {"env": "test"}; the relationship, handshakes and Sidewalk do not.
    assert "ChannelRelationship is missing required tags: env" in preview.stdout
    assert "SidewalkPartnerAccount is missing required tags: env" in preview.stdout
    assert "ProgramManagementAccount is missing" not in preview.stdout
