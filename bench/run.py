#!/usr/bin/env python3
"""``make bench``: performance figures of pulumi-partnerlink (not tests).

For each N (``BENCH_SIZES``, default 10,100,1000) and AWS latency (``BENCH_LATENCY_MS``,
default 0,50: a ``delay`` fault on every call), one round through the real CLI: N resources
of each of our kinds (``BENCH_KINDS``, default all three) against the emulator, and N
do-nothing resources of each of the engine's floors (bench/floor: a dynamic and a native
provider; no AWS, so no latency), interleaved step by step (up, no-change preview, refresh,
in-place update, destroy: each of ours, then each floor). Per step of ours: calls from the
emulator's counters; wall time against the bound ``calls x latency / width`` (the
dynamic-provider host serves four requests at a time, the native plugin, kinds ending in
``-native``, all that ``--parallel 16`` sends), against a bare-boto3 script doing the
same AWS work with as many threads (run right after the step, on a second emulator with the same
latency), and against each floor's. State and ``__provider`` bytes per resource; peak RSS of
the CLI, the provider host or plugin, the language host and the program (bench/measure.py).
At the largest N (unless ``BENCH_BACKENDS=0``): file backend against PostgreSQL, with and
without ``PULUMI_SKIP_CHECKPOINTS`` (bench/backends.py); ``BENCH_BACKENDS=only`` measures just
that, into ``BENCH_OUT/backends.json`` (RESULTS.md left as it is);
``BENCH_BACKEND_CONFIGS=file-skip,postgres-skip`` picks configurations by label;
``BENCH_BACKEND_LIMIT_S`` (default 600) stops an operation that runs longer, recorded as a
bound. Then the
emulator's load figure
(bench/emulator_load.py).

The machine must be quiet: no other process, nor all of them together, above 50% of a core
(in any 5 s window), checked before the run and watched during it. Otherwise nothing is
written to the output directory (the figures go to a temporary one) unless
``BENCH_FORCE=1``, and then RESULTS.md says so in its header.

Writes ``results.json``, ``RESULTS.md`` and, with matplotlib (``.[bench]``), ``scaling.png``
into ``BENCH_OUT`` (default ``bench/``). A small check that writes nothing of the committed
figures: ``BENCH_SIZES=10 BENCH_LATENCY_MS=0 BENCH_OUT=/tmp/b BENCH_FORCE=1 bench/run.py``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import floor  # noqa: E402
from bench.backends import compare  # noqa: E402
from bench.measure import MARK, PeakRss, Quiet, vm_hwm_mb  # noqa: E402
from bench.report import backends_table, markdown, plot, ratio, yardstick_table  # noqa: E402
from bench.subjects import STEPS, Floor, Ours  # noqa: E402

KINDS = tuple(os.environ.get("BENCH_KINDS", "sidewalk,relationship,handshake").split(","))
SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "10,100,1000").split(",")]
LATENCIES = [int(x) for x in os.environ.get("BENCH_LATENCY_MS", "0,50").split(",")]
BACKENDS = os.environ.get("BENCH_BACKENDS", "1") != "0"
BACKENDS_ONLY = os.environ.get("BENCH_BACKENDS") == "only"
BACKEND_KIND = os.environ.get("BENCH_BACKEND_KIND", "relationship")
FORCE = os.environ.get("BENCH_FORCE") == "1"
# The shaped floors (bench/floor/shape.py) unless BENCH_SHAPED=0: a Sidewalk association's shape
SHAPED = floor.SHAPED if os.environ.get("BENCH_SHAPED", "1") != "0" else ()
OUT = Path(os.environ.get("BENCH_OUT") or ROOT / "bench").resolve()


def one_round(
    bin_dir: Path, n: int, latency: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ours (each kind) and the floors at N and latency, interleaved step by step."""
    base = Path(tempfile.mkdtemp(prefix="partnerlink-bench-"))
    with ExitStack() as es, PeakRss() as rss:
        ours = [Ours(bin_dir, base, kind, n, latency, es) for kind in KINDS]
        floors = [Floor(bin_dir, base, which, n) for which in floor.FLOORS + SHAPED]
        subjects: list[Ours | Floor] = [*ours, *floors]
        for step in STEPS:
            for subject in subjects:
                subject.step(step)
        for subject in subjects:
            subject.close()
    hwm = vm_hwm_mb()
    points: list[dict[str, Any]] = [
        {"kind": o.kind, "n": n, "latency_ms": latency, "steps": o.steps, **o.state}
        | {"peak_rss_mb": {**rss.peak.get(o.label, {}), "emulator (bench process)": hwm}}
        for o in ours
    ]
    floor_rows: list[dict[str, Any]] = [
        {"floor": f.label, "n": n, "latency_ms": latency, "steps": f.steps, **f.state}
        | {"peak_rss_mb": dict(rss.peak.get(f.label, {}))}
        for f in floors
    ]
    for p in points:  # ours against each floor of the same round
        for name, s in p["steps"].items():
            for f in floor_rows:
                key = "ratio_to_" + f["floor"].replace("-", "_")
                s[key] = ratio(s["wall_s"], f["steps"][name]["wall_s"])
    return points, floor_rows


def cli_of(bin_dir: Path) -> str:
    return subprocess.run(
        [str(bin_dir / "pulumi"), "version"], capture_output=True, text=True
    ).stdout.strip()


def ensure_pulumi() -> Path:
    return Path(
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "ensure-pulumi")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )


def measure(bin_dir: Path, quiet: Quiet) -> dict[str, Any]:
    points: list[dict[str, Any]] = []
    floors: list[dict[str, Any]] = []
    for n in SIZES:
        for latency in LATENCIES:
            print(f"bench: N={n} latency={latency}ms: {', '.join(KINDS)}, floors", flush=True)
            p, f = one_round(bin_dir, n, latency)
            points += p
            floors += f
            print("\n".join(yardstick_table({"points": p, "floors": f})), flush=True)
    backends = compare(bin_dir, BACKEND_KIND, max(SIZES), quiet) if BACKENDS else None
    return {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "cli": cli_of(bin_dir),
        "points": points,
        "floors": floors,
        "backends": backends,
    }


def emulator_load() -> tuple[dict[str, Any], str]:
    load = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "emulator_load.py"), "--seconds", "3", "--markdown"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures, table = load.split("\n\n", 1)
    return json.loads(figures), table


GENERATED = (  # the sections bench/run.py writes; every other section of RESULTS.md is kept
    "# Benchmark results",
    "## The yardstick",
    "## Every step",
    "## Against the engine's floor",
    "## Under latency",
    "## State backends",
    "## Emulator load",
)
FIRST = ("## What the figures say",)  # kept sections that go right after the header


def sections(text: str) -> list[str]:
    """``text`` cut before each ``## `` heading (the first part: the title and header)."""
    parts, current = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("## ") and current:
            parts.append("".join(current))
            current = []
        current.append(line)
    if current:
        parts.append("".join(current))
    return parts


def write(doc: dict[str, Any], table: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(doc, indent=2) + "\n")
    plot(doc, out)
    # Sections written by hand or by other scripts (bench/fleet.py's "## Fleet", the quota
    # runs', the analysis) stay as they were: "What the figures say" after the header, the
    # others after the generated ones.
    previous = (out / "RESULTS.md").read_text() if (out / "RESULTS.md").exists() else ""
    kept = [s for s in sections(previous) if not s.startswith(GENERATED)]
    first = [s for s in kept if s.startswith(FIRST)]
    rest = [s for s in kept if not s.startswith(FIRST)]
    generated = sections(markdown(doc, table, out))
    parts = generated[:1] + first + generated[1:] + rest
    (out / "RESULTS.md").write_text("".join(p.rstrip("\n") + "\n\n" for p in parts).rstrip() + "\n")


def backends_only(bin_dir: Path, quiet: Quiet) -> int:
    """``BENCH_BACKENDS=only``: the state backends at the largest N alone, into
    ``BENCH_OUT/backends.json`` and printed as RESULTS.md's table (RESULTS.md left alone)."""
    with quiet:
        doc: dict[str, Any] = {"backends": compare(bin_dir, BACKEND_KIND, max(SIZES), quiet)}
    doc["quiet"], doc["forced"] = quiet.summary(), FORCE
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "backends.json").write_text(json.dumps(doc, indent=2) + "\n")
    print("\n".join(backends_table(doc)))
    print(f"bench: other processes during the run: {quiet.summary()}")
    return 1 if quiet.is_busy else 0


def main() -> int:
    os.environ.setdefault(MARK, str(os.getpid()))  # marks every process the run starts
    quiet = Quiet()
    quiet.sample(3.0)
    if quiet.is_busy and not FORCE:
        print(f"bench: the machine is busy, not measuring: {quiet.summary()}")
        print("bench: run again when it is quiet, or with BENCH_FORCE=1 (RESULTS.md says so)")
        return 2
    bin_dir = ensure_pulumi()
    if BACKENDS_ONLY:
        return backends_only(bin_dir, quiet)
    with quiet:
        doc = measure(bin_dir, quiet)
        doc["emulator_load"], table = emulator_load()
    doc["quiet"], doc["forced"] = quiet.summary(), FORCE
    out = OUT
    if quiet.is_busy and not FORCE:
        out = Path(tempfile.mkdtemp(prefix="partnerlink-bench-busy-"))
        print(f"bench: other processes used > 50% of a core during the run: {quiet.summary()}")
        print(f"bench: {OUT} left as it was; these figures are in {out}")
    write(doc, table, out)
    print((out / "RESULTS.md").read_text())
    return 0 if out == OUT else 1


if __name__ == "__main__":
    sys.exit(main())
