"""Every example under examples/ through the real CLI against the emulator:
preview, up, refresh, a preview that shows no changes, destroy."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.support.engine import ROOT, Engine, assert_no_changes, change_counts

CONFIG: dict[str, dict[str, Any]] = {
    "quickstart": {"sidewalkAppServerKey": "secret"},
    "sidewalk-partner-account": {
        "amazonId": "amzn1.account.EXAMPLE",
        "appServerPrivateKey": "secret",
    },
    "channel-handshake": {"programAccountId": "333333333333", "customerAccountId": "222222222222"},
}
EXPECTED = {"quickstart": 7, "sidewalk-partner-account": 1, "channel-handshake": 3}


def test_every_example_is_covered() -> None:
    assert sorted(
        p.name for p in (ROOT / "examples").iterdir() if (p / "Pulumi.yaml").exists()
    ) == sorted(CONFIG)
    for name in CONFIG:
        assert (ROOT / "examples" / name / "README.md").exists(), f"examples/{name} has no README"


@pytest.mark.parametrize("example", sorted(CONFIG))
def test_example_lifecycle(engine: Engine, aws: Emulator, example: str) -> None:
    config = {
        k: auto.ConfigValue(secrets.token_hex(32), secret=True) if v == "secret" else v
        for k, v in CONFIG[example].items()
    }
    stack = engine.stack(f"examples/{example}", config=config)
    preview = (
        stack.preview()
    )  # a real preview first: every input that is another's output is unknown
    assert change_counts(preview.change_summary) == {"create": EXPECTED[example] + 1}
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": EXPECTED[example] + 1}
    stack.refresh()
    assert_no_changes(stack)
    destroy = stack.destroy()
    assert change_counts(destroy.summary.resource_changes or {}) == {
        "delete": EXPECTED[example] + 1
    }
