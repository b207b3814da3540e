#!/usr/bin/env python3
"""What `destroy` then `up` costs against the first `up`, at the product's defaults (not a test).

The quickstart (all five resources: a Sidewalk association, a PMA with its handshake and the
owner's answer, a relationship with its service-period handshake and the customer's answer)
through the real CLI against the emulator's default profile (it replays a deleted object's
token, as AWS may), with nothing configured but the endpoint: the consistency budget is its
default, 30 s. Each round: `up` (timed), `destroy`, `up` (timed: every create replays a token
whose object is dead), `destroy`, each round on a fresh emulator. Reported: the medians, their
ratio, the create calls each `up` made, and whether any wait was announced ("looking again for
up to").

    python bench/recreate.py [--rounds 5] [--json]

A re-create replays one earlier token of the PMA and of the Sidewalk association (the
relationship and the handshakes have new parents, so new tokens): one create and one read more
each. Each further re-create within AWS's token memory adds one more of each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pulumi import automation as auto  # noqa: E402
from pulumi_partnerlink.emulator import Emulator  # noqa: E402

from tests.support.engine import Engine  # noqa: E402

ACCOUNTS = {"sender": "111111111111", "customer": "222222222222", "pma-owner": "333333333333"}
WAITED = "looking again for up to"


def creates(emu: Emulator) -> int:
    return sum(
        n for op, n in emu.calls().items() if op.split(":")[1].startswith(("Create", "Associate"))
    )


def timed_up(engine: Engine, stack: auto.Stack, emu: Emulator) -> tuple[float, int, bool]:
    before = creates(emu)
    start = time.monotonic()
    out = engine.run(stack, "up", "--yes", "--skip-preview")
    return time.monotonic() - start, creates(emu) - before, WAITED in out


def engine_for(bin_dir: Path, base: Path, emu: Emulator) -> Engine:
    """The test harness's engine on a private backend, pointed at ``emu`` only."""
    credentials = base / "credentials"
    credentials.write_text(
        "".join(
            f"[{n}]\naws_access_key_id = {k}\naws_secret_access_key = x\n\n"
            for n, k in ACCOUNTS.items()
        )
    )
    engine = Engine(bin_dir=bin_dir, base=base)
    engine.emulator = emu
    engine.extra_env.update(
        {
            "AWS_ACCESS_KEY_ID": ACCOUNTS["sender"],
            "AWS_SECRET_ACCESS_KEY": "x",
            "AWS_REGION": "us-east-1",
            "AWS_CONFIG_FILE": str(base / "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
        }
    )
    return engine


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    bin_dir = Path(
        os.popen(f"{sys.executable} {ROOT / 'scripts' / 'ensure-pulumi'}")
        .read()
        .strip()
        .splitlines()[-1]
    )
    first: list[float] = []
    again: list[float] = []
    calls: dict[str, list[int]] = {"first": [], "again": []}
    announced = False
    for round_ in range(args.rounds):
        # A fresh AWS each round (no token memory), so every first `up` is a first.
        with tempfile.TemporaryDirectory() as tmp, Emulator() as emu:
            engine = engine_for(bin_dir, Path(tmp), emu)
            stack = engine.stack(
                "examples/quickstart",
                stack_name=f"round{round_}",
                config={"sidewalkAppServerKey": auto.ConfigValue("ab" * 32, secret=True)},
            )
            for label in ("first", "again"):
                seconds, n, waited = timed_up(engine, stack, emu)
                (first if label == "first" else again).append(seconds)
                calls[label].append(n)
                announced |= waited
                engine.run(stack, "destroy", "--yes", "--skip-preview")
    result = {
        "first_up_s": round(statistics.median(first), 2),
        "recreate_up_s": round(statistics.median(again), 2),
        "ratio": round(statistics.median(again) / statistics.median(first), 2),
        "first_runs_s": [round(s, 2) for s in first],
        "recreate_runs_s": [round(s, 2) for s in again],
        "create_calls": calls,
        "wait_announced": announced,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"first up {result['first_up_s']} s; up after destroy {result['recreate_up_s']} s "
            f"(median of {len(again)}): {result['ratio']}x; create calls {calls}; "
            f"a wait announced: {announced}"
        )
    return result


if __name__ == "__main__":
    main()
