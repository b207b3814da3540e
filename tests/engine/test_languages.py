"""Programs in TypeScript and Go, through the real CLI, its Node.js and Go language hosts and the
SDKs Pulumi's generators wrote (sdk/nodejs, sdk/go), against the emulator, at the defaults.

Each language runs the program users write first (tests/engine/programs/accounts_ts and
accounts_go: two accounts through two explicit providers, all five resources, the Sidewalk key
a secret): preview with no call, up, refresh, a preview with no changes, destroy; the key in no
state or output; bad inputs failing at preview naming the property as that language's SDK
spells it, with no call and no stack trace; and ``pulumi preview --policy-pack policy/``
enforcing the pack. Every resource's whole lifecycle in each language is the matrix
(tests/engine/test_matrix.py, ``typescript`` and ``go``); ``pulumi import`` writing code in
each language is tests/engine/test_import_code.py.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.support.aws import calls as service_calls
from tests.support.aws import client as aws_client
from tests.support.engine import ROOT, SECRET, Engine, assert_no_changes, change_counts
from tests.support.frontends import camel, pascal
from tests.support.languages import go_stack, typescript_stack

pytestmark = pytest.mark.engine

KEY = "3d" * 32
AMAZON_ID = "amzn1.account.ALANGUAGE"
SENDER, CUSTOMER = "111111111111", "222222222222"
PACK = str(ROOT / "policy")
# language -> (program, how its stack is made, how its SDK spells a snake_case name)
LANGUAGES: dict[str, tuple[str, Callable[..., auto.Stack], Callable[[str], str]]] = {
    "typescript": ("tests/engine/programs/accounts_ts", typescript_stack, camel),
    "go": ("tests/engine/programs/accounts_go", go_stack, pascal),
}
RESOURCES = 7 + 2  # the program's resources and its two explicit providers


def all_calls(emu: Emulator) -> dict[str, int]:
    return {**service_calls(emu, "iotwireless"), **service_calls(emu, "partnercentral-channel")}


def accounts_stack(engine: Engine, language: str, **config: Any) -> auto.Stack:
    program, make, _ = LANGUAGES[language]
    values: dict[str, Any] = {
        "amazonId": AMAZON_ID,
        "appServerPrivateKey": auto.ConfigValue(KEY, secret=True),
        **config,
    }
    return make(engine, program, config=values)


def test_the_language_hosts_are_beside_the_cli(pulumi_bin: Path) -> None:
    for language in ("nodejs", "go", "python"):
        assert os.access(pulumi_bin / f"pulumi-language-{language}", os.X_OK), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_accounts_lifecycle(engine: Engine, aws: Emulator, language: str) -> None:
    stack = accounts_stack(engine, language)
    preview = stack.preview()
    assert change_counts(preview.change_summary) == {"create": RESOURCES + 1}
    assert all_calls(aws) == {}, "a preview makes no AWS call"

    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": RESOURCES + 1}
    assert "from $PATH" not in up.stdout + up.stderr
    out = {k: v.value for k, v in up.outputs.items()}
    assert out["responses"] == {"pma": "ACCEPTED", "start": "ACCEPTED"}
    assert out["fingerprint"] == hashlib.sha256(bytes.fromhex(KEY)).hexdigest()
    assert out["sidewalkTags"] == {"team": "iot", "owner": "customer"}  # the provider's defaults
    assert up.outputs["appServerPrivateKey"].secret

    # Each explicit provider acted as its account: the PMA is the sender's, the association
    # the customer's, the handshake accepted by the customer.
    pcc = aws_client(aws, "partnercentral-channel", SENDER)
    assert [p["id"] for p in pcc.list_program_management_accounts(catalog="AWS")["items"]] == [
        out["pmaId"]
    ]
    received = aws_client(aws, "partnercentral-channel", CUSTOMER).list_channel_handshakes(
        catalog="AWS", handshakeType="START_SERVICE_PERIOD", participantType="RECEIVER"
    )["items"]
    assert [(h["id"], h["status"]) for h in received] == [(out["handshakes"]["start"], "ACCEPTED")]
    iot_customer = aws_client(aws, "iotwireless", CUSTOMER)
    iot_customer.get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    iot_sender = aws_client(aws, "iotwireless", SENDER)
    with pytest.raises(iot_sender.exceptions.ResourceNotFoundException):
        iot_sender.get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")

    # The secret key: in no state, no CLI output, no stack output shown without asking.
    assert KEY not in engine.cli(stack, "stack", "export")
    assert KEY not in up.stdout + up.stderr
    assert engine.cli(stack, "stack", "output", "appServerPrivateKey").strip() == SECRET

    stack.refresh()
    assert_no_changes(stack)
    stack.destroy()
    assert aws_client(aws, "iotwireless", CUSTOMER).list_partner_accounts()["Sidewalk"] == []
    assert pcc.list_program_management_accounts(catalog="AWS")["items"] == []


BAD_INPUTS = [
    ({"program": "NOPE"}, "program", "must be one of SOLUTION_PROVIDER"),
    ({"noticeDays": "0"}, "start_service_period.minimum_notice_days", "at least 1 day"),
    ({"appServerPrivateKey": "not-hex"}, "app_server_private_key", "64 hexadecimal"),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_input_fails_at_preview_in_the_languages_spelling(
    engine: Engine, aws: Emulator, language: str
) -> None:
    """A clear error naming the property as the program's SDK spells it (``startServicePeriod
    .minimumNoticeDays`` in TypeScript, ``StartServicePeriod.MinimumNoticeDays`` in Go), at
    preview, with no call and no stack trace of ours or the language's; a bad secret is never
    echoed. (An enum, a nested field, a secret: one stack, one preview each.)"""
    stack = accounts_stack(engine, language)
    spell = LANGUAGES[language][2]
    for config, named, reason in BAD_INPUTS:
        for key, value in config.items():
            stack.set_config(key, auto.ConfigValue(value, secret=key == "appServerPrivateKey"))
        out = engine.run(stack, "preview", check=False)
        spelled = ".".join(spell(part) for part in named.split("."))
        assert "error" in out, out
        assert spelled in out and reason in out, out
        assert "Traceback" not in out and "pulumi_partnerlink/" not in out, out
        assert "    at " not in out and "goroutine " not in out, out  # Node.js / Go traces
        assert "not-hex" not in out
        for key in config:
            if key == "appServerPrivateKey":
                stack.set_config(key, auto.ConfigValue(KEY, secret=True))
            else:
                stack.remove_config(key)
    assert all_calls(aws) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_policy_pack_is_enforced(engine: Engine, aws: Emulator, language: str) -> None:
    stack = accounts_stack(engine, language, noticeDays="45")
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.preview(policy_packs=[PACK])
    text = str(failed.value)
    assert "minimum-notice-days" in text and "mandatory" in text, text
    assert "45 is not an allowed notice period (14, 30, 60 days)" in text
    assert all_calls(aws) == {}
    stack.set_config("noticeDays", auto.ConfigValue("30"))
    preview = stack.preview(policy_packs=[PACK])
    assert "mandatory" not in preview.stdout
    assert "service-period-note" in preview.stdout  # advisory: no note on `start`


def test_runtime_options_reach_the_legacy_hosts(engine: Engine, aws: Emulator) -> None:
    """Pulumi.yaml's ``runtime.options`` as users write them: the engine sends them in each
    request, the legacy hosts read flags, the shim passes them on (Go's ``buildTarget``: the
    program is built where it says); one the legacy host cannot honour is a clear error."""
    stack = accounts_stack(engine, "go")
    project = Path(stack.workspace.work_dir) / "Pulumi.yaml"
    project.write_text(
        project.read_text().replace(
            "runtime: go", "runtime:\n  name: go\n  options:\n    buildTarget: out/program"
        )
    )
    stack.preview()
    assert (Path(stack.workspace.work_dir) / "out" / "program").is_file()

    ts = accounts_stack(engine, "typescript")
    project = Path(ts.workspace.work_dir) / "Pulumi.yaml"
    # As `pulumi new typescript` writes it (packagemanager: npm), changed to pnpm.
    project.write_text(project.read_text().replace("packagemanager: npm", "packagemanager: pnpm"))
    out = engine.run(ts, "preview", check=False)
    assert 'runtime.options.packagemanager "pnpm"' in out and "npm only" in out, out
    assert all_calls(aws) == {}
