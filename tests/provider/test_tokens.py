"""Derived client tokens: deterministic, new where a new create is meant, valid for both APIs."""

from __future__ import annotations

from pathlib import Path

import botocore.session
from hypothesis import given
from hypothesis import strategies as st
from pulumi_partnerlink.tokens import derive_token
from pulumi_partnerlink.validation import validate

SESSION = botocore.session.get_session()
TOKEN_SHAPES = {
    "iotwireless": SESSION.get_service_model("iotwireless").shape_for("ClientRequestToken"),
    "partnercentral-channel": SESSION.get_service_model("partnercentral-channel").shape_for(
        "ClientToken"
    ),
}


@given(st.text(max_size=200), st.lists(st.text(max_size=100), max_size=4), st.integers(0, 99))
def test_token_valid_for_both_services(seed: str, identity: list[str], generation: int) -> None:
    token = derive_token(seed, identity, generation)
    assert token == derive_token(seed, identity, generation)
    for shape in TOKEN_SHAPES.values():
        assert validate(shape, token) == []


def test_token_changes_with_identity_and_generation() -> None:
    base = derive_token("proj/stack/name", ["amzn1"], 0)
    assert derive_token("proj/stack/name", ["amzn2"], 0) != base
    assert derive_token("proj/stack/name", ["amzn1"], 1) != base
    assert derive_token("proj/stack/other", ["amzn1"], 0) != base
    assert base.endswith("-g0") and len(base) <= 64


def test_the_seed_carries_the_stacks_own_random_material(tmp_path: Path) -> None:
    """Two stacks named alike (two engineers' ``dev``, two backends) have different
    ``encryptionsalt``s, so different seeds; a project's ``main`` below its root and its
    ``stackConfigDir`` are followed; no settings file: the names alone."""
    from pulumi_partnerlink.tokens import seed_for, stack_material

    seeds = []
    for who in ("ana", "bo"):
        root = tmp_path / who
        (root / "src").mkdir(parents=True)
        (root / "Pulumi.yaml").write_text("name: shop\nruntime: python\nstackConfigDir: cfg\n")
        (root / "cfg").mkdir()
        (root / "cfg" / "Pulumi.dev.yaml").write_text(f"encryptionsalt: v1:{who}salt==:v1:x:y\n")
        seeds.append(seed_for("shop", "dev", "pma", str(root / "src")))
    assert seeds[0] != seeds[1]
    assert all(s.startswith("shop/dev@") and s.endswith("/pma") for s in seeds)
    kms = tmp_path / "kms"
    kms.mkdir()
    (kms / "Pulumi.yaml").write_text("name: shop\n")
    (kms / "Pulumi.prod.yaml").write_text("secretsprovider: awskms://k\nencryptedkey: AQID\n")
    assert stack_material(str(kms), "prod") is not None
    assert stack_material(str(kms), "missing") is None
    assert seed_for("shop", "dev", "pma") == "shop/dev/pma"
