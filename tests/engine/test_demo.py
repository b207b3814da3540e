"""The README's first command's script, as `make demo` runs it (a relative interpreter path)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.engine import ROOT


def test_demo_script_runs_end_to_end(pulumi_bin: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PY": os.path.relpath(sys.executable, ROOT),
        "PARTNERLINK_DEMO_STATE": str(tmp_path / "demo"),
        "PATH": f"{pulumi_bin}{os.pathsep}{os.environ['PATH']}",
    }
    proc = subprocess.run(
        ["bash", "scripts/demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    for step in (
        "pulumi up (the diff, then the update)",
        "Stack outputs",
        "pulumi refresh, then a preview that must show no changes",
        "Destroying the demo stack",
        "Done.",
    ):
        assert f"==> {step}" in out
    assert "2 unchanged" in out and "2 deleted" in out
