"""How long each test takes, for the order xdist hands tests out in (longest first).

``tests/durations.json`` maps a test's node id to its seconds in a full CI run (6 workers on 2
cores: contended times, which is what the order is for). Refresh it after adding or changing
slow tests::

    make test PYTEST_ARGS=--junitxml=/tmp/junit.xml
    .venv/bin/python -m tests.support.durations /tmp/junit.xml

A test not in the file counts as the mean of its module's known tests (else 1 s), so a new
test of a slow module is still handed out early.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

FILE = Path(__file__).resolve().parents[1] / "durations.json"


def load() -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in json.loads(FILE.read_text()).items()}
    except (OSError, ValueError):
        return {}


def estimator(known: dict[str, float]):  # type: ignore[no-untyped-def]
    """A function of a node id: its known seconds, else its module's mean, else 1."""
    by_module: dict[str, list[float]] = defaultdict(list)
    for nodeid, seconds in known.items():
        by_module[nodeid.split("::")[0]].append(seconds)
    means = {m: sum(v) / len(v) for m, v in by_module.items()}

    def seconds(nodeid: str) -> float:
        return known.get(nodeid, means.get(nodeid.split("::")[0], 1.0))

    return seconds


def from_junit(path: Path) -> dict[str, float]:
    """Node id -> seconds (setup, call and teardown together) from a pytest junit XML file."""
    out: dict[str, float] = defaultdict(float)
    for case in ET.parse(path).iter("testcase"):
        module = case.get("classname", "").replace(".", "/") + ".py"
        out[f"{module}::{case.get('name')}"] += float(case.get("time") or 0)
    return {k: round(v, 1) for k, v in sorted(out.items())}


if __name__ == "__main__":
    FILE.write_text(json.dumps(from_junit(Path(sys.argv[1])), indent=0) + "\n")
    print(f"{FILE}: {len(load())} tests")
