#!/usr/bin/env python3
"""Fleet throughput and CPU per stack (not a test): ``examples/fleet up`` of N customer stacks
on a private PostgreSQL at 1, 2, 4 and 8 workers (``--workers``), at 0 ms and with 50 ms of
injected AWS latency (``--latencies``). For each run: wall time, stacks a minute, and the CPU
of every process it started per stack, by role (the driver, each stack's CLI, language host,
program and dynamic-provider host; bench/measure.py's CpuByRole), with the processes of each
role per stack. Prints JSON lines and a Markdown table.

    python bench/fleet.py [--customers 16] [--workers 1,2,4,8] [--latencies 0,50]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from pulumi_partnerlink.emulator import Emulator  # noqa: E402

from bench.measure import CpuByRole  # noqa: E402
from tests.support.aws import client  # noqa: E402
from tests.support.engine import PASSPHRASE  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402


def fleet_env(bin_dir: str, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_HOME": str(home),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PYTHONPATH": str(ROOT),
        "AWS_ACCESS_KEY_ID": "111111111111",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_REGION": "us-east-1",
    }


def one_run(
    bin_dir: str, pg: PostgresCluster, n: int, workers: int, latency: int
) -> dict[str, Any]:
    """``examples.fleet up`` of ``n`` new customer stacks with ``workers``: wall, CPU per stack."""
    with Emulator() as emu, tempfile.TemporaryDirectory() as tmp:
        pma = client(emu, "partnercentral-channel").create_program_management_account(
            catalog="AWS", program="DISTRIBUTION", displayName="D", accountId="9" * 12
        )["programManagementAccountDetail"]["id"]
        customers = [
            {"id": f"w{workers}l{latency}c{i}", "account_id": f"7{i:011d}", "name": f"C{i}"}
            for i in range(n)
        ]
        data = {"program_management_account": pma, "customers": customers}
        (Path(tmp) / "c.yaml").write_text(yaml.safe_dump(data))
        if latency:
            emu.inject("*", "delay", delay_ms=latency)
        cmd = [sys.executable, "-m", "examples.fleet", "up", "--workers", str(workers),
               "--customers", str(Path(tmp) / "c.yaml"), "--backend", pg.url, "--endpoint",
               emu.endpoint_url, "--work-dir", str(Path(tmp) / "w"), "--json"]  # fmt: skip
        env = fleet_env(bin_dir, Path(tmp) / "home")
        cpu0, t0 = children_cpu(), time.monotonic()
        with CpuByRole() as by_role:
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        wall, cpu = time.monotonic() - t0, children_cpu() - cpu0
    return {
        "workers": workers,
        "latency_ms": latency,
        "stacks": n,
        "ok": proc.returncode == 0,
        "wall_s": round(wall, 1),
        "stacks_per_min": round(n / wall * 60, 1),
        "cpu_s_per_stack": round(cpu / n, 2),
        "cpu_s_per_stack_by_role": {k: round(v / n, 2) for k, v in by_role.seconds().items()},
        "processes_per_stack": {k: round(v / n, 1) for k, v in by_role.processes.items()},
        "fleet_output": proc.stdout[-2000:] if proc.returncode else "",
    }


ROLES = ("CLI", "language host", "program", "provider host", "fleet driver")


def table(rows: list[dict[str, Any]]) -> str:
    base = {r["latency_ms"]: r["stacks_per_min"] for r in rows if r["workers"] == 1}
    lines = [
        "| latency ms | workers | stacks | wall s | stacks/min | vs 1 worker | CPU s / stack |"
        + "".join(f" {r} |" for r in ROLES),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + " ---: |" * len(ROLES),
    ]
    for r in rows:
        ratio = r["stacks_per_min"] / base[r["latency_ms"]] if base.get(r["latency_ms"]) else 0
        parts = r["cpu_s_per_stack_by_role"]
        lines.append(
            f"| {r['latency_ms']} | {r['workers']} | {r['stacks']} | {r['wall_s']} | "
            f"{r['stacks_per_min']} | {ratio:.2f}x | {r['cpu_s_per_stack']} |"
            + "".join(f" {parts.get(role, 0.0)} |" for role in ROLES)
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=16)
    ap.add_argument("--workers", default="1,2,4,8")
    ap.add_argument("--latencies", default="0,50")
    args = ap.parse_args()
    bin_dir = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ensure-pulumi")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    rows = []
    with PostgresCluster() as pg:
        for latency in (int(x) for x in args.latencies.split(",")):
            for workers in (int(x) for x in args.workers.split(",")):
                rows.append(one_run(bin_dir, pg, args.customers, workers, latency))
                print(json.dumps(rows[-1]), flush=True)
    print("\n" + table(rows))
    return 0 if all(r["ok"] for r in rows) else 1


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


if __name__ == "__main__":
    sys.exit(main())
