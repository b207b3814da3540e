"""A private PostgreSQL cluster for tests: initdb into a temporary directory, on loopback and a
free port, as an unprivileged user (initdb refuses root: as root the cluster runs as
``postgres``), one database; stopped and removed afterwards. No Docker, nothing off loopback.

    with PostgresCluster() as pg:
        pg.url  # postgres://pulumi@127.0.0.1:<port>/partnerlink?sslmode=disable
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType


def pg_bin() -> Path | None:
    """The directory of PostgreSQL's server binaries (Debian's layout), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresCluster:
    def __init__(self, database: str = "partnerlink") -> None:
        bin_dir = pg_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = bin_dir
        self.database = database
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="partnerlink-pg-"))
        self.data = self.base / "data"
        self.user = None if os.geteuid() != 0 else "postgres"

    @property
    def url(self) -> str:
        return f"postgres://pulumi@127.0.0.1:{self.port}/{self.database}?sslmode=disable"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [*args]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if check and proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {proc.stderr.strip()[-800:]}")
        return proc

    def _log(self) -> str:
        try:
            return (self.base / "server.log").read_text(errors="replace")
        except OSError:
            return ""

    def _start_server(self) -> None:
        """pg_ctl start on a free port. The port is free when chosen, but another process (a
        second cluster started by a parallel worker, an emulator) can take it before the
        postmaster binds it: then choose again. Any other failure raises with the server's log."""
        for _attempt in range(5):
            log_start = len(self._log())
            proc = self._run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.base / "server.log"),
                "-o",
                f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.base} -c fsync=off",
                "-w",
                "start",
                check=False,
            )
            if proc.returncode == 0:
                return
            log = self._log()[log_start:]
            if "Address already in use" not in log and "lock file" not in log:
                raise RuntimeError(f"pg_ctl start failed: {proc.stderr.strip()}\n{log[-2000:]}")
            self.port = free_port()
        raise RuntimeError(f"pg_ctl start: no free port after 5 attempts\n{self._log()[-2000:]}")

    def start(self) -> PostgresCluster:
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "pulumi",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self._start_server()
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "pulumi",
            self.database,
        )
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
