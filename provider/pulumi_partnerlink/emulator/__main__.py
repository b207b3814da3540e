"""``partnerlink-emulator`` / ``python -m pulumi_partnerlink.emulator``: serve until SIGTERM."""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from .behaviour import BEHAVIOUR_ENV, PROFILES, Behaviour
from .context import Settings
from .permissions import Permissions
from .server import Emulator, RemoteBindRefused, resolve_behaviour


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value < 10**9:
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds > 0")
    return value


def behaviour_spec(text: str) -> str:
    """A ``--behaviour`` / ``--profile`` value, checked as it is read."""
    try:
        Behaviour.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def state_file_problem(path: str) -> str | None:
    """Why ``--state-file path`` cannot hold the emulator's state, or None."""
    p = Path(path)
    if p.is_dir():
        return "is a directory; give a file path"
    if not p.parent.is_dir():
        return f"its directory {p.parent} does not exist"
    if p.exists():
        try:
            with sqlite3.connect(f"file:{p}?mode=ro", uri=True) as db:
                db.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            return f"is not an emulator state file (SQLite says: {exc})"
    return None


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="partnerlink-emulator", description=__doc__)
    ap.add_argument(
        "--host", default="127.0.0.1", help="address to bind (loopback unless --allow-remote)"
    )
    ap.add_argument(
        "--port", type=port_number, default=0, help="port (0 picks a free one; the URL is printed)"
    )
    ap.add_argument("--state-file", help="keep state in this SQLite file (survives restarts)")
    ap.add_argument(
        "--token-window",
        type=seconds,
        default=Settings.token_window_seconds,
        help="seconds of emulator time a client token is remembered (default 86400)",
    )
    ap.add_argument(
        "--handshake-expiry",
        type=seconds,
        default=Settings.handshake_expiry_seconds,
        help="seconds of emulator time before a PENDING handshake expires (default 15 days)",
    )
    ap.add_argument(
        "--behaviour",
        "--profile",
        dest="behaviour",
        action="append",
        type=behaviour_spec,
        metavar="SPEC",
        help="the behaviour profile: profile names and knob=value items, comma-separated, "
        f"repeatable (profiles: {', '.join(PROFILES)}; e.g. 'lag,omit=Arn+status'); default "
        f"${BEHAVIOUR_ENV}, else the defaults",
    )
    ap.add_argument(
        "--permissions",
        metavar="FILE",
        help="a JSON file: access key id -> IAM policy document; those keys may call only what "
        "their policy allows (AccessDenied otherwise); '*' applies to every key",
    )
    ap.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.state_file is not None:
        problem = state_file_problem(args.state_file)
        if problem is not None:
            print(
                f"partnerlink-emulator: --state-file {args.state_file} {problem}", file=sys.stderr
            )
            return 2
    settings = Settings(
        token_window_seconds=args.token_window, handshake_expiry_seconds=args.handshake_expiry
    )
    try:
        behaviour = resolve_behaviour(",".join(args.behaviour or []) or None, settings)
    except ValueError as exc:  # only $PARTNERLINK_EMULATOR_BEHAVIOUR can be bad here
        print(f"partnerlink-emulator: {exc}", file=sys.stderr)
        return 2
    try:
        args.permissions = _permissions(args.permissions)
    except (OSError, ValueError) as exc:
        print(f"partnerlink-emulator: --permissions: {exc}", file=sys.stderr)
        return 2
    emu = started(args, behaviour)
    if isinstance(emu, int):
        return emu

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=emu.stop, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if behaviour.spec():  # stderr: stdout's first line is the URL, which scripts read
        print(f"partnerlink-emulator behaviour: {behaviour.spec()}", file=sys.stderr, flush=True)
    print(f"partnerlink-emulator listening on {emu.endpoint_url}", flush=True)
    emu.serve_forever()
    return 0


def _permissions(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return None
    doc = json.loads(Path(path).read_text())
    Permissions(doc)  # refused here, before listening, if malformed
    return dict(doc)


def started(args: argparse.Namespace, behaviour: Behaviour) -> Emulator | int:
    """The emulator the arguments describe, or the exit code after saying why it cannot be."""
    try:
        return Emulator(
            args.host,
            args.port,
            args.state_file,
            allow_remote=args.allow_remote,
            verbose=args.verbose,
            behaviour=behaviour,
            permissions=args.permissions,
        )
    except RemoteBindRefused as exc:
        print(f"partnerlink-emulator: {exc}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(
            f"partnerlink-emulator: --state-file {args.state_file} cannot be used: {exc}",
            file=sys.stderr,
        )
        return 2
    except OSError as exc:
        print(
            f"partnerlink-emulator: cannot listen on {args.host}:{args.port}: {exc}",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
