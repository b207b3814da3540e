#!/usr/bin/env python3
"""Where each process of a step spends its CPU, part by part (not a test): py-spy samples every
Python process a step starts (the program, the dynamic-provider host or native plugin, and the
bench process itself, where the emulator serves), and this sums them by process and by the
package of the innermost frame (ours: ``pulumi_partnerlink``; the Pulumi SDK; gRPC; protobuf;
botocore and its HTTP stack; dill; the rest of Python's library). A sample counts for "ours,
with what it calls" too when any frame of it is ours.

``python bench/profile.py --subject sidewalk --n 1000 [--steps up,preview,...] [--rate 100]
[--json F] [--sdk-wait-fix]``; ``python bench/profile.py --summary A.json B.json ...`` makes one
table of several runs;
subjects: our kinds (``sidewalk``, ``sidewalk-native``, ``relationship``, ...) and the floors
(``null-dynamic``, ``null-native``, ``shaped-dynamic``, ``shaped-native``). Needs py-spy
(``pip install -e '.[bench]'``; it reads other processes' memory: root, or ptrace allowed).
The steps run as bench/run.py runs them (bench/subjects.py). Every process's CPU is read from
/proc (the CLI and the language hosts are Go: py-spy sees only the Python ones).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import floor  # noqa: E402
from bench.measure import CpuByRole  # noqa: E402
from bench.subjects import STEPS, Floor, Ours  # noqa: E402

PACKAGES = (  # innermost frame's file -> part; first match wins
    ("ours", ("pulumi_partnerlink/", "pulumi_partnerlink_native/", "bench/floor/")),
    ("pulumi SDK", ("pulumi/",)),
    ("gRPC", ("grpc/", "grpc_")),
    ("protobuf", ("google/protobuf/",)),
    ("botocore + HTTP", ("botocore/", "boto3/", "urllib3/", "http/client", "s3transfer/")),
    ("werkzeug (emulator)", ("werkzeug/",)),
    ("dill/pickle", ("dill/", "pickle")),
)
ROLES = (  # command line -> role; the Python ones are sampled
    ("program", "pulumi-language-python-exec"),
    ("native plugin", "pulumi-resource-"),
    ("native plugin", "pulumi_partnerlink.native"),
    ("native plugin", "null_native.py"),
    ("provider host", "pulumi.dynamic"),
)


GO_ROLES = (
    ("py-spy", "py-spy"),
    ("language host", "pulumi-language-"),
    ("CLI", "/pulumi "),
    ("CLI", "pulumi "),
)
PYTHON_ROLES = {name for name, _ in ROLES}


def part(frame: str) -> str:
    for name, needles in PACKAGES:
        if any(n in frame for n in needles):
            return name
    return "Python's library, other"


def parse(raw: Path, out: Counter[str]) -> None:
    """py-spy's raw output (``frame;frame;... count``, outermost first) into samples by part."""
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if not f.startswith(("thread ", "process "))]
        n = int(count)
        out[part(frames[-1] if frames else "")] += n
        out["(total)"] += n
        if any("pulumi_partnerlink" in f for f in frames):
            out["ours, with what it calls"] += n
        if any(f.startswith("wait_for_rpcs ") for f in frames):
            out["SDK wait loop (wait_for_rpcs)"] += n


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class Spies(CpuByRole):
    """One ``py-spy record`` per Python process of ours: this one (the emulator, the
    Automation API) and each the step starts, found by polling /proc every 20 ms (py-spy's own
    ``--subprocesses`` does not see the CLI's grandchildren); and every process's CPU."""

    def __init__(self, rate: int, workdir: Path, label: str) -> None:
        super().__init__(ROLES + GO_ROLES, interval=0.02)
        self.rate, self.workdir, self.label = rate, workdir, label
        self.spies: list[tuple[str, Path, subprocess.Popen[bytes]]] = []

    def spy(self, pid: str, who: str) -> None:
        raw = self.workdir / f"{self.label}-{pid}.txt"
        cmd = [shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy"), "record",
               "--pid", pid, "--format", "raw", "--nonblocking", "--rate", str(self.rate),
               "--gil", "--output", str(raw)]  # fmt: skip
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.spies.append((who, raw, proc))

    def started(self, pid: str, cmd: str, role: str) -> None:
        if "py-spy" not in cmd and role in PYTHON_ROLES:
            self.spy(pid, role)

    def cpu(self) -> dict[str, float]:
        return {who: s for who, s in self.seconds().items() if who != "py-spy"}

    def __enter__(self) -> Spies:
        self.spy(str(os.getpid()), "bench (emulator, Automation API)")
        super().__enter__()
        time.sleep(1.0)  # attached
        return self

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        for _, _, proc in self.spies:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for _, _, proc in self.spies:
            proc.wait(60)

    def parts(self) -> dict[str, dict[str, float]]:
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for who, raw, _ in self.spies:
            if raw.exists():
                parse(raw, out[who])
        return {w: {p: round(c / self.rate, 2) for p, c in ps.items()} for w, ps in out.items()}


def profiled(run: Any, rate: int, workdir: Path, label: str) -> dict[str, Any]:
    with Spies(rate, workdir, label) as spies:
        cpu0, t0 = children_cpu(), time.monotonic()
        run()
        wall, cpu = time.monotonic() - t0, children_cpu() - cpu0
    parts = spies.parts()
    return {
        "wall_s": round(wall, 2),
        "cpu_of_processes_started_s": round(cpu, 2),
        "cpu_by_process_s": spies.cpu(),
        "python_parts_s": parts,
        "sdk_wait_loop_s": parts.get("program", {}).get("SDK wait loop (wait_for_rpcs)", 0.0),
    }


def table(label: str, step: str, r: dict[str, Any], n: int) -> str:
    lines = [
        f"### {label}, {step} (N = {n}): wall {r['wall_s']} s, CPU of the processes it started "
        f"{r['cpu_of_processes_started_s']} s",
        "",
        "| process | part | CPU s | ms / resource |",
        "| --- | --- | ---: | ---: |",
    ]
    for who, s in sorted(r["cpu_by_process_s"].items()):
        lines.append(f"| {who} | whole process (/proc) | {s} | {s / n * 1000:.2f} |")
        for p, v in sorted(r["python_parts_s"].get(who, {}).items(), key=lambda kv: -kv[1]):
            if v >= 0.05 and p != "(total)":
                lines.append(f"| {who} | {p} (py-spy, GIL held) | {v} | {v / n * 1000:.2f} |")
    return "\n".join(lines)


WAIT_LOOP = """    rpc_manager = _get_rpc_manager()
    while True:
"""


def sdk_overlay(where: Path) -> Path:
    """A copy of the installed ``pulumi`` package with one line added to
    ``runtime/stack.py``'s ``wait_for_rpcs``: yield to the event loop before looking at the
    outstanding RPCs. Without it the loop finds none (the registrations a program scheduled
    have not started yet), goes on to wait for every output, and waits with
    ``asyncio.wait(FIRST_COMPLETED)`` over all of them once per completion: a cost of
    outputs x completions. Put first on PYTHONPATH (the program and the provider host)."""
    import pulumi

    shutil.copytree(Path(pulumi.__file__).parent, where / "pulumi")
    stack = where / "pulumi" / "runtime" / "stack.py"
    text = stack.read_text()
    assert WAIT_LOOP in text, "this SDK's wait_for_rpcs is not the one the fix is for"
    fixed = WAIT_LOOP + "        await asyncio.sleep(0)  # the registrations start first\n"
    stack.write_text(text.replace(WAIT_LOOP, fixed, 1))
    return where


SUMMARY_ROLES = ("CLI", "program", "provider host", "native plugin")


def summary(files: list[Path]) -> str:
    """One table from several ``--json`` files (named ``<subject>.json``): CPU seconds per
    step and process; of the program, the SDK's ``wait_for_rpcs`` loop and our own code (the
    samples whose innermost frame is ours); of the provider host or plugin, ours with what it
    calls (botocore's calls included: bare boto3 makes them too)."""
    lines = [
        "| subject | step | wall s | CLI | program | of which SDK wait loop | of which our own"
        " code | provider host / plugin | of which ours (with botocore) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for f in files:
        for step, r in json.loads(f.read_text()).items():
            cpu, parts = r["cpu_by_process_s"], r["python_parts_s"]
            host = "native plugin" if cpu.get("native plugin") else "provider host"
            ours = parts.get(host, {}).get("ours, with what it calls", 0.0)
            lines.append(
                f"| {f.stem} | {step} | {r['wall_s']} | {cpu.get('CLI', 0.0)} | "
                f"{cpu.get('program', 0.0)} | {r.get('sdk_wait_loop_s', '-')} | "
                f"{parts.get('program', {}).get('ours', 0.0)} | {cpu.get(host, 0.0)} | {ours} |"
            )
    return "\n".join(lines)


def main() -> int:
    if sys.argv[1:2] == ["--summary"]:
        print(summary([Path(a) for a in sys.argv[2:]]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subject", default="sidewalk")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--sdk-wait-fix",
        action="store_true",
        help="the program on a copy of the Pulumi SDK with wait_for_rpcs fixed (sdk_overlay)",
    )
    args = parser.parse_args()
    if args.sdk_wait_fix:
        overlay = sdk_overlay(Path(tempfile.mkdtemp(prefix="partnerlink-sdk-")))
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(overlay), os.environ.get("PYTHONPATH", "")) if p
        )
    wanted = args.steps.split(",")
    bin_dir = Path(
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "ensure-pulumi")],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )  # fmt: skip
    base = Path(tempfile.mkdtemp(prefix="partnerlink-profile-"))
    results: dict[str, Any] = {}
    with ExitStack() as es:
        subject: Ours | Floor
        if args.subject in floor.FLOORS + floor.SHAPED:
            subject = Floor(bin_dir, base, args.subject, args.n)
        else:
            subject = Ours(bin_dir, base, args.subject, args.n, 0, es)
            subject.with_baseline = False
        for step in STEPS:  # every step runs (each needs the one before); wanted ones profiled
            if step not in wanted:
                subject.step(step)
                continue
            results[step] = profiled(lambda s=step: subject.step(s), args.rate, base, step)
            print(table(args.subject, step, results[step], args.n), "\n", flush=True)
        subject.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"raw samples: {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
