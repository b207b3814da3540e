"""``partnerlink-emulator`` / ``python -m pulumi_partnerlink.emulator``: serve until SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from .context import Settings
from .server import Emulator, RemoteBindRefused


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="partnerlink-emulator", description=__doc__)
    ap.add_argument(
        "--host", default="127.0.0.1", help="address to bind (loopback unless --allow-remote)"
    )
    ap.add_argument(
        "--port", type=int, default=0, help="port (0 picks a free one; the URL is printed)"
    )
    ap.add_argument("--state-file", help="keep state in this SQLite file (survives restarts)")
    ap.add_argument(
        "--token-window",
        type=float,
        default=Settings.token_window_seconds,
        help="seconds of emulator time a client token is remembered (default 86400)",
    )
    ap.add_argument(
        "--handshake-expiry",
        type=float,
        default=Settings.handshake_expiry_seconds,
        help="seconds of emulator time before a PENDING handshake expires (default 15 days)",
    )
    ap.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = ap.parse_args(argv)
    settings = Settings(
        token_window_seconds=args.token_window, handshake_expiry_seconds=args.handshake_expiry
    )
    try:
        emu = Emulator(
            args.host, args.port, args.state_file, settings, args.allow_remote, args.verbose
        )
    except RemoteBindRefused as exc:
        print(f"partnerlink-emulator: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"partnerlink-emulator: cannot listen on {args.host}:{args.port}: {exc}",
            file=sys.stderr,
        )
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=emu.stop, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"partnerlink-emulator listening on {emu.endpoint_url}", flush=True)
    emu.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
