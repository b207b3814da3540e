"""``pulumi import`` writes working code in every language: one object of each resource, made
outside Pulumi, imported by id into a project of each language; the code the CLI writes
(``--out``, through the language host's GenerateProgram: the shim's pkg/v3 generators for
Python, TypeScript and Go, the YAML host's own) is pasted into the program as a user pastes it,
and the next preview shows no change.

In Python the state the import wrote is checked too, and an ``up`` of the pasted code writes
nothing. One edit is the user's, as the README says of the Sidewalk key: AWS never returns an
app-server private key, so the code has an empty placeholder for it, which the user replaces
with where the key comes from (here, the stack's secret config ``appServerPrivateKey``). Its
fingerprint then shows the live key is that one: nothing to apply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.native.test_engine import AMAZON_ID, KEY, made_outside_pulumi
from tests.support.engine import Engine, assert_no_changes, change_counts
from tests.support.languages import go_stack, typescript_stack
from tests.support.native import native_stack

pytestmark = pytest.mark.engine

TYPE = "partnerlink:index:"


def python_code(code: str) -> str:
    return code.replace(
        'app_server_private_key=""',
        'app_server_private_key=pulumi.Config().require_secret("appServerPrivateKey")',
    )


def typescript_code(code: str) -> str:
    return code.replace(
        'appServerPrivateKey: ""',
        'appServerPrivateKey: new pulumi.Config().requireSecret("appServerPrivateKey")',
    )


def go_code(code: str) -> str:
    code = code.replace(
        'AppServerPrivateKey: pulumi.String("")',
        'AppServerPrivateKey: config.RequireSecret(ctx, "appServerPrivateKey")',
    )
    return code.replace(
        "import (", 'import (\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"', 1
    )


def yaml_code(code: str) -> str:
    return code.replace('appServerPrivateKey: ""', "appServerPrivateKey: ${appServerPrivateKey}")


# language -> (program, how its stack is made, the file the code goes to, append or replace,
# the user's edit of the key's placeholder)
LANGUAGES: dict[str, tuple[str, Callable[..., auto.Stack], str, bool, Callable[[str], str]]] = {
    "python": ("import_python", native_stack, "__main__.py", False, python_code),
    "typescript": ("import_ts", typescript_stack, "index.ts", False, typescript_code),
    "go": ("import_go", go_stack, "main.go", False, go_code),
    "yaml": ("import_yaml", native_stack, "Pulumi.yaml", True, yaml_code),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_import_writes_code_that_previews_clean(
    engine: Engine, aws: Emulator, tmp_path: Path, language: str
) -> None:
    program, make, target, append, user_edit = LANGUAGES[language]
    made = made_outside_pulumi(aws)
    stack = make(
        engine,
        f"tests/engine/programs/{program}",
        config={"appServerPrivateKey": auto.ConfigValue(KEY, secret=True)},
    )
    imports = [
        ("ProgramManagementAccount", "pma", made["pma"]),
        ("ChannelRelationship", "customer", f"{made['pma']}/{made['rs']}"),
        ("ChannelHandshake", "pmaHandshake", made["pma_hs"]),
        ("ChannelHandshake", "start", f"{made['pma']}/{made['start']}"),
        ("ChannelHandshakeResponse", "accepted", made["received"]),
        ("SidewalkPartnerAccount", "sidewalk", AMAZON_ID),
    ]
    spec = tmp_path / "import.json"
    spec.write_text(
        json.dumps({"resources": [{"type": TYPE + t, "name": n, "id": i} for t, n, i in imports]})
    )
    code_file = tmp_path / "generated"
    out = engine.run(stack, "import", "--file", str(spec), "--yes", "--out", str(code_file))
    assert "6 imported" in out, out
    code = code_file.read_text()
    for kind, name, _ in imports:  # every resource, in the language's words
        assert kind in code and name in code, code
    assert not re.search(r"partnerlink:index:|pulumi_partnerlink\.native|example\.com", code)

    work = Path(stack.workspace.work_dir)
    edited = user_edit(code)
    assert edited != code, "the Sidewalk key's placeholder is where the docs say"
    program_file = work / target
    program_file.write_text(program_file.read_text() + "\n" + edited if append else edited)
    preview = stack.preview(diff=True)
    assert change_counts(preview.change_summary) == {"same": len(imports) + 1}, preview.stdout
    assert KEY not in preview.stdout
    if language == "python":
        then_up_changes_nothing(engine, aws, stack, made)


def then_up_changes_nothing(
    engine: Engine, aws: Emulator, stack: auto.Stack, made: dict[str, str]
) -> None:
    """What the import put in state (the same in every language), and an ``up`` of the pasted
    code that calls nothing that writes, then a refresh with no change."""
    state = engine.export(stack)
    by_name = {r["urn"].rsplit("::", 1)[-1]: r for r in state["resources"]}
    assert by_name["customer"]["id"] == made["rs"]  # the object's own id, not the import id
    assert (
        by_name["start"]["inputs"]["startServicePeriod"]["programManagementAccountIdentifier"]
        == made["pma"]
    )
    assert by_name["accepted"]["inputs"]["decision"] == "ACCEPT"
    assert by_name["sidewalk"]["inputs"]["amazonId"] == AMAZON_ID
    before = aws.calls()
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 7}
    writes = ("Create", "Delete", "Associate", "Disassociate", "Update", "Accept", "Tag")
    assert {op: n for op, n in aws.calls().items() if op.split(":")[-1].startswith(writes)} == {
        op: n for op, n in before.items() if op.split(":")[-1].startswith(writes)
    }
    stack.refresh()
    assert_no_changes(stack)
