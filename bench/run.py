#!/usr/bin/env python3
"""``make bench``: performance figures of pulumi-partnerlink (not tests).

For each resource kind and N (``BENCH_SIZES``, default 10,100) and AWS latency
(``BENCH_LATENCY_MS``, default 0,50: a ``delay`` fault on every call), through the real CLI
against the emulator:
calls per step (up, no-change preview, refresh, in-place update, destroy) from the emulator's
counters; wall time per step against the bound ``calls x latency / 4`` (the dynamic-provider
host serves four requests at a time) and against a bare-boto3 script doing the same AWS work
with 4 threads, run right after each step (interleaved) on a second emulator with the same
latency; state and ``__provider`` bytes per resource; peak RSS of the CLI, the provider host
and the emulator's process. Then the emulator's load figure (``bench/emulator_load.py``).

Writes ``bench/results.json``, ``bench/RESULTS.md`` and, with matplotlib (``.[bench]``),
``bench/scaling.png``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import boto3  # noqa: E402
from pulumi import automation as auto  # noqa: E402
from pulumi_partnerlink.emulator import Emulator  # noqa: E402

from tests.support.engine import Engine  # noqa: E402

SENDER = "111111111111"
KINDS = ("sidewalk", "relationship", "handshake")
SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "10,100").split(",")]
LATENCIES = [int(x) for x in os.environ.get("BENCH_LATENCY_MS", "0,50").split(",")]
KEY = "0f" * 32
OUT = ROOT / "bench"


# ---------------------------------------------------------------------- memory sampling


class PeakRss:
    """Samples this process's descendants every 0.1 s: the peak RSS (MB) per role."""

    def __init__(self) -> None:
        self.peak: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _role(pid: str) -> str | None:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            return None
        if "pulumi.dynamic" in cmd or "__provider" in cmd or "dynamic" in cmd:
            return "provider host"
        if cmd.split(" ")[0].endswith("/pulumi"):
            return "cli"
        if "pulumi-language-python" in cmd:
            return "language host"
        if "python" in cmd and "__main__" in cmd:
            return "program"
        return None

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.1):
            parents: dict[str, str] = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        stat = Path(f"/proc/{entry}/stat").read_text()
                        parents[entry] = stat.rsplit(")", 1)[1].split()[1]
                    except (OSError, IndexError):
                        continue
            for pid in parents:
                p, depth = pid, 0
                while p in parents and p != me and depth < 10:
                    p, depth = parents[p], depth + 1
                if p != me or pid == me:
                    continue
                role = self._role(pid)
                if role is None:
                    continue
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            mb = int(line.split()[1]) / 1024
                            self.peak[role] = max(self.peak[role], round(mb, 1))
                except OSError:
                    continue


# ---------------------------------------------------------------------- bare boto3


def boto(emu: Emulator, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=emu.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id=SENDER,
        aws_secret_access_key="x",
    )


def parents(emu: Emulator, kind: str, n: int) -> dict[str, Any]:
    if kind == "sidewalk":
        return {}
    pcc = boto(emu, "partnercentral-channel")
    pma = pcc.create_program_management_account(
        catalog="AWS", program="DISTRIBUTION", displayName="Bench", accountId="999999999999"
    )["programManagementAccountDetail"]["id"]
    ctx: dict[str, Any] = {"pma": pma}
    if kind == "handshake":
        ctx["relationships"] = [
            pcc.create_relationship(
                catalog="AWS",
                programManagementAccountIdentifier=pma,
                associationType="END_CUSTOMER",
                associatedAccountId=f"4{i:011d}",
                displayName=f"c{i}",
                sector="COMMERCIAL",
            )["relationshipDetail"]["id"]
            for i in range(n)
        ]
    return ctx


class Baseline:
    """The same AWS work as each step, by hand with boto3 and 4 threads (no checks, no state)."""

    def __init__(self, emu: Emulator, kind: str, n: int, ctx: dict[str, Any]) -> None:
        self.iot, self.pcc = boto(emu, "iotwireless"), boto(emu, "partnercentral-channel")
        self.kind, self.n, self.ctx = kind, n, ctx
        self.arns: list[str] = []
        self.ids: list[str] = []

    def _each(self, fn: Callable[[int], Any]) -> list[Any]:
        with ThreadPoolExecutor(4) as pool:
            return list(pool.map(fn, range(self.n)))

    def up(self) -> None:
        def one(i: int) -> tuple[str, str]:
            if self.kind == "sidewalk":
                arn = self.iot.associate_aws_account_with_partner_account(
                    Sidewalk={"AmazonId": f"amzn1.account.b{i}", "AppServerPrivateKey": KEY},
                    Tags=[{"Key": "bench", "Value": "a"}],
                )["Arn"]
                return arn, f"amzn1.account.b{i}"
            if self.kind == "relationship":
                d = self.pcc.create_relationship(
                    catalog="AWS",
                    programManagementAccountIdentifier=self.ctx["pma"],
                    associationType="END_CUSTOMER",
                    associatedAccountId=f"4{i:011d}",
                    displayName=f"Customer {i}",
                    sector="COMMERCIAL",
                    tags=[{"key": "bench", "value": "a"}],
                )["relationshipDetail"]
                return d["arn"], d["id"]
            d = self.pcc.create_channel_handshake(
                catalog="AWS",
                handshakeType="START_SERVICE_PERIOD",
                associatedResourceIdentifier=self.ctx["relationships"][i],
                payload={
                    "startServicePeriodPayload": {
                        "programManagementAccountIdentifier": self.ctx["pma"],
                        "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
                        "minimumNoticeDays": "30",
                    }
                },
                tags=[{"key": "bench", "value": "a"}],
            )["channelHandshakeDetail"]
            return d["arn"], d["id"]

        done = self._each(one)
        self.arns, self.ids = [a for a, _ in done], [i for _, i in done]

    def preview(self) -> None:
        pass  # a preview needs no AWS call

    def refresh(self) -> None:
        if self.kind == "sidewalk":
            self._each(
                lambda i: self.iot.get_partner_account(
                    PartnerAccountId=self.ids[i], PartnerType="Sidewalk"
                )
            )
            self._each(lambda i: self.iot.list_tags_for_resource(ResourceArn=self.arns[i]))
            return
        op = "list_relationships" if self.kind == "relationship" else "list_channel_handshakes"
        extra = (
            {}
            if self.kind == "relationship"
            else {"handshakeType": "START_SERVICE_PERIOD", "participantType": "SENDER"}
        )
        for _ in self.pcc.get_paginator(op).paginate(catalog="AWS", **extra):
            pass
        self._each(lambda i: self.pcc.list_tags_for_resource(resourceArn=self.arns[i]))

    def update(self) -> None:
        if self.kind == "sidewalk":
            self._each(
                lambda i: self.iot.tag_resource(
                    ResourceArn=self.arns[i], Tags=[{"Key": "bench", "Value": "b"}]
                )
            )
        else:
            self._each(
                lambda i: self.pcc.tag_resource(
                    resourceArn=self.arns[i], tags=[{"key": "bench", "value": "b"}]
                )
            )

    def destroy(self) -> None:
        if self.kind == "sidewalk":
            self._each(
                lambda i: self.iot.disassociate_aws_account_from_partner_account(
                    PartnerAccountId=self.ids[i], PartnerType="Sidewalk"
                )
            )
        elif self.kind == "relationship":
            self._each(
                lambda i: self.pcc.delete_relationship(
                    catalog="AWS",
                    identifier=self.ids[i],
                    programManagementAccountIdentifier=self.ctx["pma"],
                )
            )
        else:
            self._each(
                lambda i: self.pcc.cancel_channel_handshake(catalog="AWS", identifier=self.ids[i])
            )


# ---------------------------------------------------------------------- one point


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.monotonic()
    fn()
    return time.monotonic() - t0


def calls_of(emu: Emulator, fn: Callable[[], Any]) -> tuple[float, int]:
    before = sum(emu.calls().values())
    wall = timed(fn)
    return wall, sum(emu.calls().values()) - before


def point(bin_dir: Path, kind: str, n: int, latency: int) -> dict[str, Any]:
    base = Path(tempfile.mkdtemp(prefix="partnerlink-bench-"))
    with Emulator() as emu, Emulator() as bare_emu, PeakRss() as rss:
        ctx = parents(emu, kind, n)
        bare = Baseline(bare_emu, kind, n, parents(bare_emu, kind, n))
        engine = Engine(bin_dir=bin_dir, base=base)
        engine.emulator = emu
        engine.extra_env.update(
            {
                "AWS_ACCESS_KEY_ID": SENDER,
                "AWS_SECRET_ACCESS_KEY": "x",
                "AWS_REGION": "us-east-1",
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": str(base / "none"),
                "AWS_SHARED_CREDENTIALS_FILE": str(base / "none"),
            }
        )
        stack = engine.stack(
            OUT / "program",
            stack_name=f"{kind}{n}",
            config={"kind": kind, "n": str(n), "context": json.dumps(ctx)},
        )
        for e in (emu, bare_emu):
            if latency:
                e.inject("*", "delay", delay_ms=latency)
        steps: dict[str, dict[str, Any]] = {}

        def step(name: str, run: Callable[[], Any], baseline: Callable[[], Any]) -> None:
            wall, calls = calls_of(emu, run)
            bare_wall = timed(baseline)
            bound = calls * latency / 1000 / 4
            steps[name] = {
                "calls": calls,
                "calls_per_resource": round(calls / n, 2),
                "wall_s": round(wall, 2),
                "bare_boto3_s": round(bare_wall, 2),
                "bound_s": round(bound, 2),
                "ratio_to_bare": round(wall / bare_wall, 1) if bare_wall > 0.01 else None,
            }

        step("up", lambda: stack.up(parallel=16), bare.up)
        step("preview", lambda: stack.preview(parallel=16), bare.preview)
        exported = engine.export(stack)
        state_bytes = len(json.dumps(exported))
        ours = [r for r in exported["resources"] if r["type"].startswith("pulumi-python:dynamic")]
        provider_bytes = max(len(json.dumps(r["inputs"].get("__provider"))) for r in ours)
        step("refresh", lambda: stack.refresh(parallel=16), bare.refresh)
        stack.set_config("tag", auto.ConfigValue("b"))
        step("update", lambda: stack.up(parallel=16), bare.update)
        step("destroy", lambda: stack.destroy(parallel=16), bare.destroy)
        emu.admin("DELETE", "faults")
    rss.peak["emulator (bench process)"] = round(
        int(
            next(
                line.split()[1]
                for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmHWM:")
            )
        )
        / 1024,
        1,
    )
    return {
        "kind": kind,
        "n": n,
        "latency_ms": latency,
        "steps": steps,
        "state_bytes_per_resource": state_bytes // n,
        "provider_bytes": provider_bytes,
        "peak_rss_mb": dict(rss.peak),
    }


# ---------------------------------------------------------------------- report


FLEET_SECTION = "## Fleet"  # written by hand from `python bench/fleet.py`'s table


def markdown(doc: dict[str, Any], load: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"{doc['date']}, {doc['machine']}; Pulumi CLI {doc['cli']}. Made by `make bench`",
        "(`bench/run.py`); raw figures in `bench/results.json`. Wall times are of the real",
        "CLI through the Automation API (`--parallel 16`); *bare boto3* is a script doing the",
        "same AWS work with 4 threads, run right after each step on its own emulator with the",
        "same latency; *bound* is calls x latency / 4 (the provider host's four workers).",
        "",
        "| kind | N | latency ms | step | calls | calls/resource | wall s | bare boto3 s |"
        " bound s | wall / bare |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in doc["points"]:
        for name, s in p["steps"].items():
            lines.append(
                f"| {p['kind']} | {p['n']} | {p['latency_ms']} | {name} | {s['calls']} | "
                f"{s['calls_per_resource']} | {s['wall_s']} | {s['bare_boto3_s']} | "
                f"{s['bound_s']} | {s['ratio_to_bare']} |"
            )
    lines += [
        "",
        "| kind | N | latency ms | state bytes / resource | `__provider` bytes | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in doc["points"]:
        rss = ", ".join(f"{k} {v}" for k, v in sorted(p["peak_rss_mb"].items()))
        lines.append(
            f"| {p['kind']} | {p['n']} | {p['latency_ms']} | {p['state_bytes_per_resource']} | "
            f"{p['provider_bytes']} | {rss} |"
        )
    lines += ["", "## Emulator load", "", load.strip(), ""]
    if (OUT / "scaling.png").exists():
        lines += ["![wall time and calls against N](scaling.png)", ""]
    return "\n".join(lines)


def plot(doc: dict[str, Any]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: matplotlib not installed (pip install -e '.[bench]'): no plot")
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    for kind in KINDS:
        for latency in LATENCIES:
            pts = [p for p in doc["points"] if p["kind"] == kind and p["latency_ms"] == latency]
            if not pts:
                continue
            ns = [p["n"] for p in pts]
            ax1.plot(
                ns, [p["steps"]["up"]["wall_s"] for p in pts], "o-", label=f"{kind} {latency}ms"
            )
            if latency == LATENCIES[0]:
                ax2.plot(ns, [p["steps"]["refresh"]["calls"] for p in pts], "o-", label=kind)
    ax1.set(xlabel="N resources", ylabel="`up` wall time (s)", xscale="log", yscale="log")
    ax2.set(xlabel="N resources", ylabel="`refresh` calls", xscale="log", yscale="log")
    ax1.legend(fontsize=7)
    ax2.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(OUT / "scaling.png", dpi=100)


def main() -> int:
    bin_dir = Path(
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "ensure-pulumi")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    cli = subprocess.run(
        [str(bin_dir / "pulumi"), "version"], capture_output=True, text=True
    ).stdout.strip()
    points = []
    for n in SIZES:
        for kind in KINDS:
            for latency in LATENCIES:
                print(f"bench: {kind} N={n} latency={latency}ms", flush=True)
                points.append(point(bin_dir, kind, n, latency))
    doc = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "cli": cli,
        "points": points,
    }
    (OUT / "results.json").write_text(json.dumps(doc, indent=2) + "\n")
    load = subprocess.run(
        [sys.executable, str(OUT / "emulator_load.py"), "--seconds", "3", "--markdown"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    doc["emulator_load"] = json.loads(load.split("\n\n", 1)[0])
    (OUT / "results.json").write_text(json.dumps(doc, indent=2) + "\n")
    plot(doc)
    # Sections other scripts wrote (bench/fleet.py's "## Fleet") stay as they were.
    previous = (OUT / "RESULTS.md").read_text() if (OUT / "RESULTS.md").exists() else ""
    kept = previous[previous.index(FLEET_SECTION) :] if FLEET_SECTION in previous else ""
    text = markdown(doc, load.split("\n\n", 1)[1])
    (OUT / "RESULTS.md").write_text(text.rstrip("\n") + ("\n\n" + kept if kept else "\n"))
    print((OUT / "RESULTS.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
