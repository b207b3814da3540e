#!/usr/bin/env python3
"""Load figure of ``partnerlink-emulator`` (not a test): requests/s, p50/p99 latency and peak
memory at 1, 8 and 64 concurrent clients, in memory and with ``--state-file``.

The emulator runs as its own process (as users start it); clients are threads of this process,
each with its own HTTP/1.1 connection (reopened after each answer: the emulator closes it),
sending 80% reads (ListProgramManagementAccounts) and 20% writes (TagResource on one program
management account: a committed transaction each with ``--state-file``). Output: a JSON
document and a Markdown table (``--markdown``).

    python bench/emulator_load.py [--seconds 5] [--clients 1,8,64] [--markdown]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

AUTH = (
    "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/partnercentral-channel/"
    "aws4_request, SignedHeaders=host, Signature=0"
)


def start(state_file: str | None) -> tuple[subprocess.Popen[str], str, int]:
    args = [sys.executable, "-m", "pulumi_partnerlink.emulator", "--port", "0"]
    if state_file:
        args += ["--state-file", state_file]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    url = line.rsplit(" ", 1)[-1].strip()
    host, port = url.removeprefix("http://").split(":")
    return proc, host, int(port)


def request(conn: http.client.HTTPConnection, target: str, body: dict[str, Any]) -> int:
    conn.request(
        "POST",
        "/",
        body=json.dumps(body),
        headers={
            "X-Amz-Target": f"PartnerCentralChannel.{target}",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": AUTH,
        },
    )
    resp = conn.getresponse()
    data = resp.read()
    if resp.status != 200:
        raise RuntimeError(f"{target}: {resp.status} {data[:200]!r}")
    return len(data)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(host: str, port: int, arn: str, clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        n = 0
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                if n % 5 == 4:
                    request(
                        conn,
                        "TagResource",
                        {"resourceArn": arn, "tags": [{"key": f"k{i % 10}", "value": str(n)}]},
                    )
                else:
                    request(conn, "ListProgramManagementAccounts", {"catalog": "AWS"})
            except Exception:
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            latencies[i].append(time.perf_counter() - t0)
            n += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    flat = sorted(x for xs in latencies for x in xs)
    return {
        "clients": clients,
        "requests": len(flat),
        "errors": sum(errors),
        "requests_per_s": round(len(flat) / elapsed, 1),
        "p50_ms": round(statistics.median(flat) * 1000, 2),
        "p99_ms": round(flat[int(len(flat) * 0.99) - 1] * 1000, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--clients", default="1,8,64")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("memory", "state-file"):
            proc, host, port = start(
                os.path.join(tmp, "state.db") if mode == "state-file" else None
            )
            try:
                conn = http.client.HTTPConnection(host, port, timeout=60)
                conn.request(
                    "POST",
                    "/",
                    body=json.dumps(
                        {
                            "catalog": "AWS",
                            "program": "SOLUTION_PROVIDER",
                            "displayName": "Bench",
                            "accountId": "333333333333",
                        }
                    ),
                    headers={
                        "X-Amz-Target": "PartnerCentralChannel.CreateProgramManagementAccount",
                        "Content-Type": "application/x-amz-json-1.0",
                        "Authorization": AUTH,
                    },
                )
                arn = json.loads(conn.getresponse().read())["programManagementAccountDetail"]["arn"]
                conn.close()
                for n in (int(c) for c in args.clients.split(",")):
                    row = {"mode": mode, **run(host, port, arn, n, args.seconds)}
                    row["peak_rss_mb"] = round(peak_rss_mb(proc.pid), 1)
                    rows.append(row)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    doc = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "seconds_per_point": args.seconds,
        "rows": rows,
    }
    print(json.dumps(doc, indent=2))
    if args.markdown:
        print()
        print("| state | clients | requests/s | p50 ms | p99 ms | errors | peak RSS MB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            print(
                f"| {r['mode']} | {r['clients']} | {r['requests_per_s']} | {r['p50_ms']} | "
                f"{r['p99_ms']} | {r['errors']} | {r['peak_rss_mb']} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
