#!/usr/bin/env python3
"""The do-nothing native provider of the bench's floor, ``nullnative``: one resource type,
``nullnative:index:Null``; create returns an id and nothing else, read echoes, update returns
nothing, delete does nothing. No diff of its own: DIFF_UNKNOWN, so the engine compares old and
new inputs itself, as for the dynamic floor.

A gRPC plugin served by ``pulumi.provider.experimental.server.main`` (SDK >= 3.272), started by
the CLI as ``plugin/pulumi-resource-nullnative`` (a wrapper running this file)."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.server import main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shape import camel, computed  # bench/floor/shape.py, which imports nothing

NAME, VERSION = "nullnative", "0.1.0"
TYPE = f"{NAME}:index:Null"
SHAPED = "::shaped"  # the URN of a shaped floor's resource (names start with "shaped")


def outputs(props: dict[str, p.PropertyValue]) -> dict[str, p.PropertyValue]:
    """What null_dynamic.computed adds, as property values."""
    amazon = props.get("amazonId")
    plain = computed({"amazon_id": amazon.value if amazon is not None else None})
    return {camel(k): p.PropertyValue(v) for k, v in plain.items() if k != "__written_at"}


class NullNative(p.Provider):
    async def get_schema(self, request: p.GetSchemaRequest) -> p.GetSchemaResponse:
        schema = {
            "name": NAME,
            "version": VERSION,
            "resources": {TYPE: {"description": "Does nothing.", "properties": {}}},
        }
        return p.GetSchemaResponse(schema=json.dumps(schema))

    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        if SHAPED in request.urn:  # the shaped floor: the outputs ours answer with
            props = {**request.properties, **outputs(request.properties)}
            return p.CreateResponse(resource_id=uuid.uuid4().hex, properties=props)
        return p.CreateResponse(resource_id=uuid.uuid4().hex)

    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        if SHAPED in request.urn:
            return p.UpdateResponse(properties={**request.news, **outputs(request.news)})
        return p.UpdateResponse()

    async def delete(self, request: p.DeleteRequest) -> None:
        return None


if __name__ == "__main__":
    main(sys.argv[1:], VERSION, NullNative())
