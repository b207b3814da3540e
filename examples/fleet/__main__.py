"""The fleet driver: one Pulumi stack per customer, N at a time, on a shared backend.

    python -m examples.fleet up|preview|refresh|destroy \\
        --customers examples/fleet/customers.yaml --workers 4 \\
        --backend postgres://user@host:5432/pulumi [--shard 0/3] [--recover] [--json]

Each customer of the data file gets a stack ``customer-<id>`` of ``program/`` (a relationship
with the distributor's PMA, a START_SERVICE_PERIOD handshake, tags). Stacks run ``--workers`` at
a time through the Automation API; state and per-stack locks live in the backend, so the same
command on several machines with ``--shard I/N`` (I = 0..N-1) splits the customers between them
and never runs one stack twice at once. Re-running is safe: unchanged stacks change nothing,
client tokens make a create after a lost answer return the original. After a worker was killed,
``--recover`` first runs the README's crash recovery on each stack it owns (cancel the dead
update's lock; where an operation was interrupted, refresh and forget its unfinished creates)
and then the command. A summary table (or JSON)
at the end; the exit code is 1 if any stack failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from pulumi import automation as auto
from tqdm import tqdm

PROGRAM = Path(__file__).resolve().parent / "program"
COMMANDS = ("up", "preview", "refresh", "destroy")


def shard_of(customers: list[dict[str, Any]], shard: str | None) -> list[dict[str, Any]]:
    ordered = sorted(customers, key=lambda c: str(c["id"]))
    if not shard:
        return ordered
    try:
        index, count = (int(x) for x in shard.split("/"))
    except ValueError:
        index, count = -1, 0
    if not 0 <= index < count:
        raise SystemExit(f"--shard {shard}: want I/N with 0 <= I < N")
    return [c for i, c in enumerate(ordered) if i % count == index]


_config_lock = threading.Lock()  # stack config files share the program directory


_cli: list[auto.PulumiCommand] = []  # one for the whole run: its version is checked once


def cli() -> auto.PulumiCommand:
    """The Pulumi CLI on PATH, checked once a run (each workspace would run ``pulumi version``
    again: a CLI process a stack)."""
    with _config_lock:
        if not _cli:
            _cli.append(auto.PulumiCommand())
        return _cli[0]


def stack_for(customer: dict[str, Any], pma: str, args: argparse.Namespace) -> auto.Stack:
    env = {"PULUMI_BACKEND_URL": args.backend} if args.backend else {}
    opts = auto.LocalWorkspaceOptions(work_dir=args.work_dir, env_vars=env, pulumi_command=cli())
    with _config_lock:
        stack = auto.create_or_select_stack(
            stack_name=f"customer-{customer['id']}", work_dir=args.work_dir, opts=opts
        )
        config = {"customer": auto.ConfigValue(json.dumps(customer)), "pma": auto.ConfigValue(pma)}
        if args.endpoint:
            config["partnerlink:endpoint"] = auto.ConfigValue(args.endpoint)
        for item in args.config or []:
            key, _, value = item.partition("=")
            config[key] = auto.ConfigValue(value)
        stack.set_all_config(config)
    return lean(stack)


def lean(stack: auto.Stack) -> auto.Stack:
    """``stack`` whose operations report their change counts from their own engine events.
    After ``up`` the Automation API reads the stack's outputs (``stack output``, masked and
    with ``--show-secrets``) and, after every operation, the update's summary (``stack
    history``): three CLI processes a stack that the driver, which reads only the counts,
    does not need. The operations themselves run as the API runs them."""
    seen: dict[str, Any] = {}

    def record(event: auto.events.EngineEvent) -> None:
        if event.summary_event is not None:
            seen["changes"] = dict(event.summary_event.resource_changes)

    def info(show_secrets: bool = True) -> auto.UpdateSummary:
        now = datetime.now(timezone.utc)
        return auto.UpdateSummary(
            kind="update", start_time=now, message="", environment={}, config={},
            result="succeeded", end_time=now, resource_changes=seen.pop("changes", {}),
        )  # fmt: skip

    def observed(operation: Any) -> Any:
        return lambda **kw: operation(on_event=record, **kw)

    stack.workspace.stack_outputs = lambda stack_name: {}  # type: ignore[method-assign]
    stack.info = info  # type: ignore[method-assign]
    stack.up = observed(stack.up)  # type: ignore[method-assign]
    stack.refresh = observed(stack.refresh)  # type: ignore[method-assign]
    stack.destroy = observed(stack.destroy)  # type: ignore[method-assign]
    return stack


def counts(summary: Any) -> dict[str, int]:
    return {getattr(k, "value", str(k)): v for k, v in (summary or {}).items() if v}


def run_one(customer: dict[str, Any], pma: str, args: argparse.Namespace) -> dict[str, Any]:
    name = f"customer-{customer['id']}"
    try:
        stack = stack_for(customer, pma, args)
        if args.recover:
            with contextlib.suppress(auto.errors.CommandError):  # nothing to cancel
                stack.cancel()  # the lock of an update whose worker died
            if (stack.export_stack().deployment or {}).get("pending_operations"):
                # Interrupted mid-operation: read AWS, forget creates that never finished (the
                # next up makes them again; their client tokens return what AWS committed).
                stack.refresh(clear_pending_creates=True)
        if args.command == "up":
            changes = counts(stack.up(parallel=8).summary.resource_changes)
        elif args.command == "preview":
            changes = counts(stack.preview().change_summary)
        elif args.command == "refresh":
            changes = counts(stack.refresh().summary.resource_changes)
        else:
            changes = counts(stack.destroy().summary.resource_changes)
        return {"stack": name, "ok": True, "changes": changes}
    except Exception as exc:  # one stack's failure is reported, the others go on
        text = str(exc).strip().splitlines()
        reason = next((line for line in text if "error" in line.lower()), text[-1] if text else "")
        return {"stack": name, "ok": False, "error": reason[:300]}


def project_settings() -> str:
    """program/Pulumi.yaml, its virtualenv made the one this driver runs in (the stacks need
    what the driver has: pulumi_partnerlink), as an absolute path: the work directory is
    elsewhere. Outside a virtualenv, the program runs on the python found on PATH."""
    text = (PROGRAM / "Pulumi.yaml").read_text()
    venv = sys.prefix if sys.prefix != sys.base_prefix else None
    lines = []
    for line in text.splitlines():
        if line.strip().startswith("virtualenv:"):
            if venv is None:
                continue
            line = line.split("virtualenv:")[0] + f"virtualenv: {json.dumps(venv)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m examples.fleet", description=__doc__)
    ap.add_argument("command", choices=COMMANDS)
    ap.add_argument("--customers", default=str(Path(__file__).parent / "customers.yaml"))
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--backend", help="state backend URL (postgres://..., s3://..., file://...)")
    ap.add_argument("--shard", help="I/N: this machine's share of the customers")
    ap.add_argument("--endpoint", help="partnerlink:endpoint for every stack (the emulator)")
    ap.add_argument(
        "--config",
        action="append",
        metavar="KEY=VALUE",
        help="stack config for every stack, e.g. partnerlink:catalog=Sandbox (repeatable)",
    )
    ap.add_argument("--recover", action="store_true", help="recover stacks a dead worker left")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument(
        "--work-dir",
        default=".partnerlink/fleet",
        help="where the program and the stacks' config files live (default .partnerlink/fleet)",
    )
    args = ap.parse_args(argv)
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROGRAM / "__main__.py", work / "__main__.py")  # refreshed on every run
    (work / "Pulumi.yaml").write_text(project_settings())
    data = yaml.safe_load(Path(args.customers).read_text())
    pma = str(data["program_management_account"])
    mine = shard_of(list(data["customers"]), args.shard)
    results = []
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        futures = [pool.submit(run_one, c, pma, args) for c in mine]
        bar = tqdm(
            as_completed(futures),
            total=len(futures),
            desc=args.command,
            disable=not sys.stderr.isatty(),
        )
        for future in bar:
            results.append(future.result())
    results.sort(key=lambda r: r["stack"])
    failed = [r for r in results if not r["ok"]]
    if args.json:
        print(json.dumps({"results": results, "failed": len(failed)}))
    else:
        print(f"{'stack':<32} {'result':<8} changes")
        for r in results:
            shown = (
                ", ".join(f"{k} {v}" for k, v in sorted(r["changes"].items()))
                if r["ok"]
                else r["error"]
            )
            print(f"{r['stack']:<32} {'ok' if r['ok'] else 'FAILED':<8} {shown}")
        print(f"{len(results) - len(failed)} ok, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
