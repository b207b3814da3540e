"""``ResourceSpec``: the small record per resource that drives the generic provider.

pulumi-aws-native's idea: what is create-only, what updates in place, what is secret, where each
input goes on the wire, how tags are spelled. Wire locations are derived from the botocore model
with ``xform_name`` (``display_name`` <-> ``displayName``); a ``Prop`` names its wire path only
for real renames (``amazon_id`` -> ``Sidewalk.AmazonId``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from botocore import xform_name
from botocore.model import ListShape, ServiceModel, Shape, StructureShape

from ..models import service_model

TYPE_PREFIX = "pulumi-python:dynamic/partnerlink:"
CATALOGS = ("AWS", "Sandbox")
CONNECTION_DOC = 'Optional ``{"profile", "region", "endpoint"}`` overriding ``partnerlink:*``.'


@dataclass(frozen=True)
class Prop:
    """One input property of a resource.

    ``wire``: its path in the create request; ``None`` derives it from the create operation's
    input members (``xform_name(member) == name``); ``()`` means it is never sent.
    ``kind`` is for inputs the model does not describe: ``bool``, ``connection``, ``tags``.
    ``diff``: whether a change shows in the diff (``client_token``/``adopt`` only matter at create).
    """

    name: str
    create_only: bool = False
    secret: bool = False
    wire: tuple[str, ...] | None = None
    default: Any = None
    required: bool = False
    enum: tuple[str, ...] | None = None
    kind: str | None = None
    diff: bool = True
    doc: str = ""  # what users read (the Args docstring, the schema)
    py: str | None = None  # the Python type users may pass (inside ``pulumi.Input``), if not str
    py_dict: str | None = None  # ... in the ``XArgsDict``, where it is narrower


def key_prop(name: str, doc: str = "", **more: Any) -> Prop:
    """A required input that says which object it is: changing it replaces the object."""
    return Prop(name, create_only=True, required=True, doc=doc, **more)


def lifecycle_props(
    tags_doc: str,
    adopt_doc: str,
    *,
    token_doc: str,
    connection_doc: str,
    token_wire: tuple[str, ...] | None = None,
) -> tuple[Prop, Prop, Prop, Prop]:
    """The inputs a taggable, adoptable resource ends with: ``tags`` (updated in place), then
    ``client_token`` and ``adopt`` (consulted only at create) and ``connection`` (where to act),
    none of those three in a diff."""
    return (
        Prop("tags", kind="tags", doc=tags_doc),
        Prop("client_token", create_only=True, diff=False, wire=token_wire, doc=token_doc),
        Prop("adopt", kind="bool", default=False, create_only=True, diff=False, doc=adopt_doc),
        Prop("connection", kind="connection", diff=False, doc=connection_doc),
    )


@dataclass(frozen=True)
class Output:
    """One output of a resource as users read it: its Python type and what it means."""

    name: str
    py: str = "str"
    doc: str = ""


@dataclass(frozen=True)
class Struct:
    """A nested input's typed surface (``XArgs`` and ``XArgsDict``): its fields are ``Prop``s
    (name, required, ``py``, doc)."""

    name: str
    fields: tuple[Prop, ...]
    doc: str = ""


# eq=False: a spec is one object per resource, compared and hashed by identity. The caches keyed
# by it (per request in the native plugin) would otherwise hash every Prop of it at each lookup.
@dataclass(frozen=True, eq=False)
class ResourceSpec:
    """Everything generic code needs to know about one resource."""

    name: str
    service: str
    create: str | None
    props: tuple[Prop, ...]
    tags: tuple[str, str, str] | None = None  # (request member, key name, value name)
    delete_before_replace: bool = False
    noun: str = ""
    # The typed surface users see (generated from here by scripts/gen-python).
    doc: str = ""  # the resource class's docstring
    args_doc: str = ""  # the first lines of the Args class's docstring
    outputs: tuple[Output, ...] = ()  # the declared outputs, in order
    structs: tuple[Struct, ...] = ()  # the nested inputs' Args, in order
    get_by: tuple[str, ...] = ()  # what ``get`` needs beside the id

    @property
    def type_token(self) -> str:
        return f"{TYPE_PREFIX}{self.name}"

    @cached_property
    def model(self) -> ServiceModel:
        return service_model(self.service)

    @cached_property
    def create_shape(self) -> StructureShape | None:
        if self.create is None:
            return None
        shape = self.model.operation_model(self.create).input_shape
        assert isinstance(shape, StructureShape)
        return shape

    def prop(self, name: str) -> Prop:
        return next(p for p in self.props if p.name == name)

    def has(self, name: str) -> bool:
        return any(p.name == name for p in self.props)

    @cached_property
    def create_only(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props if p.create_only and p.diff)

    @cached_property
    def in_place(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props if not p.create_only and p.diff)

    @cached_property
    def secrets(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props if p.secret)

    @cached_property
    def property_names(self) -> frozenset[str]:
        """Every snake_case input name, the nested fields the model describes included."""
        names = {p.name for p in self.props}

        def walk(shape: Shape | None) -> None:
            if isinstance(shape, StructureShape):
                for member, child in shape.members.items():
                    names.add(xform_name(member))
                    walk(child)
            elif isinstance(shape, ListShape):
                walk(shape.member)

        for prop in self.props:
            if prop.kind is None:
                walk(self.shape_of(prop))
        return frozenset(names)

    def wire_path(self, prop: Prop) -> tuple[str, ...]:
        """Where ``prop`` goes in the create request (empty: not sent)."""
        if prop.wire is not None:
            return prop.wire
        if prop.kind in ("bool", "connection") or self.create_shape is None:
            return ()
        if prop.kind == "tags":
            return (self.tags[0],) if self.tags else ()
        for member in self.create_shape.members:
            if xform_name(member) == prop.name:
                return (member,)
        return ()

    def shape_of(self, prop: Prop) -> Shape | None:
        """The model shape behind ``prop`` (None when the model does not describe it)."""
        path = self.wire_path(prop)
        shape: Shape | None = self.create_shape
        for part in path:
            if not isinstance(shape, StructureShape) or part not in shape.members:
                return None
            shape = shape.members[part]
        return shape if path else None
