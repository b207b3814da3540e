"""The lifecycle state machine, bounded and derandomised for CI (``scripts/soak`` runs it long).

See ``machine.py`` for the rules and invariants. A failure prints the shortest sequence of
steps hypothesis could shrink it to.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.lifecycle import machine

EXAMPLES = int(os.environ.get("PARTNERLINK_MACHINE_EXAMPLES", "1"))
STEPS = int(os.environ.get("PARTNERLINK_MACHINE_STEPS", "10"))


def test_lifecycle_state_machine(pulumi_bin: Path) -> None:
    machine.BIN_DIR = pulumi_bin
    run_state_machine_as_test(
        machine.PartnerlinkMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert machine.FIGURES["converged ups"] > 0  # the machine really ran ups
