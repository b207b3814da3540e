#!/usr/bin/env python3
"""Where a resource's cost goes, in CPU milliseconds per Sidewalk association (not a test):
what is ours, what is botocore's and what is the Pulumi SDK's, each measured on its own.

- **program, ours**: ``resource_props`` (inputs normalised, secrets made secret, the options
  it implies), called as the constructor calls it.
- **program, whole**: declaring N resources under Pulumi's mocks (no engine, no gRPC) and
  letting every output settle, ours against ``bench/floor``'s do-nothing dynamic resource.
  The difference is ours plus the SDK's work on our inputs and ~17 declared outputs.
- **provider host**: the core's ``check`` + ``create`` (what the dynamic host calls for a new
  resource: the create call and the read that shows the object) against a bare boto3 client
  making the same two calls, both against one ``partnerlink-emulator`` process, so the
  server's CPU is not in either figure.

Each part runs in a fresh interpreter, ``--repeat`` times (default 5; the median is reported,
the runs too). ``python bench/ours.py [--n 500] [--repeat 5] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

MOCKS = """
import pulumi
class M(pulumi.runtime.Mocks):
    def new_resource(self, args): return [args.name + "_id", args.inputs]
    def call(self, args): return {}
pulumi.runtime.set_mocks(M(), project="p", stack="s", preview=False)
"""

PROPS = (
    MOCKS
    + """
import sys, time
import pulumi_partnerlink as pl
from pulumi_partnerlink.dynamic.inputs import resource_props
from pulumi_partnerlink.registry import PROVIDERS
n = int(sys.argv[1]); cls = pl.SidewalkPartnerAccount; spec = PROVIDERS[cls._spec_name].spec
key = pulumi.Output.secret("0f" * 32)
t = time.process_time()
for i in range(n):
    resource_props(spec, cls._spec_args, cls, f"s{i}", None, {"amazon_id": f"amzn1.account.b{i}",
        "app_server_private_key": key, "tags": {"bench": "a", "i": str(i)}})
print((time.process_time() - t) / n * 1000)
"""
)

PROGRAM = (
    MOCKS
    + """
import asyncio, sys, time
import pulumi_partnerlink as pl
from bench.floor.null_dynamic import NullDynamic
from pulumi.runtime import stack
which, n = sys.argv[1], int(sys.argv[2])
t = time.process_time()
for i in range(n):
    if which == "ours":
        pl.SidewalkPartnerAccount(f"s{i}", amazon_id=f"amzn1.account.b{i}", tags={"i": str(i)},
            app_server_private_key=pulumi.Output.secret("0f" * 32))
    else:
        NullDynamic(f"n{i}", {"i": i})
asyncio.get_event_loop().run_until_complete(stack.wait_for_rpcs())
print((time.process_time() - t) / n * 1000)
"""
)

HOST = """
import sys, time, boto3
from pulumi_partnerlink.iotwireless.sidewalk_partner_account import SidewalkPartnerAccountCore
url, n = sys.argv[1], int(sys.argv[2])
cfg = {"endpoint": url, "region": "us-east-1", "accessKey": "111111111111", "secretKey": "x"}
core = SidewalkPartnerAccountCore()
core.configure(lambda k: cfg.get(k.removeprefix("partnerlink:")),
               {f"partnerlink:{k}": v for k, v in cfg.items()})
def news(i):
    return {"amazon_id": f"amzn1.account.o{i}", "app_server_private_key": "0f" * 32,
            "tags": {"i": str(i)}, "__token_seed": f"seed-{i}"}
def ours(i):
    checked = core.check({}, news(i))
    assert not checked.failures, checked.failures
    core.create(checked.inputs)
client = boto3.client("iotwireless", endpoint_url=url, region_name="us-east-1",
                      aws_access_key_id="111111111111", aws_secret_access_key="x")
def bare(i):
    client.associate_aws_account_with_partner_account(
        Sidewalk={"AmazonId": f"amzn1.account.b{i}", "AppServerPrivateKey": "0f" * 32},
        ClientRequestToken=f"token-{i}", Tags=[{"Key": "i", "Value": str(i)}])
    client.get_partner_account(PartnerAccountId=f"amzn1.account.b{i}", PartnerType="Sidewalk")
out = {}
for name, step in (("ours", ours), ("bare", bare)):
    step(0)  # the client made, the model loaded: not per resource
    t = time.process_time()
    for i in range(1, n + 1):
        step(i)
    out[name] = (time.process_time() - t) / n * 1000
print(out["ours"], out["bare"])
"""


def python(code: str, *args: str) -> list[float]:
    # this checkout's package first (a worktree of another commit measures that commit)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(ROOT / "provider"), str(ROOT)))}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return [float(x) for x in done.stdout.split()]


def measure(n: int, repeat: int) -> dict[str, Any]:
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        for name, value in once(n).items():
            runs.setdefault(name, []).append(value)
    return {
        "n": n,
        "repeat": repeat,
        "when": time.strftime("%Y-%m-%d %H:%M"),
        **{name: round(statistics.median(values), 3) for name, values in runs.items()},
        "runs": {name: [round(v, 3) for v in values] for name, values in runs.items()},
    }


def once(n: int) -> dict[str, float]:
    emulator = subprocess.Popen(
        [sys.executable, "-m", "pulumi_partnerlink.emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert emulator.stdout is not None
        url = emulator.stdout.readline().split()[-1]
        host_ours, host_bare = python(HOST, url, str(n))
    finally:
        emulator.terminate()
        emulator.wait(10)
    (props,) = python(PROPS, str(n))
    (program_ours,) = python(PROGRAM, "ours", str(n))
    (program_null,) = python(PROGRAM, "null", str(n))
    return {
        "program_ours_resource_props_ms": props,
        "program_sidewalk_ms": program_ours,
        "program_null_dynamic_ms": program_null,
        "host_check_create_ms": host_ours,
        "host_bare_boto3_same_calls_ms": host_bare,
    }


def markdown(r: dict[str, Any]) -> str:
    rows = [
        ("program: `resource_props` (ours)", r["program_ours_resource_props_ms"]),
        ("program: declare + settle, Sidewalk (mocks)", r["program_sidewalk_ms"]),
        ("program: declare + settle, null-dynamic (mocks)", r["program_null_dynamic_ms"]),
        ("host: `check` + `create` (2 AWS calls)", r["host_check_create_ms"]),
        ("host: bare boto3, the same 2 calls", r["host_bare_boto3_same_calls_ms"]),
    ]
    lines = [
        f"| part (N = {r['n']}, median of {r['repeat']}) | CPU ms / resource |",
        "| --- | ---: |",
    ]
    lines += [f"| {name} | {value:.2f} |" for name, value in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.n, args.repeat)
    print(json.dumps(result, indent=2) if args.json else markdown(result))


if __name__ == "__main__":
    main()
