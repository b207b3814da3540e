"""The crash harness of big stacks with checkpoints skipped: ``PULUMI_SKIP_CHECKPOINTS=true``
on a PostgreSQL backend, the CLI killed with SIGKILL (its whole session: the language host and
the provider host too, as a lost machine) at a random point of ``up``, of a replacing ``up``
and of ``destroy``, then docs/after-a-crash.md's recovery; every time, asked of the emulator
(not of our state): no duplicate and nothing lost.

With checkpoints skipped the engine writes the state once, at the end of an operation, so a
killed one leaves the state as it was before it, byte for byte: none of the run's creates, no
pending operation, the dead update's lock. The recovery is the documented one (``pulumi
cancel``, ``pulumi refresh --clear-pending-creates``, then the interrupted command again); the
``up`` replays the client tokens of what AWS made before the kill and takes it back.

The stack: ``n`` ChannelRelationships under a program management account made beside the stack
and ``n`` Sidewalk associations, through ``tests/engine/programs/stack``. A replacing ``up``
changes every resource's create-only identity (the relationship's associated account, the
association's Amazon id): half of the writes it makes are deletes of the old objects.

Used by ``tests/engine/test_crash_skip_checkpoints.py`` (one round of each operation, a fixed
seed, in CI) and ``scripts/soak`` (rounds of random operations for as long as asked).
"""

from __future__ import annotations

import json
import random
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi_partnerlink.emulator import Emulator

from tests.support.aws import client
from tests.support.engine import Engine, assert_no_changes, kill_session

PROGRAM = Path(__file__).resolve().parents[1] / "engine" / "programs" / "stack"
SENDER, PMA_OWNER = "111111111111", "333333333333"
KEY = "5e" * 32
WRITES = {  # per operation of a round: the AWS writes it makes, counted to kill at a random one
    "up": ("CreateRelationship", "AssociateAwsAccountWithPartnerAccount"),
    "replace": (
        "CreateRelationship",
        "AssociateAwsAccountWithPartnerAccount",
        "DeleteRelationship",
        "DisassociateAwsAccountFromPartnerAccount",
    ),
    "destroy": ("DeleteRelationship", "DisassociateAwsAccountFromPartnerAccount"),
}
FIGURES: Counter[str] = Counter()  # over every round of the process (scripts/soak prints them)


@dataclass
class Round:
    operation: str
    kill_after: int  # writes AWS had committed when the CLI was killed (at least)
    killed: bool  # False: the operation ended before that many writes (it then simply ran)
    duplicates: int
    lost: int
    leftovers: int  # objects of ours that no declared resource owns (old ones not deleted)
    notes: list[str] = field(default_factory=list)


class CrashStack:
    """One stack of ``2 n`` resources on ``backend_url`` with checkpoints skipped."""

    def __init__(self, bin_dir: Path, backend_url: str, n: int, base: Path | None = None) -> None:
        self.n, self.generation, self.up_now = n, 0, False
        self.base = base or Path(tempfile.mkdtemp(prefix="partnerlink-crash-"))
        self.emu = Emulator().start()  # the default profile: AWS's quotas, its consistency
        self.engine = Engine(bin_dir=bin_dir, base=self.base)
        self.engine.emulator = self.emu
        self.engine.backend_url = backend_url
        self.engine.extra_env.update(
            {
                "PULUMI_SKIP_CHECKPOINTS": "true",
                "AWS_ACCESS_KEY_ID": SENDER,
                "AWS_SECRET_ACCESS_KEY": "emulator",
                "AWS_REGION": "us-east-1",
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": str(self.base / "none"),
                "AWS_SHARED_CREDENTIALS_FILE": str(self.base / "none"),
            }
        )
        self.pma = self.pcc().create_program_management_account(
            catalog="AWS", program="DISTRIBUTION", displayName="Crash", accountId=PMA_OWNER
        )["programManagementAccountDetail"]["id"]
        self.stack = self.engine.stack(
            PROGRAM, stack_name=f"crash{n}", config=self.config(), )  # fmt: skip

    def pcc(self) -> Any:
        return client(self.emu, "partnercentral-channel", SENDER)

    # ---------------------------------------------------------------- what is declared

    def accounts(self) -> list[str]:
        return [f"6{self.generation:03d}{i:08d}" for i in range(self.n)]

    def amazon_ids(self) -> list[str]:
        return [f"amzn1.account.crash-g{self.generation}-{i}" for i in range(self.n)]

    def declared(self) -> dict[str, Any]:
        rels = {
            f"rel{i}": {
                "resource": "ChannelRelationship",
                "inputs": {
                    "program_management_account_identifier": self.pma,
                    "association_type": "END_CUSTOMER",
                    "associated_account_id": account,
                    "display_name": f"Customer {i}",
                    "sector": "COMMERCIAL",
                },
            }
            for i, account in enumerate(self.accounts())
        }
        sidewalks = {
            f"sw{i}": {"resource": "SidewalkPartnerAccount", "inputs": {"amazon_id": amazon}}
            for i, amazon in enumerate(self.amazon_ids())
        }
        return rels | sidewalks

    def config(self) -> dict[str, Any]:
        from pulumi import automation as auto

        return {
            "declared": json.dumps(self.declared()),
            "key": auto.ConfigValue(KEY, secret=True),
        }

    def push(self) -> None:
        from pulumi import automation as auto

        self.stack.set_all_config(
            {k: v if isinstance(v, auto.ConfigValue) else auto.ConfigValue(v)
             for k, v in self.config().items()}
        )  # fmt: skip

    # ---------------------------------------------------------------- what AWS holds

    def live(self) -> tuple[Counter[str], Counter[str]]:
        """Live relationships by associated account, live Sidewalk associations by Amazon id."""
        rels: Counter[str] = Counter()
        pages = self.pcc().get_paginator("list_relationships")
        for page in pages.paginate(catalog="AWS", programManagementAccountIdentifiers=[self.pma]):
            rels.update(item["associatedAccountId"] for item in page["items"])
        iot, sidewalks, token = client(self.emu, "iotwireless"), Counter[str](), None
        while True:  # every page (no botocore paginator for this operation)
            page = iot.list_partner_accounts(**({"NextToken": token} if token else {}))
            sidewalks.update(
                item["AmazonId"]
                for item in page.get("Sidewalk") or []
                if item["AmazonId"].startswith("amzn1.account.crash-")
            )
            token = page.get("NextToken")
            if not token:
                return rels, sidewalks

    def judge(self, operation: str, kill_after: int, killed: bool) -> Round:
        """Duplicates, lost and leftovers against what the stack declares now (nothing after a
        destroy)."""
        rels, sidewalks = self.live()
        want_rels = set(self.accounts()) if self.up_now else set()
        want_sidewalks = set(self.amazon_ids()) if self.up_now else set()
        duplicates = sum(c - 1 for c in (*rels.values(), *sidewalks.values()) if c > 1)
        lost = len(want_rels - set(rels)) + len(want_sidewalks - set(sidewalks))
        leftovers = len(set(rels) - want_rels) + len(set(sidewalks) - want_sidewalks)
        result = Round(operation, kill_after, killed, duplicates, lost, leftovers)
        FIGURES["rounds"] += 1
        FIGURES["killed"] += int(killed)
        FIGURES["duplicates"] += duplicates
        FIGURES["lost"] += lost
        FIGURES["leftovers"] += leftovers
        return result

    # ---------------------------------------------------------------- the operations

    def state(self) -> tuple[dict[str, str], list[Any]]:
        """What the backend holds: each resource's URN -> id, and the pending operations."""
        exported = self.engine.export(self.stack)
        ids = {r["urn"]: r.get("id", "") for r in exported.get("resources") or []}
        return ids, list(exported.get("pending_operations") or [])

    def command(self, operation: str) -> list[str]:
        verb = "destroy" if operation == "destroy" else "up"
        return [str(self.engine.bin_dir / "pulumi"), verb, "--yes", "--skip-preview",
                "--stack", self.stack.name, "--non-interactive"]  # fmt: skip

    def writes(self, operation: str) -> int:
        """The emulator's count of the writes ``operation`` makes (keys ``service:Operation``)."""
        ops = WRITES[operation]
        return sum(n for key, n in self.emu.calls().items() if key.split(":")[-1] in ops)

    def killed_run(self, operation: str, kill_after: int, jitter: float) -> bool:
        """The operation's CLI, SIGKILLed once AWS has committed ``kill_after`` of its writes
        (and ``jitter`` seconds more: a kill between a commit and the CLI's record, or in the
        middle of the next call). False if it ended first."""
        before = self.writes(operation)
        done = lambda: self.writes(operation) - before  # noqa: E731
        proc = subprocess.Popen(
            self.command(operation), cwd=self.stack.workspace.work_dir, env=self.engine.cli_env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 600
            while done() < kill_after:
                if proc.poll() is not None:
                    return False
                assert time.monotonic() < deadline, f"{operation}: {done()} writes in 600 s"
                time.sleep(0.02)
            time.sleep(jitter)
            return proc.poll() is None
        finally:
            kill_session(proc.pid)
            proc.wait(timeout=60)

    def recover(self, operation: str) -> str:
        """docs/after-a-crash.md, then the interrupted command again; its output."""
        self.engine.run(self.stack, "cancel", "--yes")
        self.engine.run(self.stack, "refresh", "--clear-pending-creates", "--yes")
        verb = "destroy" if operation == "destroy" else "up"
        return self.engine.run(self.stack, verb, "--yes", "--skip-preview")

    def prepare(self, operation: str) -> int:
        """Bring the stack to where ``operation`` starts; the writes it will make."""
        if operation == "up":
            if self.up_now:
                self.plain("destroy")
            return 2 * self.n
        if not self.up_now:
            self.plain("up")
        if operation == "replace":
            self.generation += 1
            self.push()
            return 4 * self.n
        return 2 * self.n

    def plain(self, verb: str) -> None:
        self.engine.run(self.stack, verb, "--yes", "--skip-preview")
        self.up_now = verb == "up"

    def round(self, operation: str, rng: random.Random, latest: float = 1.0) -> Round:
        """One crash of ``operation`` at a random write (among the first ``latest`` of them:
        a kill near the end may come after the operation ended), the recovery, the verdict."""
        writes = self.prepare(operation)
        before = self.state()
        kill_after = rng.randint(1, max(1, int((writes - 1) * latest)))
        killed = self.killed_run(operation, kill_after, rng.uniform(0.0, 0.3))
        notes = []
        if killed:
            after = self.state()
            # Checkpoints skipped: the state is as it was before the killed run.
            if after != before:
                notes.append(f"the state changed under a killed run: {before} -> {after}")
        out = self.recover(operation)
        if "Traceback" in out or "pending operation" in out:
            notes.append(out[-2000:])
        self.up_now = operation != "destroy"
        result = self.judge(operation, kill_after, killed)
        result.notes += notes
        if self.up_now:  # converged: a refresh changes nothing and a preview shows nothing
            self.stack.refresh()
            assert_no_changes(self.stack)
        return result

    def close(self) -> None:
        self.emu.stop()
