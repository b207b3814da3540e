"""The state backend's share of our wall time, at one N: ``up`` and ``destroy`` of N resources
of ours on the file backend and on PostgreSQL (a private cluster on loopback,
tests/support/postgres.py), each with checkpoints and with ``PULUMI_SKIP_CHECKPOINTS=true``;
no injected latency, so the backend's cost is not hidden behind AWS's. The four
configurations run one after the other, alternating file and PostgreSQL (and PostgreSQL with
checkpoints and the state gzip-compressed, ``PULUMI_DIY_BACKEND_GZIP=true``); each has its own
emulator and ``PULUMI_HOME`` (its peak RSS is attributed by it, bench/measure.py).

An operation still running after ``BENCH_BACKEND_LIMIT_S`` seconds (default 600) is stopped as
Ctrl-C stops it (SIGINT to that configuration's CLI: no new step starts, the ones in flight
end) and reported as a bound, ``> 600`` (with checkpoints on PostgreSQL at N = 1,000, ``up``
did not end within 15 minutes); the ``destroy`` after it, of what that ``up`` made, is marked
``(partial)``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pulumi_partnerlink.emulator import Emulator

from bench.baseline import parents
from bench.measure import PeakRss, Quiet, processes, timed
from bench.subjects import PROGRAM, aws_env, operate
from tests.support.engine import Engine
from tests.support.postgres import PostgresCluster, pg_bin

CONFIGS = (  # (backend, checkpoints skipped, state compressed: PULUMI_DIY_BACKEND_GZIP)
    ("file", False, False),
    ("postgres", False, False),
    ("postgres", False, True),
    ("file", True, False),
    ("postgres", True, False),
)
# BENCH_BACKEND_CONFIGS=file-skip,postgres-skip: only these (labels as in the rows)
CHOSEN = [c for c in os.environ.get("BENCH_BACKEND_CONFIGS", "").split(",") if c]
LIMIT_S = float(os.environ.get("BENCH_BACKEND_LIMIT_S", "600"))


def clis_of(home: str) -> list[int]:
    """The ``pulumi`` CLI processes running with ``PULUMI_HOME=home``."""
    found = []
    for pid in processes():
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() != "pulumi":
                continue
            env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"PULUMI_HOME={home}".encode() in env:
            found.append(int(pid))
    return found


def limited(step: Callable[[], Any], home: str, limit: float) -> float | str:
    """``step``'s seconds, or ``"> limit"`` when it was still running at ``limit`` and was
    stopped (SIGINT to the CLI, as Ctrl-C; the error that ends the step is expected then)."""
    done, stopped = threading.Event(), threading.Event()

    def watch() -> None:
        if done.wait(limit):
            return
        stopped.set()
        for pid in clis_of(home):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        seconds = timed(step)
    except Exception:
        if not stopped.is_set():
            raise
    finally:
        done.set()
        watcher.join()
    return f"> {limit:g}" if stopped.is_set() else round(seconds, 2)


def label_of(backend: str, skip: bool, gzip: bool = False) -> str:
    return f"{backend}-{'skip' if skip else 'checkpoints'}{'-gzip' if gzip else ''}"


def one(
    bin_dir: Path, base: Path, kind: str, n: int, config: tuple[str, bool, bool], url: str
) -> dict[str, Any]:
    backend, skip, gzip = config
    label = label_of(backend, skip, gzip)
    with Emulator(behaviour="unlimited") as emu:  # the backend's share, not AWS's rates
        ctx = parents(emu, kind, n)
        engine = Engine(bin_dir=bin_dir, base=base / label, summary_from_events=False)
        engine.emulator = emu
        engine.extra_env.update(aws_env(base))
        engine.extra_env["PULUMI_SKIP_CHECKPOINTS"] = "true" if skip else "false"
        engine.extra_env["PULUMI_DIY_BACKEND_GZIP"] = "true" if gzip else "false"
        if backend == "postgres":
            engine.backend_url = url
        stack = engine.stack(
            PROGRAM,
            stack_name=f"{kind}{n}-{label}",
            config={
                "kind": kind,
                "n": str(n),
                "context": json.dumps(ctx),
                "partnerlink:pacing": "false",
            },
        )
        home = engine.env["PULUMI_HOME"]
        up = limited(lambda: operate(stack, "up"), home, LIMIT_S)
        destroy = limited(lambda: operate(stack, "destroy"), home, LIMIT_S)
        if isinstance(up, str) and not isinstance(destroy, str):  # of what the stopped up made
            destroy = f"{destroy} (partial)"
    return {
        "label": label,
        "kind": kind,
        "n": n,
        "backend": backend,
        "skip_checkpoints": skip,
        "gzip": gzip,
        "up_s": up,
        "destroy_s": destroy,
    }


def compare(bin_dir: Path, kind: str, n: int, quiet: Quiet) -> dict[str, Any]:
    """The four configurations; ``{"skipped": reason}`` without PostgreSQL's binaries."""
    if pg_bin() is None:
        return {"skipped": "PostgreSQL server binaries not found (make postgres)"}
    base = Path(tempfile.mkdtemp(prefix="partnerlink-bench-backends-"))
    rows = []
    with PostgresCluster() as pg, PeakRss() as rss:
        pid = (pg.data / "postmaster.pid").read_text().split("\n", 1)[0].strip()
        quiet.own(pid)  # the postmaster is ours, though not our descendant
        for config in CONFIGS:
            if CHOSEN and label_of(*config) not in CHOSEN:
                continue
            print(f"bench: backends {kind} N={n} {label_of(*config)}", flush=True)
            rows.append(one(bin_dir, base, kind, n, config, pg.url))
            print(f"bench: backends {json.dumps(rows[-1])}", flush=True)  # kept if cut short
    for row in rows:
        row["peak_rss_mb"] = dict(rss.peak.get(row["label"], {}))
    return {"rows": rows}
