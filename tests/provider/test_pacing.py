"""The provider's calls stay within AWS's documented rates (``pacing``): against the emulator at
its default quotas (3 writes, 5 reads a second per operation and account), many calls at once,
from threads and from separate processes, are never throttled. Counts, not timings."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pulumi_partnerlink.clients import client
from pulumi_partnerlink.config import ProviderSettings
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.pacing import wait_turn

ACCOUNT = "111111111111"


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Emulator]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCOUNT)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with Emulator() as e:
        yield e


def test_threads_of_one_process_are_never_throttled(emu: Emulator) -> None:
    settings = ProviderSettings(endpoint=emu.endpoint_url, region="us-east-1", max_attempts=1)
    api = client(settings, "partnercentral-channel")
    pma = api.create_program_management_account(
        catalog="AWS", program="SOLUTION_PROVIDER", displayName="P", accountId="333333333333"
    )["programManagementAccountDetail"]["id"]

    def create(i: int) -> None:
        api.create_relationship(
            catalog="AWS",
            programManagementAccountIdentifier=pma,
            associationType="END_CUSTOMER",
            associatedAccountId=f"{400000000000 + i}",
            displayName=f"customer {i}",
            sector="COMMERCIAL",
        )

    with ThreadPoolExecutor(8) as pool:  # the native plugin's width; a single attempt each
        list(pool.map(create, range(10)))
    assert emu.throttled() == {}
    assert emu.calls()["partnercentral-channel:CreateRelationship"] == 10


def test_processes_share_one_schedule(emu: Emulator, tmp_path: Path) -> None:
    """Two provider processes listing at once (a fleet's stacks): one schedule on this machine,
    so together they keep to 5 a second and AWS throttles none of their calls."""
    script = textwrap.dedent(
        f"""
        from pulumi_partnerlink.clients import client
        from pulumi_partnerlink.config import ProviderSettings
        api = client(
            ProviderSettings(endpoint={emu.endpoint_url!r}, region="us-east-1", max_attempts=1),
            "partnercentral-channel",
        )
        for _ in range(6):
            api.list_program_management_accounts(catalog="AWS")
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert emu.calls()["partnercentral-channel:ListProgramManagementAccounts"] == 12
    assert emu.throttled() == {}


def test_unpaced_calls_are_throttled_and_pacing_false_turns_it_off(emu: Emulator) -> None:
    """The same burst without pacing (``partnerlink:pacing: false``) meets AWS's rate: what the
    pacing prevents is real."""
    settings = ProviderSettings(
        endpoint=emu.endpoint_url, region="us-east-1", max_attempts=1, pacing=False
    )
    api = client(settings, "partnercentral-channel")
    failed = 0
    for _ in range(8):
        try:
            api.list_program_management_accounts(catalog="AWS")
        except api.exceptions.ThrottlingException:
            failed += 1
    assert failed >= 1
    assert emu.throttled()["partnercentral-channel:ListProgramManagementAccounts"] == failed


def test_a_turn_is_one_interval_after_the_last(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule"
    waits = [wait_turn(schedule, 0.05) for _ in range(4)]
    assert waits[0] == 0.0
    assert all(w > 0 for w in waits[1:])  # each waited for the one before it
    schedule.write_text("garbage")  # a damaged schedule starts again, no error
    assert wait_turn(schedule, 0.05) == 0.0
    schedule.write_text(str(10**12))  # a clock that moved back: not a wait of years
    assert wait_turn(schedule, 0.05) == 0.0
