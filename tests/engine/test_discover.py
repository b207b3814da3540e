"""``partnerlink discover`` round trip through the real CLI: an account populated with boto3,
discovered into a program, taken over by ``pulumi up`` with no create call, refreshed with an
empty preview; an edit of the data file updates exactly that object; discovering again gives
the same files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi import automation as auto
from pulumi_partnerlink import cli
from pulumi_partnerlink.emulator import Emulator

from tests.support.aws import client, send_start_handshake
from tests.support.engine import Engine, assert_no_changes, change_counts

N = int(os.environ.get("PARTNERLINK_DISCOVER_N", "12"))
KEY = "cd" * 32
AMAZON_ID = "amzn1.account.DISCOVER"
WRITES = ("Create", "Associate", "Delete", "Disassociate", "Cancel", "Accept", "Reject")


def populate(aws: Emulator, n: int) -> dict[str, Any]:
    """A PMA, n relationships, a handshake on each in mixed statuses, a Sidewalk association."""
    pcc = client(aws, "partnercentral-channel")
    pma = pcc.create_program_management_account(
        catalog="AWS",
        program="DISTRIBUTION",
        displayName="Distributor",
        accountId="333333333333",
        tags=[{"key": "tier", "value": "gold"}],
    )["programManagementAccountDetail"]["id"]
    statuses: dict[str, int] = {}
    for i in range(n):
        customer = f"6{i:011d}"
        rs = pcc.create_relationship(
            catalog="AWS",
            programManagementAccountIdentifier=pma,
            associationType="END_CUSTOMER",
            associatedAccountId=customer,
            displayName=f"Customer {i}",
            sector="COMMERCIAL",
            tags=[{"key": "customer", "value": str(i)}],
        )["relationshipDetail"]["id"]
        ch = send_start_handshake(pcc, rs, pma, note=f"welcome {i}")["id"]
        receiver = client(aws, "partnercentral-channel", customer)
        status = ("PENDING", "ACCEPTED", "REJECTED", "CANCELED")[i % 4]
        if status == "ACCEPTED":
            receiver.accept_channel_handshake(catalog="AWS", identifier=ch)
        elif status == "REJECTED":
            receiver.reject_channel_handshake(catalog="AWS", identifier=ch)
        elif status == "CANCELED":
            pcc.cancel_channel_handshake(catalog="AWS", identifier=ch)
        statuses[status] = statuses.get(status, 0) + 1
    client(aws, "iotwireless").associate_aws_account_with_partner_account(
        Sidewalk={"AmazonId": AMAZON_ID, "AppServerPrivateKey": KEY},
        Tags=[{"Key": "team", "Value": "iot"}],
    )
    return {"pma": pma, "statuses": statuses}


def run_discover(aws: Emulator, out: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "111111111111")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    return cli.main(["discover", "--endpoint", aws.endpoint_url, "--output", str(out), *extra])


def test_discover_then_up_takes_everything_over_without_a_create(
    engine: Engine,
    aws: Emulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world = populate(aws, N)
    assert run_discover(aws, tmp_path / "dry", monkeypatch, "--dry-run") == 0
    dry = capsys.readouterr().out
    assert f"{N} relationships" in dry and not (tmp_path / "dry").exists()

    before = aws.calls()
    out = tmp_path / "discovered"
    assert run_discover(aws, out, monkeypatch) == 0
    calls = {k: v - before.get(k, 0) for k, v in aws.calls().items() if v != before.get(k, 0)}
    lists = sum(v for k, v in calls.items() if ":List" in k and "Tags" not in k)
    tags = sum(v for k, v in calls.items() if k.endswith("ListTagsForResource"))
    assert not [k for k in calls if ":List" not in k], calls  # list calls only
    assert lists <= 3 + 3 + N // 100 * 5  # one per kind (three handshake types), all pages
    decided = world["statuses"].get("ACCEPTED", 0) + world["statuses"].get("REJECTED", 0)
    assert tags == 1 + 1 + N + (N - decided - world["statuses"].get("CANCELED", 0))
    data = yaml.safe_load((out / "partners.yaml").read_text())
    assert [h["status"] for h in data["handshakes"]].count("PENDING") == world["statuses"][
        "PENDING"
    ]
    assert all(h["status"] != "CANCELED" for h in data["handshakes"])

    stack = engine.stack(out, stack_name="discovered")
    stack.set_config("sidewalkKeys", auto.ConfigValue(json.dumps({AMAZON_ID: KEY}), secret=True))
    before = aws.calls()
    up = stack.up()
    sent = {k: v - before.get(k, 0) for k, v in aws.calls().items() if v != before.get(k, 0)}
    assert not [k for k in sent if k.split(":")[1].startswith(WRITES)], sent  # no create/delete
    resources = [
        r
        for r in engine.export(stack)["resources"]
        if r["type"].startswith("pulumi-python:dynamic")
    ]
    expected = 1 + 1 + N + (N - world["statuses"].get("CANCELED", 0))
    assert len(resources) == expected
    assert len({r["id"] for r in resources}) == expected  # every object once
    assert change_counts(up.summary.resource_changes or {}).get("delete") is None
    stack.refresh()
    assert_no_changes(stack)

    # an edit of the data file updates exactly that object
    data["relationships"][0]["display_name"] = "Renamed in partners.yaml"
    header = (out / "partners.yaml").read_text().split("\n", 2)
    out = Path(stack.workspace.work_dir)  # the stack's copy of the program
    (out / "partners.yaml").write_text(
        header[0] + "\n" + header[1] + "\n" + yaml.safe_dump(data, sort_keys=False, width=100)
    )
    preview = stack.preview()
    assert change_counts(preview.change_summary).get("update") == 1, preview.stdout
    before = aws.calls()
    stack.up()
    sent = {k: v - before.get(k, 0) for k, v in aws.calls().items() if v != before.get(k, 0)}
    assert sent.get("partnercentral-channel:UpdateRelationship") == 1
    assert not [k for k in sent if k.split(":")[1].startswith(WRITES)], sent
    stack.refresh()
    assert_no_changes(stack)

    # discovering the adopted account again writes the same program
    again = tmp_path / "again"
    assert run_discover(aws, again, monkeypatch) == 0
    assert (again / "partners.yaml").read_text() == (out / "partners.yaml").read_text()
    assert (again / "__main__.py").read_text() == (out / "__main__.py").read_text()


def test_discover_never_replaces_a_program_it_did_not_write(
    aws: Emulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The default output is the current directory: a user's own program there is kept."""
    project = tmp_path / "project"
    project.mkdir()
    mine = project / "__main__.py"
    mine.write_text("import pulumi\n# my own program\n")
    assert run_discover(aws, project, monkeypatch) == 2
    assert "were not written by partnerlink discover" in capsys.readouterr().err
    assert mine.read_text() == "import pulumi\n# my own program\n"
    assert sorted(p.name for p in project.iterdir()) == ["__main__.py"]  # nothing written

    assert run_discover(aws, project, monkeypatch, "--force") == 0
    assert mine.read_text().startswith('"""Written by `partnerlink discover`')
    assert run_discover(aws, project, monkeypatch) == 0  # its own files: a re-run replaces them
    assert str(project.resolve()) in capsys.readouterr().out


def test_discover_refuses_a_region_that_is_not_one(
    aws: Emulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        run_discover(aws, tmp_path / "out", monkeypatch, "--region", "nowhere")
    assert exited.value.code == 2
    assert "'nowhere' is not an AWS region" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
