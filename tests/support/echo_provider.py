"""A minimal dynamic resource for the engine smoke test.

The provider lives in an importable module (never ``__main__``), so Pulumi pickles it by
reference into ``__provider``: the same rule our real providers follow.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pulumi
from pulumi.dynamic import (
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)


class EchoProvider(ResourceProvider):
    """Echoes ``value``; ``name`` is create-only. Holds no state of its own."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        rid = "echo-" + hashlib.sha256(props["name"].encode()).hexdigest()[:12]
        return CreateResult(rid, {**props, "length": len(props["value"])})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [k for k in ("name", "value") if olds.get(k) != news.get(k)]
        return DiffResult(
            changes=bool(changed),
            replaces=[k for k in changed if k == "name"],
            delete_before_replace=True,
        )

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult({**news, "length": len(news["value"])})


class Echo(Resource, module="partnerlink-test", name="Echo"):
    length: pulumi.Output[int]
    value: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        value: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            EchoProvider(),
            resource_name,
            {"name": resource_name, "value": value, "length": None},
            opts,
        )
