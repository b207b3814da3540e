"""The fleet driver (examples/fleet) on PostgreSQL against the emulator: 8 customer stacks
(``PARTNERLINK_FLEET_CUSTOMERS``; more than the 4 workers, so the kill finds some done, some in
flight and some not started), 4 workers; a driver killed mid-run is re-run with ``--recover`` and all converge with no
duplicate; a second run changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi_partnerlink.emulator import Emulator

from examples.fleet.__main__ import shard_of
from tests.support.aws import client
from tests.support.engine import ROOT, Engine, kill_session
from tests.support.postgres import PostgresCluster, pg_bin

pytestmark = pytest.mark.skipif(pg_bin() is None, reason="PostgreSQL server binaries not found")

CUSTOMERS = int(os.environ.get("PARTNERLINK_FLEET_CUSTOMERS", "8"))


@pytest.fixture
def postgres() -> Iterator[PostgresCluster]:
    with PostgresCluster() as pg:
        yield pg


def customers_file(aws: Emulator, path: Path, n: int) -> str:
    pma = client(aws, "partnercentral-channel").create_program_management_account(
        catalog="AWS", program="DISTRIBUTION", displayName="Distributor", accountId="999999999999"
    )["programManagementAccountDetail"]["id"]
    path.write_text(
        yaml.safe_dump(
            {
                "program_management_account": pma,
                "customers": [
                    {"id": f"c{i:03d}", "account_id": f"7{i:011d}", "name": f"Customer {i}"}
                    for i in range(n)
                ],
            }
        )
    )
    return pma


def fleet(engine: Engine, aws: Emulator, pg: PostgresCluster, tmp: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "examples.fleet",
        *args,
        "--customers",
        str(tmp / "customers.yaml"),
        "--backend",
        pg.url,
        "--endpoint",
        aws.endpoint_url,
        "--work-dir",
        str(tmp / "work"),
        "--json",
    ]


def run(engine: Engine, cmd: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        cmd, cwd=ROOT, env=engine.cli_env, capture_output=True, text=True, timeout=1200
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    doc: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return doc


def live(aws: Emulator, pma: str) -> tuple[int, int]:
    pcc = client(aws, "partnercentral-channel")
    rels = pcc.get_paginator("list_relationships").paginate(
        catalog="AWS", programManagementAccountIdentifiers=[pma]
    )
    n_rels = sum(len(p["items"]) for p in rels)
    hss = pcc.get_paginator("list_channel_handshakes").paginate(
        catalog="AWS", handshakeType="START_SERVICE_PERIOD", participantType="SENDER"
    )
    pending = sum(1 for p in hss for h in p["items"] if h["status"] == "PENDING")
    return n_rels, pending


def test_fleet_of_customer_stacks_on_postgres(
    engine: Engine, aws: Emulator, postgres: PostgresCluster, tmp_path: Path
) -> None:
    """A driver killed mid-run, the re-run with --recover converges with no duplicate, and a
    second run changes nothing."""
    pma = customers_file(aws, tmp_path / "customers.yaml", CUSTOMERS)
    proc = subprocess.Popen(
        fleet(engine, aws, postgres, tmp_path, "up", "--workers", "4"),
        cwd=ROOT,
        env=engine.cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while aws.calls().get("partnercentral-channel:CreateRelationship", 0) < CUSTOMERS // 3:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    kill_session(proc.pid)  # the worker machine dies: CLI, hosts and driver at once
    proc.wait(timeout=60)
    assert live(aws, pma)[0] < CUSTOMERS  # really cut short

    healed = run(
        engine, fleet(engine, aws, postgres, tmp_path, "up", "--workers", "4", "--recover")
    )
    assert healed["failed"] == 0, healed
    assert len(healed["results"]) == CUSTOMERS
    assert live(aws, pma) == (CUSTOMERS, CUSTOMERS)  # every customer once: no duplicate

    again = run(engine, fleet(engine, aws, postgres, tmp_path, "up", "--workers", "4"))
    assert again["failed"] == 0
    assert all(set(r["changes"]) == {"same"} for r in again["results"]), again


def test_shards_split_the_customers_each_once() -> None:
    """Machines running --shard 0/3, 1/3, 2/3 together cover every customer exactly once."""
    customers = [{"id": f"c{i}"} for i in range(20)]
    shards = [shard_of(customers, f"{i}/3") for i in range(3)]
    ids = sorted(c["id"] for s in shards for c in s)
    assert ids == sorted(c["id"] for c in customers)
    assert max(len(s) for s in shards) - min(len(s) for s in shards) <= 1
    with pytest.raises(SystemExit):
        shard_of(customers, "3/3")
    for bad in ("abc", "1", "1/2/3", "-1/2", "1/0"):
        with pytest.raises(SystemExit, match="want I/N"):
            shard_of(customers, bad)
