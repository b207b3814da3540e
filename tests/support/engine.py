"""The engine harness: stacks of a program directory on a private, offline file backend.

Used through the ``engine`` fixture (tests/conftest.py). Every stack gets its own file backend,
``PULUMI_HOME`` and passphrase; update checks and plugin downloads are off. Programs declare
their virtualenv in ``Pulumi.yaml`` as ``pulumi new`` writes it (``runtime.options.virtualenv``);
the harness puts the test venv there (a symlink), so the CLI runs them the way it runs a user's
project: no ``PULUMI_PYTHON_CMD``, no venv on ``PATH``. The repository is on ``PYTHONPATH`` for
the programs that import test helpers.

Stacks run at the product's defaults (consistency budget, emulator profile): a test that needs
another setting sets it itself and says why.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from pulumi import automation as auto

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "partnerlink-tests"  # protects only throwaway test stacks
SECRET = "[secret]"  # how `pulumi stack output --json` shows a secret output


@dataclass
class Engine:
    """Creates stacks of a program directory on a private, offline file backend."""

    bin_dir: Path
    base: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    emulator: Any = None  # set by the `aws` fixture: stacks then get partnerlink:endpoint
    backend_url: str | None = None  # another backend (e.g. postgres://...) than the file one
    # partnerlink:consistencyBudget of the stacks on an emulator: None is the product's
    # default (30 s). A test that sets another value says why.
    consistency_budget: float | None = None
    # Where the language-host shim keeps its `pip list` answer (scripts/langhost-shim: keyed by
    # the interpreter, PYTHONPATH and the mtimes of the directories it lists); the test
    # fixture gives every test of a run the same one, others default to one of their own.
    shim_cache: Path | None = None
    # Each operation's summary and outputs from its own engine events, not a CLI read (_lean).
    summary_from_events: bool = True

    @property
    def backend_dir(self) -> Path:
        return self.base / "backend"

    @property
    def env(self) -> dict[str, str]:
        pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        return {
            "PULUMI_BACKEND_URL": self.backend_url or self.backend_dir.as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_HOME": str(self.base / "pulumi-home"),
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
            "PARTNERLINK_SHIM_CACHE": str(self.shim_cache or self.base / "shim-cache"),
            "PYTHONPATH": pythonpath,
            **self.extra_env,
        }

    def stack(
        self,
        program: str | Path,
        stack_name: str = "test",
        config: dict[str, str | auto.ConfigValue] | None = None,
    ) -> auto.Stack:
        """A new stack of a copy of ``program`` (a directory with Pulumi.yaml)."""
        src = Path(program)
        if not src.is_absolute():
            src = ROOT / src
        work = self.base / "programs" / f"{src.name}-{stack_name}"
        shutil.copytree(
            src,
            work,
            ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml", ".venv", "venv"),
        )
        provide_virtualenv(work)
        self.backend_dir.mkdir(parents=True, exist_ok=True)
        opts = auto.LocalWorkspaceOptions(
            work_dir=str(work),
            pulumi_home=self.env["PULUMI_HOME"],
            env_vars=self.env,
            pulumi_command=pulumi_command(self.bin_dir),
        )
        stack = auto.create_stack(stack_name, work_dir=str(work), opts=opts)
        values: dict[str, auto.ConfigValue] = {}
        if self.emulator is not None:
            values["partnerlink:endpoint"] = auto.ConfigValue(self.emulator.endpoint_url)
            values["partnerlink:region"] = auto.ConfigValue("us-east-1")
            if self.consistency_budget is not None:
                values["partnerlink:consistencyBudget"] = auto.ConfigValue(
                    str(self.consistency_budget)
                )
        for key, value in (config or {}).items():
            values[key] = value if isinstance(value, auto.ConfigValue) else auto.ConfigValue(value)
        if any(v.secret for v in values.values()):
            stack.set_all_config(values)  # one CLI call, not one per key; it encrypts secrets
        elif values:
            _write_config(stack, values)
        return _lean(stack, from_events=self.summary_from_events)

    @property
    def cli_env(self) -> dict[str, str]:
        """The environment the real CLI runs in, as a user's shell would give it."""
        return {
            **os.environ,
            **self.env,
            "PATH": f"{self.bin_dir}{os.pathsep}{os.environ['PATH']}",
        }

    def cli(self, stack: auto.Stack, *args: str) -> str:
        """Run the real CLI on ``stack`` (e.g. ``stack export`` without ``--show-secrets``)."""
        proc = self._run(stack, args)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def run(self, stack: auto.Stack, *args: str, check: bool = True) -> str:
        """Run the real CLI on ``stack`` as a user types it; its stdout and stderr together."""
        proc = self._run(stack, args)
        out = proc.stdout + proc.stderr
        assert proc.returncode == 0 or not check, out
        return out

    def _run(self, stack: auto.Stack, args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin_dir / "pulumi"), *args, "--stack", stack.name, "--non-interactive"],
            cwd=stack.workspace.work_dir,
            env=self.cli_env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def up_killed_after_commit(
        self, stack: auto.Stack, operation: str, committed: Callable[[], bool]
    ) -> bool:
        """``pulumi up`` killed with SIGKILL (the whole process group, as a crash of the
        machine or a second Ctrl-C would) after AWS committed ``operation`` and before its
        answer reached the CLI (the emulator holds it). False if the up ended first (nothing
        to create): it then ran to its end, and the caller treats it as an ordinary up."""
        assert self.emulator is not None
        self.emulator.inject(operation, "delay-response", delay_ms=120_000, times=1)
        proc = subprocess.Popen(
            [str(self.bin_dir / "pulumi"), "up", "--yes", "--skip-preview", "--stack", stack.name],
            cwd=stack.workspace.work_dir,
            env=self.cli_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        killed = False
        try:
            deadline = time.monotonic() + 120
            while not committed():
                if proc.poll() is not None:
                    break
                assert time.monotonic() < deadline, f"AWS never saw {operation}"
                time.sleep(0.2)
            else:
                # The answer is held by the emulator, so the CLI cannot record the result; wait
                # until it has written down that a create is in flight (a busy machine can take
                # a while to write its state), as a crash at this moment would find it.
                self._wait_for_pending_create(stack, proc, deadline=time.monotonic() + 60)
                killed = True
        finally:
            kill_session(proc.pid)
            proc.wait(timeout=60)
            self.emulator.admin("DELETE", "faults")
        return killed

    def _wait_for_pending_create(
        self, stack: auto.Stack, proc: subprocess.Popen[bytes], deadline: float
    ) -> None:
        if self.backend_url is not None:  # not a file backend: nothing to read directly
            time.sleep(1.0)
            return
        while time.monotonic() < deadline:
            # The answer is held, so the up cannot end unless its create was not the one held.
            assert proc.poll() is None, (
                f"the up ended ({proc.returncode}) while AWS held the answer of its create"
            )
            for path in (self.backend_dir / ".pulumi" / "stacks").rglob(f"{stack.name}.json"):
                try:
                    latest = json.loads(path.read_text())["checkpoint"].get("latest") or {}
                except (OSError, ValueError, KeyError):
                    continue  # being written
                if any(p.get("type") == "creating" for p in latest.get("pending_operations") or []):
                    return
            time.sleep(0.1)
        raise AssertionError("the CLI never recorded its create as pending")

    def recover_after_crash(self, stack: auto.Stack) -> str:
        """The README's "After a crash or Ctrl-C", exactly; the output of the final ``up``."""
        self.run(stack, "cancel", "--yes")
        self.run(stack, "refresh", "--clear-pending-creates", "--yes")
        return self.run(stack, "up", "--yes", "--skip-preview")

    def export(self, stack: auto.Stack) -> dict[str, Any]:
        """``pulumi stack export`` as users run it: secrets stay encrypted."""
        deployment: dict[str, Any] = json.loads(self.cli(stack, "stack", "export"))["deployment"]
        return deployment


def provide_virtualenv(project: Path, prefix: str | Path = sys.prefix) -> None:
    """The virtualenv a project's ``Pulumi.yaml`` names (``runtime.options.virtualenv``), as a
    symlink to ``prefix`` (the test venv) where the project has none: what a user's
    ``python -m venv venv && pip install ...`` gives, without a venv per test."""
    settings = yaml.safe_load((project / "Pulumi.yaml").read_text()) or {}
    runtime = settings.get("runtime")
    options = runtime.get("options") or {} if isinstance(runtime, dict) else {}
    venv = options.get("virtualenv")
    if not venv:
        return
    where = Path(venv) if Path(venv).is_absolute() else project / venv
    if not where.exists():
        where.parent.mkdir(parents=True, exist_ok=True)
        where.symlink_to(Path(prefix), target_is_directory=True)


def kill_session(sid: int) -> None:
    """SIGKILL every process of the session ``sid`` (the CLI started with start_new_session):
    the CLI, its language host and the provider hosts, which run in process groups of their
    own, as a crash of the machine would stop them all. The CLI (the session's leader, pid
    ``sid``) first: killed after one of its plugins, it would live long enough to see the
    plugin die, fail the update and write down what it did, which a crash does not let it do."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(sid, signal.SIGKILL)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == sid:  # stat field 6: the session id
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry), signal.SIGKILL)


def change_counts(summary: dict[Any, int]) -> dict[str, int]:
    """An OpType-keyed change summary as plain {"create": 1, ...}, zero counts dropped."""
    return {getattr(k, "value", str(k)): v for k, v in summary.items() if v}


def assert_no_changes(stack: auto.Stack) -> None:
    """The closing check of every engine test: a preview that shows only `same`."""
    preview = stack.preview(diff=True)
    counts = change_counts(preview.change_summary)
    assert set(counts) <= {"same"}, (
        f"expected no changes, preview shows {counts}:\n{preview.stdout}"
    )


SECRET_SIG = "4dabf18193072939515e22adb298388d"


def provider_blob(resource: dict[str, Any]) -> str:
    """The pickled provider of a dynamic resource from a ``--show-secrets`` export.

    The engine stores ``__provider`` as a secret when the resource has secret inputs, so it is
    either a plain string or a secret envelope whose ``plaintext`` is that string, JSON-encoded.
    """
    blob = resource["inputs"]["__provider"]
    if isinstance(blob, dict) and blob.get(SECRET_SIG):
        decoded: str = json.loads(blob["plaintext"])
        return decoded
    assert isinstance(blob, str)
    return blob


def _write_config(stack: auto.Stack, values: dict[str, auto.ConfigValue]) -> None:
    """Plain config written into the stack's settings file (``Pulumi.<stack>.yaml``), as users
    edit it, through the Automation API's own settings writer: the file the CLI reads, without
    a CLI process to write it (0.25 s of CPU a stack)."""
    workspace = stack.workspace
    project = workspace.project_settings().name
    settings = workspace.stack_settings(stack.name)
    config = dict(settings.config or {})
    for key, value in values.items():
        config[key if ":" in key else f"{project}:{key}"] = value.value
    settings.config = config
    workspace.save_stack_settings(stack.name, settings)


_COMMANDS: dict[Path, auto.PulumiCommand] = {}


def pulumi_command(bin_dir: Path) -> auto.PulumiCommand:
    """One ``PulumiCommand`` per CLI in a process: making one runs ``pulumi version`` (0.25 s of
    CPU), and the harness makes a stack per test."""
    command = _COMMANDS.get(bin_dir)
    if command is None:
        command = auto.PulumiCommand(root=str(bin_dir.parent), skip_version_check=True)
        _COMMANDS[bin_dir] = command
    return command


# PARTNERLINK_LEAN_VERIFY=1: read the summary and outputs from the CLI as well, and fail if
# they differ from what the operation's own events said (how _lean was checked).
VERIFY = os.environ.get("PARTNERLINK_LEAN_VERIFY") == "1"


def _lean(stack: auto.Stack, from_events: bool = True) -> auto.Stack:
    """The same stack, with the Automation API's reads after each operation made cheaper.

    After ``up`` the API runs ``stack output --json`` (twice, masked and ``--show-secrets``, if
    an output is a secret) and ``stack history`` for the update's summary; after
    ``refresh``/``destroy`` the history. Each is a CLI process (0.25 s of CPU; 0.6 s with
    ``--show-secrets``, which derives the passphrase key), on the 2 cores that run the whole
    suite. Here the summary's counts and the stack's outputs come from the operation's own
    engine events (the summary event, the stack resource's outputs event), which the API
    receives anyway when asked; the CLI is read only when an output is a secret or an event is
    missing. The operations themselves are untouched: the CLI runs exactly as the API runs it.
    ``from_events=False`` (the benchmark, which must not add event parsing to its timings)
    keeps the CLI reads, masked.
    """
    workspace = stack.workspace
    full_outputs = workspace.stack_outputs
    seen: dict[str, Any] = {}

    def stack_outputs(stack_name: str) -> auto.OutputMap:
        values = seen.pop("outputs", None)
        if values is not None and (
            SECRET in json.dumps(values) or SECRET_SIG in json.dumps(values)
        ):
            # Events show a secret as "[secret]", and mask its value wherever it appears
            # (an account id that is a secret credential, inside an ARN): read the CLI.
            values = None
        if values is None or VERIFY:
            masked = workspace._run_pulumi_cmd_sync(
                ["stack", "output", "--json", "--stack", stack_name]
            )
            from_cli = json.loads(masked.stdout)
            assert values is None or values == from_cli, (values, from_cli)
            values = from_cli
        if SECRET in values.values():
            return full_outputs(stack_name)
        return {k: auto.OutputValue(value=v, secret=False) for k, v in values.items()}

    def info(show_secrets: bool = True) -> auto.UpdateSummary | None:
        summary = seen.pop("summary", None)
        if summary is None or VERIFY:
            from_cli = auto.Stack.info(stack, False)
            if summary is not None:
                assert from_cli is not None
                got = {str(getattr(k, "value", k)): v for k, v in summary.items()}
                want = dict(from_cli.resource_changes or {})
                assert got == want, (got, want)
            return from_cli
        return auto.UpdateSummary(
            kind=seen.pop("kind"),
            start_time=seen.pop("started"),
            message="",
            environment={},
            config={},
            result="succeeded",  # a failed operation raises before its summary is read
            end_time=datetime.now(timezone.utc),
            resource_changes=summary,
        )

    def record(event: auto.events.EngineEvent) -> None:
        if event.summary_event is not None:
            seen["summary"] = dict(event.summary_event.resource_changes)
        outputs = event.res_outputs_event
        if outputs is not None and outputs.metadata.type == "pulumi:pulumi:Stack":
            new = outputs.metadata.new
            seen["outputs"] = dict(new.outputs or {}) if new is not None else None

    def observed(kind: str, operation: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, on_event: Callable[..., None] | None = None, **kwargs: Any) -> Any:
            seen.clear()
            seen.update(kind=kind, started=datetime.now(timezone.utc))

            def both(event: auto.events.EngineEvent) -> None:
                record(event)
                if on_event is not None:
                    on_event(event)

            try:
                return operation(*args, on_event=both, **kwargs)
            finally:
                seen.clear()  # read inside the operation or not at all: never by a later call

        return run

    workspace.stack_outputs = stack_outputs  # type: ignore[method-assign]
    stack.info = info  # type: ignore[method-assign]
    if from_events:
        stack.up = observed("update", stack.up)  # type: ignore[method-assign]
        stack.refresh = observed("refresh", stack.refresh)  # type: ignore[method-assign]
        stack.destroy = observed("destroy", stack.destroy)  # type: ignore[method-assign]
    return stack
