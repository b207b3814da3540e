#!/usr/bin/env python3
"""Big stacks against AWS's documented rates (not a test): the emulator at its default quotas
(3 calls a second of each write operation, 5 of each read, per account), the provider at its
defaults (paced, ``pacing``).

- **One stack of N relationships** (default 1,000, one PMA): ``up``, ``refresh``, a no-change
  ``preview``, ``destroy``, through the real CLI at its default parallelism.
- **The fleet** (``examples/fleet``, one stack per customer, default 200 at 8 workers, on a
  private PostgreSQL): ``up``, ``refresh``, ``preview``, ``destroy``; and, beside it, ``up``
  with ``partnerlink:pacing=false`` and botocore's ``adaptive`` retry mode instead,
  to measure the other way to live within the rates.

For each step: wall time, failures, calls the emulator throttled, and the **rate bound**: for
every paced operation its calls / its documented rate, the largest of those (each operation has
its own rate, so they overlap). ``ratio`` = wall / bound; a step with no paced call has no
bound. Prints JSON lines and a Markdown table.

    python bench/quotas.py [--relationships 1000] [--customers 200] [--workers 8] [--skip-fleet]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from pulumi import automation as auto  # noqa: E402
from pulumi_partnerlink.emulator import Emulator  # noqa: E402
from pulumi_partnerlink.pacing import RATES  # noqa: E402

from bench.subjects import PROGRAM, aws_env  # noqa: E402
from tests.support.aws import client  # noqa: E402
from tests.support.engine import PASSPHRASE, Engine  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402

SERVICE = "partnercentral-channel"


def bound(calls: Counter[str]) -> float:
    """Seconds the documented rates need for these calls at the least."""
    need = [
        n / RATES[SERVICE][op.split(":", 1)[1]]
        for op, n in calls.items()
        if op.startswith(SERVICE) and op.split(":", 1)[1] in RATES[SERVICE]
    ]
    return max(need, default=0.0)


def measured(emu: Emulator, label: str, step: str, run: Any) -> dict[str, Any]:
    before, throttled_before = Counter(emu.calls()), Counter(emu.throttled())
    start = time.monotonic()
    failures = run()
    wall = time.monotonic() - start
    calls = Counter(emu.calls()) - before
    throttled = sum((Counter(emu.throttled()) - throttled_before).values())
    need = bound(calls)
    row = {
        "subject": label,
        "step": step,
        "wall_s": round(wall, 1),
        "failures": failures,
        "calls": sum(calls.values()),
        "throttled": throttled,
        "bound_s": round(need, 1),
        "ratio": round(wall / need, 2) if need else None,
    }
    print(json.dumps(row), flush=True)
    return row


def one_stack(bin_dir: Path, n: int, extra: list[str] | None = None) -> list[dict[str, Any]]:
    rows = []
    with Emulator() as emu, tempfile.TemporaryDirectory() as tmp:
        engine = Engine(bin_dir=bin_dir, base=Path(tmp), extra_env=aws_env(Path(tmp)))
        engine.emulator = emu
        pma = client(emu, SERVICE).create_program_management_account(
            catalog="AWS", program="DISTRIBUTION", displayName="D", accountId="9" * 12
        )["programManagementAccountDetail"]["id"]
        stack = engine.stack(
            PROGRAM,
            "quotas",
            config={
                "kind": "relationship",
                "n": str(n),
                "context": json.dumps({"pma": pma}),
                **dict(item.split("=", 1) for item in extra or []),
            },
        )
        label = f"{n} relationships, one stack" + (f", {', '.join(extra)}" if extra else "")

        def step(name: str) -> Any:
            def run() -> int:
                try:
                    getattr(stack, name)()
                    return 0
                except auto.errors.CommandError as exc:
                    print(str(exc)[-2000:], file=sys.stderr)
                    return 1

            return run

        for name in ("up", "refresh", "preview", "destroy"):
            rows.append(measured(emu, label, name, step(name)))
    return rows


def fleet_step(
    name: str,
    workers: int,
    data: Path,
    backend: str,
    endpoint: str,
    tmp: Path,
    config: list[str],
    env: dict[str, str],
) -> int:
    """One fleet command over every customer; the stacks that failed."""
    cmd = [
        sys.executable, "-m", "examples.fleet", name,
        "--workers", str(workers), "--customers", str(data),
        "--backend", backend, "--endpoint", endpoint,
        "--work-dir", str(tmp / "w"), "--json",
        *(f"--config={c}" for c in config),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    try:
        failed = int(json.loads(proc.stdout.strip().splitlines()[-1])["failed"])
        if failed:
            print(proc.stdout[-3000:], file=sys.stderr)
        return failed
    except (ValueError, KeyError, IndexError):
        print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
        return len(yaml.safe_load(data.read_text())["customers"])


def fleet(
    bin_dir: Path,
    customers: int,
    workers: int,
    pg: PostgresCluster,
    steps: tuple[str, ...] = ("up", "refresh", "preview", "destroy"),
) -> list[dict[str, Any]]:
    rows = []
    variants = (
        ("paced (default)", [], steps),
        (
            "pacing=false, retryMode=adaptive",
            ["partnerlink:pacing=false", "partnerlink:retryMode=adaptive"],
            ("up",),
        ),
    )
    for index, (variant, config, steps) in enumerate(variants):
        with Emulator() as emu, tempfile.TemporaryDirectory() as tmp:
            pma = client(emu, SERVICE).create_program_management_account(
                catalog="AWS", program="DISTRIBUTION", displayName="D", accountId="9" * 12
            )["programManagementAccountDetail"]["id"]
            people = [
                {"id": f"v{index}c{i}", "account_id": f"7{i:011d}", "name": f"C{i}"}
                for i in range(customers)
            ]
            data = Path(tmp) / "customers.yaml"
            data.write_text(
                yaml.safe_dump({"program_management_account": pma, "customers": people})
            )
            env = {
                **os.environ,
                **aws_env(Path(tmp)),
                "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                "PULUMI_HOME": str(Path(tmp) / "home"),
                "PULUMI_SKIP_UPDATE_CHECK": "true",
                "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                "PYTHONPATH": str(ROOT),
            }
            label = f"fleet {customers} at {workers} workers, {variant}"
            for name in steps:
                run = functools.partial(
                    fleet_step,
                    name,
                    workers,
                    data,
                    pg.url,
                    emu.endpoint_url,
                    Path(tmp),
                    config,
                    env,
                )
                rows.append(measured(emu, label, name, run))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--relationships", type=int, default=1000)
    ap.add_argument("--customers", type=int, default=200)
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--skip-fleet", action="store_true")
    ap.add_argument("--skip-stack", action="store_true")
    ap.add_argument(
        "--stack-config",
        action="append",
        metavar="KEY=VALUE",
        help="stack config of the one stack, e.g. partnerlink:pacing=false (repeatable)",
    )
    ap.add_argument(
        "--fleet-steps", default="up,refresh,preview,destroy", help="the paced fleet's steps"
    )
    args = ap.parse_args()
    bin_dir = Path(
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "ensure-pulumi")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    rows = [] if args.skip_stack else one_stack(bin_dir, args.relationships, args.stack_config)
    if not args.skip_fleet:
        with PostgresCluster() as pg:
            steps = tuple(args.fleet_steps.split(","))
            rows += fleet(bin_dir, args.customers, args.workers, pg, steps)
    print("\n| subject | step | wall s | rate bound s | ratio | calls | throttled | failures |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if r["ratio"] else "-"
        print(
            f"| {r['subject']} | {r['step']} | {r['wall_s']} | {r['bound_s'] or '-'} | {ratio} | "
            f"{r['calls']} | {r['throttled']} | {r['failures']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
