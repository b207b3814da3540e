"""What one bench round runs through the CLI, step by step: our resources of one kind (with
their bare-boto3 baseline) and the engine's floors (bench/floor: do-nothing providers).

Every subject has its own Engine (backend, ``PULUMI_HOME``: ``<base>/<label>``) and runs the
same steps with the same CLI options, so bench/run.py can interleave them step by step."""

from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from bench import floor
from bench.baseline import SENDER, Baseline, parents
from bench.measure import timed
from tests.support.engine import Engine
from tests.support.native import plugin_dir, use_plugin

PROGRAM = Path(__file__).resolve().parent / "program"
STEPS = ("up", "preview", "refresh", "update", "destroy")
PARALLEL = 16
# Checkpoints skipped unless the environment says otherwise: with them the engine rewrites the
# whole state after every step (its cost, growing with N^2; bench/backends.py measures it), which
# would hide what is ours and what is the floor's.
SKIP_CHECKPOINTS = os.environ.get("PULUMI_SKIP_CHECKPOINTS", "true")


def aws_env(base: Path) -> dict[str, str]:
    """Credentials for the emulator, and nothing of the user's AWS configuration."""
    return {
        "AWS_ACCESS_KEY_ID": SENDER,
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(base / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(base / "none"),
    }


def operate(stack: auto.Stack, step: str) -> Any:
    """One step through the Automation API; ``update`` is an ``up`` after a changed input
    (the ``tag`` config, set by ``prepare``)."""
    if step == "preview":
        return stack.preview(parallel=PARALLEL)
    if step == "refresh":
        return stack.refresh(parallel=PARALLEL)
    if step == "destroy":
        return stack.destroy(parallel=PARALLEL)
    return stack.up(parallel=PARALLEL)


def prepare(stack: auto.Stack, step: str) -> None:
    """What a step needs before it is timed: ``update`` changes every resource's tags."""
    if step == "update":
        stack.set_config("tag", auto.ConfigValue("b"))


def state_bytes(engine: Engine, stack: auto.Stack, n: int, type_prefix: str) -> dict[str, int]:
    exported = engine.export(stack)
    mine = [r for r in exported["resources"] if r["type"].startswith(type_prefix)]
    blobs = [json.dumps(r["inputs"]["__provider"]) for r in mine if "__provider" in r["inputs"]]
    return {
        "state_bytes_per_resource": len(json.dumps(exported)) // n,
        "provider_bytes": max((len(b) for b in blobs), default=0),
    }


class Ours:
    """N resources of one kind of ours on an emulator with ``latency`` ms per call; each step
    followed by the bare-boto3 baseline on a second emulator with the same latency."""

    def __init__(
        self, bin_dir: Path, base: Path, kind: str, n: int, latency: int, es: ExitStack
    ) -> None:
        self.label, self.kind, self.n, self.latency = kind, kind, n, latency
        self.native = kind.endswith("-native")
        # the dynamic host serves 4 requests at a time; the native plugin all --parallel sends
        self.width = PARALLEL if self.native else 4
        aws_kind = kind.removesuffix("-native")
        # What this measures is our cost against the engine's floor and bare boto3, not AWS's
        # rates (bench/quotas.py measures those): the quotas are lifted and the provider does not
        # pace, so both sides make the same calls as fast as they can.
        self.emu = es.enter_context(Emulator(behaviour="unlimited"))
        bare_emu = es.enter_context(Emulator(behaviour="unlimited"))
        ctx = parents(self.emu, aws_kind, n)
        self.bare = Baseline(bare_emu, aws_kind, n, parents(bare_emu, aws_kind, n), self.width)
        self.engine = Engine(bin_dir=bin_dir, base=base / self.label, summary_from_events=False)
        self.engine.emulator = self.emu
        self.engine.extra_env.update(aws_env(base))
        self.engine.extra_env["PULUMI_SKIP_CHECKPOINTS"] = SKIP_CHECKPOINTS
        self.stack = self.engine.stack(
            PROGRAM,
            stack_name=f"{kind}{n}",
            config={
                "kind": kind,
                "n": str(n),
                "context": json.dumps(ctx),
                "partnerlink:pacing": "false",
            },
        )
        if self.native:
            use_plugin(self.stack, plugin_dir(base))
        for e in (self.emu, bare_emu):
            if latency:
                e.inject("*", "delay", delay_ms=latency)
        self.steps: dict[str, dict[str, Any]] = {}
        self.state: dict[str, int] = {}
        self.with_baseline = True  # bench/profile.py times the step alone

    def step(self, name: str) -> None:
        prepare(self.stack, name)
        before = sum(self.emu.calls().values())
        wall = timed(lambda: operate(self.stack, name))
        calls = sum(self.emu.calls().values()) - before
        bare_wall = timed(getattr(self.bare, name)) if self.with_baseline else 0.0
        self.steps[name] = {
            "calls": calls,
            "calls_per_resource": round(calls / self.n, 2),
            "wall_s": round(wall, 2),
            "bare_boto3_s": round(bare_wall, 2),
            "bound_s": round(calls * self.latency / 1000 / self.width, 2),
            "ratio_to_bare": round(wall / bare_wall, 1) if bare_wall > 0.01 else None,
        }
        if name == "preview":  # the state of N live resources, read between two steps
            prefix = "partnerlink:index:" if self.native else "pulumi-python:dynamic"
            self.state = state_bytes(self.engine, self.stack, self.n, prefix)

    def close(self) -> None:
        self.emu.admin("DELETE", "faults")


class Floor:
    """N do-nothing resources (bench/floor) of the same input shape: no AWS, no latency."""

    def __init__(self, bin_dir: Path, base: Path, which: str, n: int) -> None:
        self.label, self.n = which, n
        self.engine = Engine(bin_dir=bin_dir, base=base / self.label, summary_from_events=False)
        self.engine.extra_env["PARTNERLINK_BENCH_PYTHON"] = sys.executable  # the null plugin's
        self.engine.extra_env["PULUMI_SKIP_CHECKPOINTS"] = SKIP_CHECKPOINTS
        self.stack = floor.stack(self.engine, which, n, stack_name=f"{which}{n}")
        self.steps: dict[str, dict[str, Any]] = {}
        self.state: dict[str, int] = {}
        self.prefix = "nullnative:" if which.endswith("-native") else "pulumi-python:dynamic"

    def step(self, name: str) -> None:
        prepare(self.stack, name)
        self.steps[name] = {"wall_s": round(timed(lambda: operate(self.stack, name)), 2)}
        if name == "preview":
            self.state = state_bytes(self.engine, self.stack, self.n, self.prefix)

    def close(self) -> None:
        pass
