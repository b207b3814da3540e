"""The shape of a Sidewalk association of ours, for the *shaped* floors: what its provider adds
to the inputs on create and update, with the same names and sizes, so the SDK and the engine do
the same work on a do-nothing resource as on ours (bench/floor/__init__.py). No imports: the
native floor's plugin loads it too."""

from __future__ import annotations

from typing import Any

SECRET = "app_server_private_key"


def computed(props: dict[str, Any]) -> dict[str, Any]:
    amazon = str(props.get("amazon_id"))
    return {
        "arn": f"arn:aws:iotwireless:us-east-1:111111111111:SidewalkAccount/{amazon}",
        "fingerprint": "9b" * 32,
        "applied_fingerprint": "9b" * 32,
        "partner_account_id": amazon,
        "partner_type": "Sidewalk",
        "account_linked": False,
        "adopt": False,
        "client_token": "pl-" + "0" * 40 + "-g0",
        "__written_at": 1796624532.4882286,
    }


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.title() for w in rest)
