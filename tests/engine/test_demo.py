"""The README's first command (`make demo` -> scripts/demo): the quickstart against the emulator,
run as the Makefile runs it (a relative interpreter path), with its state in a temp dir."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.engine import ROOT

STEPS = (
    "Starting the AWS emulator (loopback, free port)",
    "pulumi up (the diff, then the update)",
    "Stack outputs",
    "pulumi refresh, then a preview that must show no changes",
    "pulumi preview --policy-pack policy/ (the partnerlink-guardrails pack)",
    "Destroying the demo stack (KEEP=1 make demo leaves it up)",
    "Done.",
)


def test_demo_script_runs_end_to_end(pulumi_bin: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PY": os.path.relpath(sys.executable, ROOT),
        "PARTNERLINK_DEMO_STATE": str(tmp_path / "demo"),
        "PATH": f"{pulumi_bin}{os.pathsep}{os.environ['PATH']}",
    }
    proc = subprocess.run(
        ["bash", "scripts/demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    out = proc.stdout
    assert proc.returncode == 0, out[-4000:] + proc.stderr[-3000:]
    for step in STEPS:
        assert f"==> {step}" in out
    # The quickstart: 7 resources + the stack, both receivers accepted, empty preview, pack passed.
    assert "8 created" in out and '{"program":"ACCEPTED","service_period":"ACCEPTED"}' in out
    assert out.count("8 unchanged") == 2 and "8 deleted" in out
    assert "partnerlink-guardrails@v0.2.0" in out and "mandatory" not in out
    assert "emulator: http://127.0.0.1:" in out
    assert not (tmp_path / "demo" / "emulator.pid").exists()  # it stopped what it started
