"""Call counts of every step, per resource type, at two sizes: no call grows faster than N.

Each phase runs the providers as the dynamic-provider host does: a fresh provider process
(the shared listings start empty), four calls at a time, the engine's props (check's inputs
for create, the state's outputs for read and delete). Counts come from the emulator's call
counter; they are deterministic, so these are assertions, not timings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pulumi_partnerlink.config import ProviderSettings
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.partnercentral_channel import common
from pulumi_partnerlink.registry import PROVIDERS

from tests.support.aws import client, send_start_handshake

SENDER, RECEIVER = "111111111111", "222222222222"
SIZES = (50, 200)
KEY = "0f" * 32


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Emulator]:
    credentials = tmp_path / "credentials"
    credentials.write_text(
        f"[receiver]\naws_access_key_id = {RECEIVER}\naws_secret_access_key = x\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", SENDER)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    # Call counts, not rates: hundreds of calls paced at AWS's 3 a second would take minutes
    # and count the same (pacing and the quotas have their own tests: test_pacing.py).
    with Emulator(behaviour="unlimited") as e:
        yield e


def new_process() -> None:
    """What a new provider host process starts with: no shared listing."""
    for listing in (common.LISTING, common.PMA_LISTING, common.REL_LISTING):
        listing._pages.clear()


def provider(emu: Emulator, kind: str) -> Any:
    p = PROVIDERS[kind]()
    p.core._settings = ProviderSettings(endpoint=emu.endpoint_url, region="us-east-1", pacing=False)
    return p


def counted(emu: Emulator, step: Callable[[], None]) -> Counter[str]:
    before = Counter(emu.calls())
    step()
    after = Counter(emu.calls())
    return Counter({k.split(":")[1]: v - before[k] for k, v in after.items() if v != before[k]})


def pool_map(fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    with ThreadPoolExecutor(max_workers=4) as pool:  # the host's four workers
        return list(pool.map(fn, items))


@dataclass
class Kind:
    resource: str
    setup: Callable[[Emulator, int], list[dict[str, Any]]]  # -> inputs of N resources


def _sidewalk(emu: Emulator, n: int) -> list[dict[str, Any]]:
    return [
        {"amazon_id": f"amzn1.account.{i}", "app_server_private_key": KEY, "tags": {"i": str(i)}}
        for i in range(n)
    ]


def _pma(emu: Emulator, n: int) -> list[dict[str, Any]]:
    return [
        {
            "program": "SOLUTION_PROVIDER",
            "display_name": f"PMA {i}",
            "account_id": f"3{i:011d}",
            "tags": {"i": str(i)},
        }
        for i in range(n)
    ]


def _parent_pma(emu: Emulator) -> str:
    return str(
        client(emu, "partnercentral-channel").create_program_management_account(
            catalog="AWS", program="DISTRIBUTION", displayName="Parent", accountId="999999999999"
        )["programManagementAccountDetail"]["id"]
    )


def _relationship(emu: Emulator, n: int) -> list[dict[str, Any]]:
    pma = _parent_pma(emu)
    return [
        {
            "program_management_account_identifier": pma,
            "association_type": "END_CUSTOMER",
            "associated_account_id": f"4{i:011d}",
            "display_name": f"Customer {i}",
            "sector": "COMMERCIAL",
            "tags": {"i": str(i)},
        }
        for i in range(n)
    ]


def _handshake(emu: Emulator, n: int) -> list[dict[str, Any]]:
    pcc = client(emu, "partnercentral-channel")
    pma = _parent_pma(emu)
    out = []
    for i in range(n):
        rs = pcc.create_relationship(
            catalog="AWS",
            programManagementAccountIdentifier=pma,
            associationType="END_CUSTOMER",
            associatedAccountId=f"4{i:011d}",
            displayName=f"c{i}",
            sector="COMMERCIAL",
        )["relationshipDetail"]["id"]
        out.append(
            {
                "handshake_type": "START_SERVICE_PERIOD",
                "associated_resource_identifier": rs,
                "start_service_period": {
                    "program_management_account_identifier": pma,
                    "service_period_type": "MINIMUM_NOTICE_PERIOD",
                    "minimum_notice_days": 30,
                },
                "tags": {"i": str(i)},
            }
        )
    return out


def _response(emu: Emulator, n: int) -> list[dict[str, Any]]:
    """N handshakes of each type the receiver can get, mixed (the worst case for listing)."""
    pcc = client(emu, "partnercentral-channel")
    out = []
    for i in range(n):
        pma = pcc.create_program_management_account(
            catalog="AWS", program="DISTRIBUTION", displayName=f"p{i}", accountId=f"5{i:011d}"
        )["programManagementAccountDetail"]["id"]
        rs = pcc.create_relationship(
            catalog="AWS",
            programManagementAccountIdentifier=pma,
            associationType="END_CUSTOMER",
            associatedAccountId=RECEIVER,
            displayName=f"c{i}",
            sector="COMMERCIAL",
        )["relationshipDetail"]["id"]
        ch = send_start_handshake(pcc, rs, pma)["id"]
        out.append(
            {
                "handshake_identifier": ch,
                "decision": "ACCEPT",
                "connection": {"profile": "receiver"},
            }
        )
    return out


KINDS = [
    Kind("SidewalkPartnerAccount", _sidewalk),
    Kind("ProgramManagementAccount", _pma),
    Kind("ChannelRelationship", _relationship),
    Kind("ChannelHandshake", _handshake),
    Kind("ChannelHandshakeResponse", _response),
]


def lifecycle(emu: Emulator, kind: Kind, n: int) -> dict[str, Counter[str]]:
    """Calls of create, refresh (read) and destroy (delete) of N resources of one kind."""
    p = provider(emu, kind.resource)
    raw = kind.setup(emu, n)
    props = []
    for i, inputs in enumerate(raw):
        checked = p.check({}, {**inputs, "__token_seed": f"bench/stack/r{i}"})
        assert not checked.failures, [(f.property, f.reason) for f in checked.failures]
        props.append(checked.inputs)
    created: list[Any] = []
    new_process()
    steps = {"create": counted(emu, lambda: created.extend(pool_map(p.create, props)))}
    state = [(c.id, {**pr, **c.outs}) for c, pr in zip(created, props, strict=True)]
    new_process()
    reads: list[Any] = []
    steps["refresh"] = counted(emu, lambda: reads.extend(pool_map(lambda s: p.read(*s), state)))
    assert all(r.id for r in reads), "refresh lost a live resource"
    new_process()
    steps["destroy"] = counted(emu, lambda: pool_map(lambda s: p.delete(*s), state))
    return steps


def per_op(c: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(c.items()))


@pytest.mark.parametrize("kind", KINDS, ids=[k.resource for k in KINDS])
def test_calls_grow_linearly_with_a_small_constant(emu: Emulator, kind: Kind) -> None:
    runs = {}
    for n in SIZES:
        emu.reset()
        runs[n] = lifecycle(emu, kind, n)
    small, big = SIZES
    factor = big / small
    for step in ("create", "refresh", "destroy"):
        for op, calls in runs[big][step].items():
            # linear: 4x the resources, at most 4x the calls (plus a page or two)
            assert calls <= factor * runs[small][step][op] + 2, (
                step,
                op,
                per_op(runs[small][step]),
                per_op(runs[big][step]),
            )
        total = sum(runs[big][step].values())
        assert total <= BOUNDS[kind.resource][step](big), (step, per_op(runs[big][step]))


def lists(n: int) -> int:
    return n // 100 + 2


# The bounds per step at N resources (the acceptance and the README's figures).
BOUNDS: dict[str, dict[str, Callable[[int], int]]] = {
    # Associate + Get (live proof + fingerprint); Get + ListTags (at once); Disassociate
    "SidewalkPartnerAccount": {
        "create": lambda n: 2 * n,
        "refresh": lambda n: 2 * n,
        "destroy": lambda n: n,
    },
    # Create + a listing narrowed to the account; shared listing + ListTags; Delete
    "ProgramManagementAccount": {
        "create": lambda n: 2 * n,
        "refresh": lambda n: lists(n) + n,
        "destroy": lambda n: n,
    },
    # Create + Get; shared listing + ListTags; Delete
    "ChannelRelationship": {
        "create": lambda n: 2 * n,
        "refresh": lambda n: lists(n) + n,
        "destroy": lambda n: n,
    },
    # Create + a listing narrowed to the relationship + TagResource (its tags are not in the
    # create, so that a re-create after a tag change replays the token: creating.py);
    # shared listing + ListTags; Cancel
    "ChannelHandshake": {
        "create": lambda n: 3 * n,
        "refresh": lambda n: lists(n) + n,
        "destroy": lambda n: n + lists(n),
    },
    # shared listing of the received handshakes + Accept; one shared listing; no call
    "ChannelHandshakeResponse": {
        "create": lambda n: n + lists(n),
        "refresh": lambda n: lists(n),
        "destroy": lambda n: 0,
    },
}
