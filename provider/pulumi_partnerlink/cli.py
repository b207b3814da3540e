"""``partnerlink``: commands beside the Pulumi resources.

``partnerlink discover`` lists what this account already has (Sidewalk associations, program
management accounts, relationships, the handshakes it sent) and writes a ready Pulumi program
that takes it over: ``partners.yaml`` (the data, one entry per object, deterministic order) and
``__main__.py`` (declares each entry with ``adopt=True``, wired by reference; answered
handshakes are read with ``get`` so nothing is re-sent). List calls only: one per 100 objects,
plus one tag read per object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from .clients import region_of
from .config import REGION, ProviderSettings
from .discovery import SKIPPED, discover

DATA = "partners.yaml"
PROGRAM = '''"""Written by `partnerlink discover`: the objects this account already has, taken over.

The data is in partners.yaml; edit it to change an object (the next `pulumi up` updates exactly
that one). Each object is declared with adopt=True, so the first `up` takes it over without
creating anything; answered handshakes are only read (ChannelHandshake.get), never re-sent.
"""

from pathlib import Path

import pulumi
import pulumi_partnerlink as pl
import yaml

data = yaml.safe_load((Path(__file__).parent / "partners.yaml").read_text())
catalog = data["catalog"]
config = pulumi.Config()

for item in data.get("sidewalk") or []:
    pl.SidewalkPartnerAccount(
        item["name"],
        amazon_id=item["amazon_id"],
        # pulumi config set --secret --path 'sidewalkKeys["<amazon id>"]' <hex key>
        app_server_private_key=config.require_secret_object("sidewalkKeys").apply(
            lambda keys, amazon_id=item["amazon_id"]: keys[amazon_id]
        ),
        tags=item.get("tags") or {},
        adopt=True,
    )

pmas = {}
for item in data.get("program_management_accounts") or []:
    pmas[item["id"]] = pl.ProgramManagementAccount(
        item["name"],
        catalog=catalog,
        program=item["program"],
        display_name=item["display_name"],
        account_id=item["account_id"],
        tags=item.get("tags") or {},
        adopt=True,
    )


def pma_ref(pma_id):
    """A PMA of this program by reference, or the id of one outside it."""
    pma = pmas.get(pma_id)
    return pma.program_management_account_id if pma is not None else pma_id


relationships = {}
for item in data.get("relationships") or []:
    relationships[item["id"]] = pl.ChannelRelationship(
        item["name"],
        catalog=catalog,
        program_management_account_identifier=pma_ref(item["pma"]),
        association_type=item["association_type"],
        associated_account_id=item["associated_account_id"],
        display_name=item["display_name"],
        sector=item["sector"],
        tags=item.get("tags") or {},
        adopt=True,
    )

for item in data.get("handshakes") or []:
    target = item["associated_resource"]
    if item["status"] != "PENDING":  # answered: shown, never re-sent
        pl.ChannelHandshake.get(
            item["name"], item["id"], handshake_type=item["type"], catalog=catalog
        )
        continue
    rel = relationships.get(target)
    payload = {}
    for key in ("start_service_period", "revoke_service_period"):
        if item.get(key):
            payload[key] = {
                **item[key],
                "program_management_account_identifier": pma_ref(item["pma"]),
            }
    pl.ChannelHandshake(
        item["name"],
        catalog=catalog,
        handshake_type=item["type"],
        associated_resource_identifier=(
            rel.relationship_id if rel is not None else pma_ref(target)
        ),
        tags=item.get("tags") or {},
        adopt=True,
        **payload,
    )
'''


def summary(data: dict[str, Any]) -> str:
    states: dict[str, int] = {}
    for h in data["handshakes"]:
        states[h["status"]] = states.get(h["status"], 0) + 1
    shown = ", ".join(f"{n} {s.lower()}" for s, n in sorted(states.items())) or "none"
    return (
        f"{len(data['sidewalk'])} Sidewalk associations, "
        f"{len(data['program_management_accounts'])} program management accounts, "
        f"{len(data['relationships'])} relationships, "
        f"{len(data['handshakes'])} handshakes sent ({shown})"
        + (
            f"; left out {len(SKIPPED)} that AWS described without what a declaration needs "
            f"({'; '.join(SKIPPED[:5])}{'; ...' if len(SKIPPED) > 5 else ''})"
            if SKIPPED
            else ""
        )
    )


NOTE = """Wrote {files} to {out}. {summary}.
Next:
  1. In that directory (its Pulumi.yaml, written if there was none, runs the program in
     {venv}), set the Sidewalk keys{keys}
  2. pulumi preview   (every object shows as a create: it is taken over (adopt=True), not made)
  3. pulumi up        (no create call reaches AWS; answered handshakes are read, not re-sent)
"""


HEADER_MARK = "# Written by `partnerlink discover`"
PROGRAM_MARK = PROGRAM.split(":", 1)[0]


def _starts_with(path: Path, mark: str) -> bool:
    """Whether ``path`` is a file discover wrote (a re-run may replace those, not others)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return f.read(len(mark)) == mark
    except OSError:
        return False


def python_runtime() -> str:
    """Pulumi.yaml's ``runtime`` as ``pulumi new python`` writes it, naming the virtualenv this
    command runs in (it has pulumi_partnerlink); plain ``python`` outside a virtualenv."""
    if sys.prefix == sys.base_prefix:
        return "runtime: python\n"
    return (
        "runtime:\n  name: python\n  options:\n    toolchain: pip\n"
        f"    virtualenv: {json.dumps(sys.prefix)}\n"
    )


def _region(value: str) -> str:
    if not REGION.match(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an AWS region, e.g. us-east-1")
    return value


def _discover(args: argparse.Namespace) -> int:
    settings = ProviderSettings(region=args.region, profile=args.profile, endpoint=args.endpoint)
    data = discover(settings, args.catalog)
    if args.dry_run:
        print(f"partnerlink discover (dry run): {summary(data)}")
        return 0
    out = Path(args.output)
    theirs = [
        str(out / name)
        for name, mark in ((DATA, HEADER_MARK), ("__main__.py", PROGRAM_MARK))
        if (out / name).exists() and not _starts_with(out / name, mark)
    ]
    if theirs and not args.force:
        print(
            f"partnerlink discover: {' and '.join(theirs)} already exist and were not written "
            "by partnerlink discover; nothing was written. Choose another --output directory, "
            "or --force to replace them.",
            file=sys.stderr,
        )
        return 2
    out.mkdir(parents=True, exist_ok=True)
    header = (
        f"{HEADER_MARK} (catalog {args.catalog}, region {region_of(settings)}).\n"
        "# Edit an entry to change that object; the program (__main__.py) declares them all.\n"
    )
    (out / DATA).write_text(header + yaml.safe_dump(data, sort_keys=False, width=100))
    (out / "__main__.py").write_text(PROGRAM)
    if not (out / "Pulumi.yaml").exists():
        (out / "Pulumi.yaml").write_text(
            f"name: partnerlink-discovered\n{python_runtime()}"
            "description: What this AWS account already had, taken over by partnerlink discover.\n"
        )
    keys = "".join(
        f"\n       pulumi config set --secret --path 'sidewalkKeys[\"{s['amazon_id']}\"]' <hex>"
        for s in data["sidewalk"]
    )
    print(
        NOTE.format(
            venv=sys.prefix if sys.prefix != sys.base_prefix else "the python on PATH",
            files=f"{DATA} and __main__.py",
            out=out.resolve(),
            summary=summary(data),
            keys=(":" + keys) if keys else " (none here)",
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="partnerlink", description="pulumi-partnerlink commands")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser(
        "discover", help="write a Pulumi program that takes over what this account has"
    )
    d.add_argument("--profile", help="AWS profile (default: the AWS chain)")
    d.add_argument(
        "--region", type=_region, help="AWS region (default: the AWS chain's, else us-east-1)"
    )
    d.add_argument("--endpoint", help="endpoint URL, e.g. the emulator")
    d.add_argument("--catalog", default="AWS", choices=("AWS", "Sandbox"))
    d.add_argument("--output", default=".", help="directory to write into (default: here)")
    d.add_argument("--dry-run", action="store_true", help="only print what would be written")
    d.add_argument(
        "--force",
        action="store_true",
        help="replace a partners.yaml or __main__.py that discover did not write",
    )
    args = ap.parse_args(argv)
    try:
        return _discover(args)
    except Exception as exc:  # a clear line, not a traceback
        print(f"partnerlink {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
