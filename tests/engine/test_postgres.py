"""Shared state in PostgreSQL (``postgres://``, the CLI's DIY backend): the lifecycle, the
per-stack lock under two concurrent ``pulumi up``, and the crash recovery, against a private
cluster the suite starts itself (tests/support/postgres.py)."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator

import pytest
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import PROGRAM
from tests.support.aws import client
from tests.support.engine import Engine, assert_no_changes
from tests.support.postgres import PostgresCluster, pg_bin

pytestmark = pytest.mark.skipif(pg_bin() is None, reason="PostgreSQL server binaries not found")

PMA = {"program": "SOLUTION_PROVIDER", "display_name": "Team PMA", "account_id": "333333333333"}


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    with PostgresCluster() as pg:
        yield pg


@pytest.fixture
def pg_engine(engine: Engine, aws: Emulator, postgres: PostgresCluster) -> Engine:
    engine.backend_url = postgres.url
    return engine


def live_pmas(aws: Emulator) -> list[dict[str, object]]:
    return list(
        client(aws, "partnercentral-channel").list_program_management_accounts(catalog="AWS")[
            "items"
        ]
    )


def pma_stack(engine: Engine, name: str) -> object:
    return engine.stack(
        PROGRAM,
        stack_name=name,
        config={"resource": "ProgramManagementAccount", "inputs": json.dumps(PMA)},
    )


def test_lifecycle_on_postgres(pg_engine: Engine, aws: Emulator) -> None:
    stack = pma_stack(pg_engine, "team-lifecycle")
    stack.up()
    assert len(live_pmas(aws)) == 1
    stack.refresh()
    assert_no_changes(stack)
    assert not pg_engine.backend_dir.exists() or not any(pg_engine.backend_dir.rglob("*.json"))
    stack.destroy()
    assert live_pmas(aws) == []


def test_two_concurrent_ups_one_proceeds_the_other_is_refused(
    pg_engine: Engine, aws: Emulator
) -> None:
    stack = pma_stack(pg_engine, "team-lock")
    aws.inject("CreateProgramManagementAccount", "delay", delay_ms=6000, times=1)
    first = subprocess.Popen(
        [str(pg_engine.bin_dir / "pulumi"), "up", "--yes", "--skip-preview", "--stack", stack.name],
        cwd=stack.workspace.work_dir,
        env=pg_engine.cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while "partnercentral-channel:CreateProgramManagementAccount" not in aws.calls():
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.2)
    second = pg_engine.run(stack, "up", "--yes", "--skip-preview", check=False)
    assert "currently locked" in second, second
    out, _ = first.communicate(timeout=120)
    assert first.returncode == 0, out
    state = pg_engine.export(stack)
    ours = [r for r in state["resources"] if r["type"].startswith("pulumi-python:dynamic")]
    assert len(ours) == 1 and not state.get("pending_operations")
    assert len(live_pmas(aws)) == 1
    stack.refresh()
    assert_no_changes(stack)
    stack.destroy()


def test_kill_9_mid_create_then_the_documented_recovery_on_postgres(
    pg_engine: Engine, aws: Emulator
) -> None:
    stack = pma_stack(pg_engine, "team-crash")
    assert pg_engine.up_killed_after_commit(
        stack, "CreateProgramManagementAccount", lambda: bool(live_pmas(aws))
    )
    locked = pg_engine.run(stack, "up", "--yes", "--skip-preview", check=False)
    assert "pulumi cancel" in locked, locked
    out = pg_engine.recover_after_crash(stack)
    assert "pending operation" not in out
    assert len(live_pmas(aws)) == 1  # the token replayed: no duplicate
    stack.refresh()
    assert_no_changes(stack)
    stack.destroy()
    assert live_pmas(aws) == []


def test_the_harness_takes_another_port_when_its_port_was_taken(postgres: PostgresCluster) -> None:
    """Regression (CI, 2026-11-23): the free port chosen for a cluster was taken by a parallel
    worker's cluster before the postmaster bound it, and every test of the module errored."""
    second = PostgresCluster()
    second.port = postgres.port  # taken: the module's cluster listens on it
    with second:
        assert second.port != postgres.port
        proc = subprocess.run(
            [str(second.bin / "psql"), second.url, "-Atc", "select 1"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.stdout.strip() == "1", proc.stderr
    assert not second.base.exists()
