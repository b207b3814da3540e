"""Inputs as users really write them, through the real CLI: bad shapes fail at preview naming the
property (no API call, no traceback); the Sidewalk key never shows, whatever form it arrives in."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import CASES, KEY, outputs_of, stack_for
from tests.support.engine import Engine, assert_no_changes, change_counts
from tests.support.frontends import FRONT_ENDS, FrontEnd


def case_of(resource: str) -> Any:
    return next(c for c in CASES if c.resource == resource)


def forms_of(secret: str) -> set[str]:
    """Every form a leaked key could take in output."""
    stripped = secret.strip()
    return {s for s in (secret, stripped, stripped.upper(), stripped.lower()) if len(s) >= 16}


def no_traceback_of_ours(text: str, debug: bool) -> bool:
    """No traceback at all in plain output. With --debug the Pulumi SDK (3.26x and later)
    itself logs one of its own when the engine stops the program after a failed check; none
    may pass through our code."""
    if not debug:
        return "Traceback" not in text
    return (
        "pulumi_partnerlink" not in text.split("Traceback", 1)[-1] if "Traceback" in text else True
    )


def cli_text(engine: Engine, stack: auto.Stack, *args: str) -> tuple[int, str]:
    """Run the real CLI, returning (exit code, stdout + stderr)."""
    proc = subprocess.run(
        [str(engine.bin_dir / "pulumi"), *args, "--stack", stack.name, "--non-interactive"],
        cwd=stack.workspace.work_dir,
        env={**__import__("os").environ, **engine.env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode, proc.stdout + proc.stderr


BAD_KEYS = {
    "trailing-newline": KEY + "\n",
    "one-char-too-many": KEY + "a",
    "one-char-too-few": KEY[:-1],
    "not-hex": "g" + KEY[1:],
    "leading-space": " " + KEY,
}


@pytest.mark.parametrize("front", FRONT_ENDS, ids=str)
def test_sidewalk_key_from_a_file_never_printed_in_any_invalid_form(
    engine: Engine, aws: Emulator, tmp_path: Path, front: FrontEnd
) -> None:
    """The key as a plain string (read from a file), in every invalid form: never printed, by
    preview --debug or up, under either front end (the native program's class makes the secret
    input secret, as the dynamic constructor does)."""
    case = case_of("SidewalkPartnerAccount")
    key_file = tmp_path / "sidewalk.key"
    stack = front.stack(
        engine,
        front.matrix_program,
        stack_name="keyfile",
        config={
            "resource": case.resource,
            "style": "kwargs",
            "inputs": json.dumps(case.inputs({})),
            "keyFile": str(key_file),
        },
    )
    for i, (form, bad) in enumerate(BAD_KEYS.items()):
        key_file.write_text(bad)
        # Every form through a --debug preview (its output includes the plain preview's);
        # two of them through `up` as well, which checks again before any call.
        commands = [["preview", "--debug"]] + ([["up", "--yes", "--skip-preview"]] if i < 2 else [])
        for command in commands:
            code, text = cli_text(engine, stack, *command)
            assert code != 0, (form, command, text)
            assert front.text("app_server_private_key") in text, (form, text)
            assert no_traceback_of_ours(text, debug="--debug" in command), (form, text)
            for leaked in forms_of(bad):
                assert leaked not in text, (form, command)
    assert aws.calls() == {}  # nothing reached AWS

    # The same key, valid, as a plain string read from a file: secret in state, diffs and logs.
    key_file.write_text(KEY)
    code, text = cli_text(engine, stack, "up", "--yes", "--debug")
    assert code == 0, text
    assert KEY not in text
    exported = json.dumps(engine.export(stack))
    assert KEY not in exported
    state = engine.export(stack)["resources"]
    resource = next(r for r in state if r["type"] == front.type_token(case.resource))
    if not front.native:  # the pickled provider (the native front end has none)
        assert isinstance(resource["inputs"]["__provider"], str)  # not a secret: it holds none
        assert len(resource["inputs"]["__provider"]) < 1200
    stack.refresh()
    assert_no_changes(stack)


BAD_INPUTS = [
    (
        "ChannelHandshake",
        {"start_service_period": {"minimum_notice_dayz": 30}},
        "start_service_period.minimum_notice_dayz is not a known field; "
        "did you mean minimum_notice_days?",
    ),
    (
        "ChannelHandshake",
        {"start_service_period": {"minimum_notice_days": 30.5}},
        "start_service_period.minimum_notice_days must be a whole number, not a fraction",
    ),
    (
        "ChannelHandshake",
        {"start_service_period": {"minimum_notice_days": 0}},
        "start_service_period.minimum_notice_days must be at least 1 day",
    ),
    (
        "ChannelHandshake",
        {"start_service_period": {"minimum_notice_days": 10**20}},
        "start_service_period.minimum_notice_days must have at most 10 digits",
    ),
    (
        "ChannelHandshake",
        {"start_service_period": "30 days"},
        "start_service_period must be an object (an Args object or a dict), not a string",
    ),
    ("ChannelHandshake", {"catalog": "Nope"}, "catalog must be one of AWS, Sandbox"),
    ("ChannelHandshake", {"tags": ["a", "b"]}, "tags must be a map of strings to strings"),
    ("ChannelHandshake", {"tags": "team=channel"}, "tags must be a map of strings to strings"),
    ("ChannelHandshake", {"tags": {"aws:owner": "x"}}, "which AWS reserves"),
    (
        "ChannelHandshake",
        {"start_servce_period": {}},
        "start_servce_period is not an input of ChannelHandshake; did you mean "
        "start_service_period?",
    ),
    (
        "ProgramManagementAccount",
        {"client_token": "has space"},
        "client_token may contain only printable ASCII characters, without spaces",
    ),
    (
        "ProgramManagementAccount",
        {"connection": "customer"},
        'connection must be an object such as {"profile": "customer"}',
    ),
    (
        "ProgramManagementAccount",
        {"connection": {"profil": "customer"}},
        "connection.profil is not a known field; did you mean profile?",
    ),
    ("ProgramManagementAccount", {"adopt": "no"}, "adopt must be true or false, not a string"),
    (
        "ChannelRelationship",
        {"requested_support_plan": {"partner_led_support": {"coverage": 1}}},
        "requested_support_plan.partner_led_support.coverage must be one of "
        "ENTIRE_ORGANIZATION, MANAGEMENT_ACCOUNT_ONLY, not a number",
    ),
    (
        "ChannelRelationship",
        {"requested_support_plan": {"partner_led_support": None, "resold_enterprise": None}},
        "requested_support_plan must have exactly one of resold_enterprise, partner_led_support, "
        "resold_unified_operations set (found none)",
    ),
    (
        "ChannelHandshakeResponse",
        {"decision": ["ACCEPT"]},
        "decision must be one of ACCEPT, REJECT, not a list",
    ),
    (
        "SidewalkPartnerAccount",
        {"tags": {f"k{i}": "v" for i in range(51)}},
        "tags has 51 entries; AWS allows at most 50 tags",
    ),
]


# Shapes the native resources' Python SDK refuses itself, in the user's program, before any
# request reaches the plugin: Pulumi's generated classes are typed, and Pulumi's serializer
# rejects a list where the schema has a map or an enum (its AssertionError names the input);
# Python rejects a keyword the class does not have. (A type checker flags all of them first.)
SDK_REFUSES = {
    ("ChannelHandshakeResponse", '{"decision": ["ACCEPT"]}'): "While processing input: 'decision'",
    ("ChannelHandshake", '{"tags": ["a", "b"]}'): "While processing input: 'tags'",
    ("ChannelHandshake", '{"start_servce_period": {}}'): "unexpected keyword argument "
    "'start_servce_period'",
}


@pytest.mark.parametrize("front", FRONT_ENDS, ids=str)
@pytest.mark.parametrize("resource", sorted({r for r, _, _ in BAD_INPUTS}), ids=lambda r: str(r))
def test_bad_input_shapes_fail_at_preview_naming_the_property(
    engine: Engine, aws: Emulator, resource: str, front: FrontEnd
) -> None:
    """Every bad shape through a preview of the real CLI, under either front end (both name
    properties in snake_case, as their Python SDKs do): the message, no traceback, no API
    call."""
    case = case_of(resource)
    ctx = case.setup(aws)
    stack = stack_for(engine, case, ctx, front)
    stack.set_config("style", auto.ConfigValue("kwargs"))
    before = aws.calls()
    for name, change, expected in [b for b in BAD_INPUTS if b[0] == resource]:
        stack.set_config("inputs", auto.ConfigValue(json.dumps({**case.inputs(ctx), **change})))
        with pytest.raises(auto.errors.CommandError) as failed:
            stack.preview()
        text = str(failed.value)
        refused = SDK_REFUSES.get((name, json.dumps(change, sort_keys=True)))
        if front.native and refused:
            # The typed SDK refused it in the program, before any request: its message.
            assert refused in text, (name, change, text)
            continue
        assert "Traceback" not in text, text
        assert front.text(expected) in text, (name, change, text)
    assert aws.calls() == before  # no input reached AWS


def test_handshake_end_date_as_a_datetime(engine: Engine, aws: Emulator) -> None:
    case = case_of("ChannelHandshake")
    ctx = case.setup(aws)
    stack = stack_for(engine, case, ctx)
    payload = {
        "program_management_account_identifier": ctx["pma"],
        "service_period_type": "FIXED_COMMITMENT_PERIOD",
    }
    stack.set_config(
        "inputs",
        auto.ConfigValue(json.dumps({**case.inputs(ctx), "start_service_period": payload})),
    )
    stack.set_config("endDate", auto.ConfigValue("2099-01-31T12:00:00"))
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": 2}
    items = aws_handshakes(aws, ctx["rs"])
    assert len(items) == 1
    detail = items[0]["detail"]["startServicePeriodHandshakeDetail"]
    assert detail["endDate"].isoformat().startswith("2099-01-31T12:00:00")
    assert outputs_of(up)["status"] == "PENDING"
    stack.refresh()
    assert_no_changes(stack)


def aws_handshakes(emu: Emulator, rs: str) -> list[dict[str, Any]]:
    from tests.engine.test_matrix import pending_handshakes

    return pending_handshakes(emu, rs)
