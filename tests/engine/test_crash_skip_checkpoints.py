"""Big stacks on a team backend skip checkpoints (``PULUMI_SKIP_CHECKPOINTS=true``: the state
is written once, at the end); this proves it safe with our resources. On PostgreSQL, the CLI is
killed with SIGKILL at a random write of an ``up``, of a replacing ``up`` and of a ``destroy``
(tests/lifecycle/crashes.py); after each kill the state is as it was before the run, and the
documented recovery converges: no duplicate, nothing lost, nothing left over, then refresh and
an empty preview. ``scripts/soak`` runs the same rounds at random for as long as asked."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.lifecycle.crashes import CrashStack
from tests.support.postgres import PostgresCluster, pg_bin

pytestmark = pytest.mark.skipif(pg_bin() is None, reason="PostgreSQL server binaries not found")


def test_sigkill_with_checkpoints_skipped_neither_duplicates_nor_loses(
    pulumi_bin: Path, tmp_path: Path
) -> None:
    rng = random.Random(35)
    with PostgresCluster() as pg:
        stack = CrashStack(pulumi_bin, pg.url, n=6, base=tmp_path)
        try:
            # among the first 3/4 of the writes, so that each is killed before it ends
            rounds = [stack.round(op, rng, latest=0.75) for op in ("up", "replace", "destroy")]
        finally:
            stack.close()
    for r in rounds:
        assert (r.duplicates, r.lost, r.leftovers, r.notes) == (0, 0, 0, []), r
    # each operation was really killed part-way (not run to its end before the kill)
    assert [r.killed for r in rounds] == [True, True, True], rounds
