"""What bench/run.py measures besides wall time, read from /proc (no psutil): peak RSS of the
processes a step starts, by subject and role, and whether the machine was quiet.

A subject (one of our resource kinds, a floor, a backend configuration) runs its CLI with its
own ``PULUMI_HOME`` (``<base>/<label>/pulumi-home``, tests/support/engine.py): every process
the CLI starts inherits it, so a process is attributed by its environment, not by timing.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

CPU_LIMIT = 50.0  # % of one core: more than this from another process, the machine is busy
TICKS = os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.monotonic()
    fn()
    return time.monotonic() - t0


class Proc(NamedTuple):
    ppid: str
    ticks: int  # CPU used so far, user + system
    reaped: int  # CPU its children that exited and were waited for used (cutime + cstime)


def processes() -> dict[str, Proc]:
    """Every process by pid."""
    found: dict[str, Proc] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            f = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        found[entry] = Proc(f[1], int(f[11]) + int(f[12]), int(f[13]) + int(f[14]))
    return found


def ours(procs: dict[str, Proc], roots: Iterable[str]) -> set[str]:
    """The pids descending from ``roots`` (each root included)."""
    roots = set(roots)
    mine: set[str] = set()
    for pid in procs:
        p, depth = pid, 0
        while p in procs and p not in roots and depth < 20:
            p, depth = procs[p].ppid, depth + 1
        if p in roots:
            mine.add(pid)
    return mine


MARK = "PARTNERLINK_BENCH_RUN"  # set in the bench's environment: every process it starts has it


def marked(procs: dict[str, Proc]) -> set[str]:
    """Our processes wherever they are in the tree (an orphan reparented to init included)."""
    tag = f"{MARK}={os.environ.get(MARK, '')}".encode()
    found: set[str] = set()
    if not os.environ.get(MARK):
        return found
    for pid in procs:
        try:
            if tag in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
                found.add(pid)
        except OSError:
            continue
    return found


def cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def vm_hwm_mb() -> float:
    """This process's peak RSS (the emulators run in it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


class PeakRss:
    """Samples this process's descendants every 0.1 s: peak RSS (MB) per subject and role.

    ``peak[label][role]``; the label is the name of the directory holding the process's
    ``PULUMI_HOME``. Processes without one are left out."""

    def __init__(self) -> None:
        self.peak: dict[str, dict[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _role(cmd: str) -> str | None:
        exe = cmd.split(" ")[0]
        if exe.endswith("/pulumi"):
            return "cli"
        if "pulumi-language-python-exec" in cmd:  # the Python process running the program
            return "program"
        if "pulumi-language-python" in exe:
            return "language host"
        if "null_native.py" in cmd:
            return "native plugin"
        if "-m pulumi.dynamic" in cmd:
            return "provider host"
        return None

    @staticmethod
    def _label(pid: str) -> str | None:
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            return None
        for item in env:
            if item.startswith(b"PULUMI_HOME="):
                return Path(item.split(b"=", 1)[1].decode()).parent.name
        return None

    def _sample(self, me: str) -> None:
        procs = processes()
        for pid in ours(procs, [me]) - {me}:
            role, label = self._role(cmdline(pid)), self._label(pid)
            if role is None or label is None:
                continue
            try:
                status = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            for line in status:
                if line.startswith("VmRSS:"):
                    mb = round(int(line.split()[1]) / 1024, 1)
                    peak = self.peak.setdefault(label, {})
                    peak[role] = max(peak.get(role, 0.0), mb)

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.1):
            self._sample(me)


class Quiet:
    """Watches the CPU other processes use, in windows of ``window`` s: the machine is busy if
    one of them, or all of them together (many small test processes), used more than
    CPU_LIMIT % of a core in a window. Ours are this process's descendants and the roots added
    with ``own`` (a PostgreSQL postmaster, which pg_ctl leaves to init)."""

    def __init__(self, window: float = 5.0) -> None:
        self.window = window
        self.roots = {str(os.getpid())}
        self.busy: dict[str, dict[str, Any]] = {}  # pid -> {cmd, cpu_pct (the most seen)}
        self.max_foreign_pct = 0.0  # the busiest other process, in any window
        self.max_total_pct = 0.0  # all other processes together, in any window
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def own(self, pid: int | str) -> None:
        self.roots.add(str(pid))

    def sample(self, seconds: float) -> None:
        """One window of ``seconds``: the other processes above the limit, and all of them
        together. Each other process counts with what it used in the window, what it reaped of
        its exited children included (a test runner's short-lived processes count through it);
        a process new in the window counts whole. Never "the machine less our trees": our
        processes that outlive their parent are reaped by init, and that time would have
        looked like somebody else's (a run on 2 cores once read 363% of a core "other")."""
        before = processes()
        t0 = time.monotonic()
        if self._stop.wait(seconds):
            return
        after = processes()
        elapsed = time.monotonic() - t0
        mine = ours(before, self.roots) | ours(after, self.roots) | marked(after)
        others = 0
        for pid, proc in after.items():
            if pid in mine:
                continue
            old = before.get(pid)
            own = proc.ticks - (old.ticks if old else 0)
            # pid 1 reaps every orphan, ours included: only its own CPU counts.
            reaped = 0 if pid == "1" else proc.reaped - (old.reaped if old else 0)
            others += max(0, own) + max(0, reaped)
            if old is None:
                continue
            pct = round(own / TICKS / elapsed * 100, 1)
            self.max_foreign_pct = max(self.max_foreign_pct, pct)
            if pct > CPU_LIMIT:
                seen = self.busy.setdefault(pid, {"cmd": cmdline(pid)[:80], "cpu_pct": 0.0})
                seen["cpu_pct"] = max(seen["cpu_pct"], pct)
        self.max_total_pct = max(self.max_total_pct, round(others / TICKS / elapsed * 100, 1))

    @property
    def is_busy(self) -> bool:
        return bool(self.busy) or self.max_total_pct > CPU_LIMIT

    def __enter__(self) -> Quiet:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample(self.window)

    def summary(self) -> dict[str, Any]:
        return {
            "cpu_limit_pct": CPU_LIMIT,
            "max_other_process_cpu_pct": self.max_foreign_pct,
            "max_others_total_cpu_pct": self.max_total_pct,
            "is_busy": self.is_busy,
            "busy": [{"pid": int(pid), **seen} for pid, seen in sorted(self.busy.items())],
        }


FLEET_ROLES = (  # command line -> role (bench/fleet.py): the first that matches
    ("program", "pulumi-language-python-exec"),
    ("provider host", "-m pulumi.dynamic"),
    ("fleet driver", "-m examples.fleet"),
    ("language host", "pulumi-language-"),
    ("CLI", "/pulumi "),
    ("pyenv shims", "pyenv"),
    ("CLI", "pulumi "),  # found on PATH: argv[0] is "pulumi"
)


class CpuByRole:
    """CPU seconds of every process this one starts, by role, read from /proc every
    ``interval`` s (each process's last reading: up to ``interval`` of its end missed).
    ``started`` is called once for each new process (bench/profile.py attaches py-spy)."""

    def __init__(
        self, roles: tuple[tuple[str, str], ...] = FLEET_ROLES, interval: float = 0.05
    ) -> None:
        self.roles, self.interval = roles, interval
        self.ticks: dict[str, tuple[str, int]] = {}  # pid -> (role, CPU ticks last seen)
        self.processes: Counter[str] = Counter()  # processes started, by role
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def role(self, cmd: str) -> str:
        for name, needle in self.roles:
            if needle in cmd + " ":
                return name
        return "other"

    def started(self, pid: str, cmd: str, role: str) -> None:
        """A new process of ours (``role``): nothing here."""

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(self.interval):
            procs = processes()
            for pid in ours(procs, [me]) - {me}:
                if pid not in self.ticks:
                    cmd = cmdline(pid)
                    who = self.role(cmd)
                    self.processes[who] += 1
                    self.ticks[pid] = (who, 0)
                    self.started(pid, cmd, who)
                self.ticks[pid] = (self.ticks[pid][0], procs[pid].ticks)

    def __enter__(self) -> CpuByRole:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def seconds(self) -> dict[str, float]:
        out: Counter[str] = Counter()
        for who, ticks in self.ticks.values():
            out[who] += ticks
        return {who: round(t / TICKS, 2) for who, t in sorted(out.items())}
