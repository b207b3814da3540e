"""The README's "use it in your own project" path, as a user takes it, at both ends of our range.

Build the wheel and sdist, install the **wheel** (not the checkout) into a fresh virtualenv
together with either the newest ``pulumi`` SDK on PyPI or the floors pyproject.toml claims
(``FLOOR``: the oldest ``pulumi``, ``pulumi-policy`` and ``boto3`` we allow), then run an example
project from a temporary directory through the real CLI (ours, newer than either SDK) against
the emulator: preview, up, refresh, an empty preview, the installed policy pack, destroy.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.support.engine import ROOT, Engine, assert_no_changes, change_counts

KEY = "ab" * 32


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{args}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def version_of(python: Path, dist: str) -> tuple[int, ...]:
    text = run(str(python), "-c", f"import importlib.metadata as m; print(m.version('{dist}'))")
    return tuple(int(p) for p in text.strip().split(".")[:3])


def floors() -> dict[str, str]:
    """The lower bounds of pyproject.toml's ranges for pulumi, pulumi-policy and boto3."""
    text = (ROOT / "pyproject.toml").read_text()
    found = dict(re.findall(r'"(pulumi|pulumi-policy|boto3)>=([\d.]+)', text))
    assert set(found) == {"pulumi", "pulumi-policy", "boto3"}, found
    return found


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built once per run: a build writes into the source tree (egg-info), so two
    xdist workers building at once would break each other; the first builds under a lock, the
    other takes its wheel."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this run's own
    dist = shared / "partnerlink-dist"
    with open(shared / "partnerlink-dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not list(dist.glob("pulumi_partnerlink-*.whl")):
            run(sys.executable, "-m", "build", "--wheel", "--sdist", "-o", str(dist), str(ROOT))
    assert next(dist.glob("pulumi_partnerlink-*.tar.gz"))
    return next(dist.glob("pulumi_partnerlink-*.whl"))


@pytest.mark.parametrize("sdk", ["newest", "floor"])
def test_wheel_installs_at_both_ends_of_the_range_and_runs_an_example(
    engine: Engine, aws: Emulator, tmp_path: Path, wheel: Path, sdk: str
) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "pulumi_partnerlink/py.typed",
        "pulumi_partnerlink/pulumi-plugin.json",
        "pulumi_partnerlink/policy/pack/PulumiPolicy.yaml",
        "pulumi_partnerlink/policy/pack/__main__.py",
        "pulumi_partnerlink/core/provider.py",
    ):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "partnerlink-emulator = pulumi_partnerlink.emulator.__main__:main" in (
        zipfile.ZipFile(wheel).read(entry_points).decode()
    )

    # A fresh virtualenv with the pip it comes with (the language host asks that pip which
    # packages the program has), as users make one.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    python = venv / "bin" / "python"
    pip = (str(python), "-m", "pip", "install", "--quiet")
    if sdk == "newest":
        run(*pip, str(wheel), "pulumi")
        pinned = re.search(r"^pulumi==([\d.]+)$", (ROOT / "constraints.txt").read_text(), re.M)
        assert pinned is not None
        # The newest SDK on PyPI: at least the one we pin (usually newer).
        assert version_of(python, "pulumi") >= tuple(int(p) for p in pinned.group(1).split("."))
    else:
        lows = floors()
        pins = [f"{name}=={version}" for name, version in lows.items()]
        run(*pip, str(wheel), *pins, "botocore==" + lows["boto3"])
        for name, version in lows.items():
            want = tuple(int(p) for p in version.split("."))
            assert version_of(python, name)[: len(want)] == want, name
    assert (venv / "bin" / "partnerlink-emulator").exists()

    project = tmp_path / "project"
    shutil.copytree(ROOT / "examples" / "sidewalk-partner-account", project)
    # The project names its virtualenv as `pulumi new` writes it: here, the wheel's venv.
    settings = project / "Pulumi.yaml"
    settings.write_text(settings.read_text().replace("../../.venv", str(venv)))
    engine.extra_env.update(
        {"PYTHONPATH": ""}
    )  # the package comes from the wheel, not the checkout
    stack = engine.stack(
        project,
        config={
            "amazonId": "amzn1.account.WHEEL",
            "appServerPrivateKey": auto.ConfigValue(KEY, secret=True),
        },
    )
    first = stack.preview(log_verbosity=7, log_to_std_err=True)
    assert change_counts(first.change_summary) == {"create": 2}
    # The language host asked which plugins the program's packages need, and ours needs none
    # (pulumi-plugin.json says so): without it, a "pulumi-" distribution is taken for a resource
    # plugin "partnerlink" that every command would try to download from get.pulumi.com.
    assert "GetRequiredP" in first.stderr
    wanted = [line for line in first.stderr.splitlines() if "package partnerlink-" in line]
    assert not wanted, wanted
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": 2}
    stack.refresh()
    assert_no_changes(stack)

    # The installed pack, in a directory whose PulumiPolicy.yaml names the venv that printed it
    # (the CLI runs the pack there: no activated venv, no PULUMI_PYTHON_CMD).
    cache = tmp_path / "cache"
    pack = run(
        str(python),
        "-m",
        "pulumi_partnerlink.policy",
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    ).strip()
    assert Path(pack).is_relative_to(cache)
    assert f"virtualenv: {json.dumps(str(venv))}" in (Path(pack) / "PulumiPolicy.yaml").read_text()
    preview = stack.preview(policy_packs=[pack])
    assert "partnerlink-guardrails" in preview.stdout
    assert KEY not in json.dumps(engine.export(stack))
    stack.destroy()
    assert aws.calls().get("iotwireless:DisassociateAwsAccountFromPartnerAccount") == 1
