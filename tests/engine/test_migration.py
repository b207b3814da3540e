"""A stack made by 0.1 (state with a visible ``token_seed`` input) upgrades with no change.

0.1 kept its client-token seed as an ordinary input, shown in every preview. It now lives under
``__token_seed``, which the engine keeps out of diffs as it does ``__provider``. The fixtures
(``tests/engine/fixtures/v0.1-*``, made by ``make_v01_state.py`` with the 0.1 package) hold the
stack's export and the emulator's state, so the AWS side matches the stack.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.conftest import ACCOUNT
from tests.support.engine import ROOT, Engine, assert_no_changes, change_counts

FIXTURES = ROOT / "tests" / "engine" / "fixtures"
KEY = "0d" * 32


def test_state_from_0_1_upgrades_without_a_change(engine: Engine, tmp_path: Path) -> None:
    db = tmp_path / "emulator.sqlite"
    shutil.copy(FIXTURES / "v0.1-emulator.sqlite", db)
    with Emulator(state_file=db) as emu:
        engine.emulator = emu
        engine.extra_env.update(
            {
                "AWS_ACCESS_KEY_ID": ACCOUNT,
                "AWS_SECRET_ACCESS_KEY": "emulator",
                "AWS_REGION": "us-east-1",
                "AWS_CONFIG_FILE": str(tmp_path / "none"),
                "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
            }
        )
        stack = engine.stack(
            "tests/engine/programs/migration",
            stack_name="v01",
            config={"key": auto.ConfigValue(KEY, secret=True)},
        )
        exported = json.loads((FIXTURES / "v0.1-stack.json").read_text())
        assert "token_seed" in json.dumps(exported)  # the fixture really is 0.1 state
        stack.import_stack(
            auto.Deployment(version=exported["version"], deployment=exported["deployment"])
        )

        preview = stack.preview(diff=True)
        assert set(change_counts(preview.change_summary)) == {"same"}, preview.stdout
        assert "token_seed" not in preview.stdout
        before = emu.calls()
        up = stack.up()
        assert set(change_counts(up.summary.resource_changes or {})) == {"same"}
        writes = {k for k in emu.calls() if not k.split(":")[1].startswith(("Get", "List"))}
        assert writes == {k for k in before if not k.split(":")[1].startswith(("Get", "List"))}

        stack.refresh()
        assert_no_changes(stack)
        # The stack still re-creates cleanly after the upgrade (the seed moved, not lost).
        stack.destroy()
        up = stack.up()
        assert change_counts(up.summary.resource_changes or {}) == {"create": 3}
        assert "token_seed" not in up.stdout
        stack.refresh()
        assert_no_changes(stack)
