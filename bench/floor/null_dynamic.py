"""The do-nothing dynamic provider of the bench's floor: create returns an id and nothing else,
read echoes, update returns nothing, delete does nothing. No diff of its own: the dynamic host
answers DIFF_UNKNOWN and the engine compares old and new inputs itself.

Importable (never ``__main__``): Pulumi pickles a dynamic provider by reference."""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, ResourceProvider, UpdateResult

from bench.floor.shape import SECRET, computed


class NullProvider(ResourceProvider):
    # As ours (pulumi_partnerlink.core.provider): pickled by reference, holding no secret, so
    # ``__provider`` is stored in plain text rather than encrypted for every resource.
    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(uuid.uuid4().hex)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult()

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        pass


class ShapedProvider(NullProvider):
    """Does nothing, answering with the outputs ours answer with."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(uuid.uuid4().hex, {**props, **computed(props)})

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult({**news, **computed(news)})


class NullDynamic(Resource, module="bench", name="NullDynamic"):
    def __init__(
        self,
        resource_name: str,
        props: dict[str, Any],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(NullProvider(), resource_name, props, opts)


class ShapedDynamic(Resource, module="bench", name="ShapedDynamic"):
    """A do-nothing resource of a Sidewalk association's shape: the same inputs (the key
    secret), the same declared outputs."""

    def __init__(self, resource_name: str, props: dict[str, Any]) -> None:
        declared = {k: None for k in computed(props) if k != "__written_at"}
        opts = pulumi.ResourceOptions(additional_secret_outputs=[SECRET])
        super().__init__(ShapedProvider(), resource_name, {**declared, **props}, opts)
