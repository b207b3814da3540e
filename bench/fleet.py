#!/usr/bin/env python3
"""Fleet throughput (not a test): customer stacks per minute with the examples/fleet driver on
a private PostgreSQL, at 1, 2 and 4 workers (same run, interleaved order) and with 50 ms of
injected AWS latency. Prints JSON and a Markdown table.

    python bench/fleet.py [--customers 8]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from pulumi_partnerlink.emulator import Emulator  # noqa: E402

from tests.support.aws import client  # noqa: E402
from tests.support.engine import PASSPHRASE  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=8)
    args = ap.parse_args()
    bin_dir = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ensure-pulumi")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    rows = []
    with PostgresCluster() as pg:
        for latency in (0, 50):
            for workers in (1, 2, 4):
                with Emulator() as emu, tempfile.TemporaryDirectory() as tmp:
                    pma = client(emu, "partnercentral-channel").create_program_management_account(
                        catalog="AWS", program="DISTRIBUTION", displayName="D", accountId="9" * 12
                    )["programManagementAccountDetail"]["id"]
                    customers = [
                        {
                            "id": f"w{workers}l{latency}c{i}",
                            "account_id": f"7{i:011d}",
                            "name": f"C{i}",
                        }
                        for i in range(args.customers)
                    ]
                    data = {"program_management_account": pma, "customers": customers}
                    (Path(tmp) / "c.yaml").write_text(yaml.safe_dump(data))
                    if latency:
                        emu.inject("*", "delay", delay_ms=latency)
                    env = {
                        **os.environ,
                        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                        "PULUMI_HOME": str(Path(tmp) / "home"),
                        "PULUMI_SKIP_UPDATE_CHECK": "true",
                        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                        "PYTHONPATH": str(ROOT),
                        "AWS_ACCESS_KEY_ID": "111111111111",
                        "AWS_SECRET_ACCESS_KEY": "x",
                        "AWS_REGION": "us-east-1",
                    }
                    cmd = [
                        sys.executable,
                        "-m",
                        "examples.fleet",
                        "up",
                        "--workers",
                        str(workers),
                        "--customers",
                        str(Path(tmp) / "c.yaml"),
                        "--backend",
                        pg.url,
                        "--endpoint",
                        emu.endpoint_url,
                        "--work-dir",
                        str(Path(tmp) / "w"),
                        "--json",
                    ]
                    t0 = time.monotonic()
                    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
                    wall = time.monotonic() - t0
                    ok = proc.returncode == 0
                    rows.append(
                        {
                            "workers": workers,
                            "latency_ms": latency,
                            "stacks": args.customers,
                            "ok": ok,
                            "wall_s": round(wall, 1),
                            "stacks_per_min": round(args.customers / wall * 60, 1),
                        }
                    )
                    print(json.dumps(rows[-1]), flush=True)
    base = {r["latency_ms"]: r["stacks_per_min"] for r in rows if r["workers"] == 1}
    print("\n| latency ms | workers | stacks | wall s | stacks/min | vs 1 worker |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        ratio = r["stacks_per_min"] / base[r["latency_ms"]] if base.get(r["latency_ms"]) else 0
        print(
            f"| {r['latency_ms']} | {r['workers']} | {r['stacks']} | {r['wall_s']} | "
            f"{r['stacks_per_min']} | {ratio:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
