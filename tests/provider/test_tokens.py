"""Derived client tokens: deterministic, new where a new create is meant, valid for both APIs."""

from __future__ import annotations

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
