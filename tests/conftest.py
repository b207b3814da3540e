"""Shared fixtures: the real Pulumi engine on a private file backend, offline.

``engine`` hands out stacks driven through ``pulumi.automation`` with the CLI that
``scripts/ensure-pulumi`` located or built. Every stack gets its own file backend,
``PULUMI_HOME`` and passphrase; update checks and plugin downloads are off, and programs run
in the virtualenv their ``Pulumi.yaml`` names (the test venv, linked there), so they see exactly
the packages under test.

Tests under ``tests/engine/`` are marked ``engine``. With ``CI=true`` an engine test that was
skipped fails the session: CI must prove the engine ran.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import durations
from tests.support.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# --------------------------------------------------------------------------- the CLI


@pytest.fixture(scope="session")
def pulumi_bin() -> Path:
    """The bin directory of the pinned CLI (built on first use; cached outside the repo)."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ensure-pulumi")],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if proc.returncode != 0:
        msg = f"scripts/ensure-pulumi failed:\n{proc.stderr.strip()}"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return Path(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def shim_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for the whole run (all xdist workers) where the language-host shim keeps
    its `pip list` answer: about 0.5 s of CPU saved per test (scripts/langhost-shim)."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shim-cache"


@pytest.fixture
def engine(pulumi_bin: Path, tmp_path: Path, shim_cache: Path) -> Iterator[Engine]:
    # No teardown: every stack lives in this test's temporary backend, against a throwaway
    # emulator; there is nothing outside to clean up.
    yield Engine(bin_dir=pulumi_bin, base=tmp_path, shim_cache=shim_cache)


# --------------------------------------------------------------------------- CI rule


# The longest tests first (tests/durations.json, tests/support/durations.py), handed out with
# `--dist load --maxschedchunk 1` (Makefile): no worker holds more than two queued tests, so the
# long tests spread over the workers and none is started last with the others idle behind it.
# (Without the chunk limit xdist gives each worker a first chunk of a quarter of its share, and
# `--dist worksteal` a sixth: one worker would get every long test.)
ENGINE_TESTS = ("tests/engine/", "tests/lifecycle/", "tests/native/test_engine.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(ENGINE_TESTS):
            item.add_marker(pytest.mark.engine)
    seconds = durations.estimator(durations.load())
    items.sort(key=lambda item: -seconds(item.nodeid))  # stable among equals


_skipped_engine: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "engine" in report.keywords:
        _skipped_engine.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if IN_CI and _skipped_engine:
        session.config.stash[_SKIP_KEY] = list(_skipped_engine)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_SKIP_KEY = pytest.StashKey[list[str]]()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    skipped = config.stash.get(_SKIP_KEY, [])
    if skipped:
        terminalreporter.section("engine tests skipped in CI", sep="!", red=True)
        for nodeid in skipped:
            terminalreporter.line(f"SKIPPED IN CI (not allowed): {nodeid}", red=True)
