"""The Pulumi package schema of ``partnerlink``, generated from the specs (nothing per resource).

- resources ``partnerlink:index:<Name>``: inputs from ``spec.props`` (types from the botocore
  model behind each input, enums, required, defaults, ``secret``, ``replaceOnChanges`` for
  create-only inputs), outputs = the inputs echoed + what ``outputs()`` reports (types from the
  resource class's output annotations); required = the required inputs and the id output;
- nested object types from the model's structures, enum types from its enums;
- ``config`` and ``provider``: the ``partnerlink:*`` settings (``settings.TYPES``).

Property names are camelCase (``names.camel`` of the core's snake_case), as in every schema.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import metadata
from types import ModuleType
from typing import Any

from botocore import xform_name
from botocore.model import ListShape, MapShape, Shape, StructureShape

from ..core import Prop, ResourceSpec
from ..core.normalise import CONNECTION_FIELDS
from ..registry import CORES, MODULES
from . import docs
from .importing import ID_FORMATS
from .names import INTERNAL, SNAKE_NAME, camel, failure_text
from .settings import ASSUME_ROLE_TYPE, SETTINGS, TYPES

NAME = "partnerlink"
NAMESPACE = "partnerlink"
REPOSITORY = "https://github.com/partnerlink/pulumi-partnerlink"
SUMMARY = (
    "Pulumi resources for AWS partner links: IoT Wireless Sidewalk partner accounts and Partner "
    "Central Channel program management accounts, relationships and handshakes."
)
# What each language's SDK is called, as every Pulumi package's schema says it (the generators
# and `pulumi import` read these). Python: the native SDK is its own top-level package beside the
# dynamic resources' `pulumi_partnerlink`, in the same distribution.
LANGUAGE: dict[str, dict[str, Any]] = {
    "nodejs": {
        "packageName": "@partnerlink/pulumi-partnerlink",
        "packageDescription": SUMMARY,
        "respectSchemaVersion": True,
    },
    "python": {
        "packageName": "pulumi_partnerlink_native",
        "respectSchemaVersion": True,
        "pyproject": {"enabled": True},
    },
    "go": {
        "importBasePath": "github.com/partnerlink/pulumi-partnerlink/sdk/go/partnerlink",
        "modulePath": "github.com/partnerlink/pulumi-partnerlink/sdk/go",
        "generateResourceContainerTypes": True,
        "respectSchemaVersion": True,
    },
    "csharp": {"rootNamespace": "PartnerLink", "respectSchemaVersion": True},
    "java": {"basePackage": "com.partnerlink", "buildFiles": "gradle"},
}
RESERVED = {"Provider", "Config"}  # type names the SDKs use themselves
SCALARS = {
    "string": "string",
    "timestamp": "string",
    "blob": "string",
    "integer": "integer",
    "long": "integer",
    "boolean": "boolean",
    "double": "number",
    "float": "number",
}
# The schema's words for create-only inputs; an SDK may name them instead (scripts/gen-python).
REPLACES = "Changing an input marked replaceOnChanges replaces it."
CONNECTION_DOCS = {
    "profile": "A named AWS profile.",
    "region": "The AWS region.",
    "endpoint": "An endpoint URL.",
    "role_arn": "An IAM role to act as.",
    "session_name": "The session name for roleArn.",
    "external_id": "The external id for roleArn.",
}


def token(name: str) -> str:
    return f"{NAME}:index:{name}"


def package_version() -> str:
    try:
        return metadata.version("pulumi-partnerlink")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def enum_member(value: str) -> str:
    """An enum member's schema name, PascalCase (``SOLUTION_PROVIDER`` -> ``SolutionProvider``,
    ``Sandbox`` -> ``Sandbox``): each generator spells it its language's way from this
    (Python ``SOLUTION_PROVIDER``, TypeScript ``SolutionProvider``, Go
    ``ProgramSolutionProvider``); without it they guess from the value and get it wrong."""
    return "".join(w[:1].upper() + w[1:].lower() for w in re.split(r"[_\W]+", value) if w)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/types/{token(name)}"}


class Types:
    """The ``types`` section, filled as resources refer to structures and enums."""

    def __init__(self) -> None:
        self.types: dict[str, dict[str, Any]] = {
            token("AssumeRole"): ASSUME_ROLE_TYPE,
            token("Connection"): {
                "type": "object",
                "description": "Where one resource acts, overriding its provider's settings.",
                "properties": {
                    camel(f): {"type": "string", "description": CONNECTION_DOCS[f]}
                    for f in CONNECTION_FIELDS
                },
            },
        }

    def _name(self, name: str, owner: str, body: dict[str, Any]) -> str:
        """A type name free of collisions (``Provider`` -> ``<Owner>Provider``)."""
        if name in RESERVED:
            name = f"{owner}{name}"
        found = self.types.get(token(name))
        if found is not None and found != body:
            name = f"{owner}{name}"
        self.types[token(name)] = body
        return name

    def enum(self, name: str, values: tuple[str, ...] | list[str], owner: str) -> dict[str, Any]:
        members = [{"name": enum_member(v), "value": v} for v in values]
        body = {"type": "string", "enum": members}
        return _ref(self._name(name, owner, body))

    def shape(self, shape: Shape, owner: str) -> dict[str, Any]:
        if isinstance(shape, StructureShape):
            return self.structure(shape, owner)
        if isinstance(shape, ListShape):
            return {"type": "array", "items": self.shape(shape.member, owner)}
        if isinstance(shape, MapShape):
            return {"type": "object", "additionalProperties": self.shape(shape.value, owner)}
        enum = getattr(shape, "enum", None)
        if enum:
            return self.enum(shape.name, list(enum), owner)
        return {"type": SCALARS.get(shape.type_name, "string")}

    def structure(self, shape: StructureShape, owner: str) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for member, child in shape.members.items():
            spec = self.shape(child, shape.name)
            text = docs.model_text(child)
            props[camel(xform_name(member))] = {**spec, **({"description": text} if text else {})}
        body: dict[str, Any] = {"type": "object", "properties": props}
        text = docs.model_text(shape)
        if shape.metadata.get("union"):
            text = f"{text} Set exactly one of: {', '.join(props)}.".strip()
        if text:
            body["description"] = text
        required = [camel(xform_name(m)) for m in shape.required_members]
        if required:
            body["required"] = required
        return _ref(self._name(shape.name, owner, body))

    def prop(self, spec: ResourceSpec, prop: Prop) -> dict[str, Any]:
        """The type of one input."""
        if prop.kind == "tags":
            return {"type": "object", "additionalProperties": {"type": "string"}}
        if prop.kind == "bool":
            return {"type": "boolean"}
        if prop.kind == "connection":
            return _ref("Connection")
        shape = spec.shape_of(prop)
        if prop.enum:
            return self.enum(
                shape.name if shape is not None else _pascal(prop.name), prop.enum, spec.name
            )
        if shape is None:
            return {"type": "string"}
        return self.shape(shape, spec.name)


def _input(types: Types, spec: ResourceSpec, prop: Prop, args_cls: type) -> dict[str, Any]:
    out = types.prop(spec, prop)
    text = docs.params(args_cls).get(prop.name) or docs.model_text(spec.shape_of(prop))
    text = _text(spec, text or f"The {docs.words(prop.name)}.")
    out = {**out, "description": _complete(text, spec, prop)}
    if prop.secret:
        out["secret"] = True
    if prop.name in spec.create_only:
        out["replaceOnChanges"] = True
        out["willReplaceOnChanges"] = True
    if isinstance(prop.default, str | bool) and prop.kind != "bool":
        out["default"] = prop.default
    return out


def _complete(text: str, spec: ResourceSpec, prop: Prop) -> str:
    """A description that says, whatever the docstring says: the model's constraints, that a
    change replaces the resource, that the value is secret."""
    shape = spec.shape_of(prop)
    meta = shape.metadata if shape is not None else {}
    rules = []
    kind = shape.type_name if shape is not None else ""
    what = {"string": "length", "integer": "value", "long": "value"}.get(kind)
    if what and ("min" in meta or "max" in meta):
        rules.append(f"{what} {meta.get('min', 0)}-{meta.get('max', 'any')}")
    if meta.get("pattern"):
        rules.append(f"pattern `{meta['pattern']}`")
    out = text.rstrip()
    if rules:
        out += f" AWS's constraints: {'; '.join(rules)}."
    if prop.name in spec.create_only and "replace" not in text.lower():
        out += " Changing it replaces the resource."
    if prop.secret and "secret" not in text.lower():
        out += " A secret: never in clear in state or output."
    return out


def _text(spec: ResourceSpec, text: str) -> str:
    """A description of the package's Python docs in the schema's spelling (camelCase, `x`):
    the names of this resource's properties, and the outputs of any resource it names."""
    text = failure_text(spec, text.replace("``", "`")).replace("=True", ": true")
    return SNAKE_NAME.sub(
        lambda m: camel(m.group(0)) if m.group(0) in _outputs() else m.group(0), text
    )


@cache
def _outputs() -> frozenset[str]:
    """Every resource's output names (a description may point at another's: `pmaId`)."""
    return frozenset(o.name for m in MODULES for o in m.SPEC.outputs)


def computed_outputs(spec: ResourceSpec) -> list[str]:
    """The outputs beyond the echoed inputs, as the core reports them (snake_case)."""
    provider = CORES[spec.name]()
    inputs = {p.name for p in spec.props}
    return [
        k
        for k in provider.outputs({}, {}, {}, None)
        if k not in inputs and not k.startswith(INTERNAL)
    ]


def id_output(spec: ResourceSpec) -> str:
    """The output that holds the object's own id (``handshake_id``, ``partner_account_id``): the
    first declared output named ``*_id`` that is not an input. The core fills it from the record
    it found by that id (Sidewalk: the Amazon ID, a required input), so once created it always
    has a value, and the schema lists it in ``required`` (SDKs type it ``Output<string>``)."""
    inputs = {p.name for p in spec.props}
    return next(o.name for o in spec.outputs if o.name.endswith("_id") and o.name not in inputs)


def _description(module: ModuleType, spec: ResourceSpec) -> str:
    parts = [docs.resource_text(module, spec)]
    if spec.create_only:
        parts.append(REPLACES)
    if spec.delete_before_replace:
        parts.append("A replacement deletes the old one first (delete-before-replace).")
    text = " ".join(parts)
    if spec.name in ID_FORMATS:
        text += f"\n\n## Import\n\n{ID_FORMATS[spec.name]}"
    return text


def resource(types: Types, module: ModuleType) -> dict[str, Any]:
    spec: ResourceSpec = module.SPEC
    args_cls = getattr(module, f"{spec.name}Args")
    cls = getattr(module, spec.name)
    inputs = {camel(p.name): _input(types, spec, p, args_cls) for p in spec.props}
    hints = docs.output_hints(cls)
    attr = docs.attribute_docs(cls)
    outputs = {
        k: {key: v for key, v in s.items() if "eplace" not in key} for k, s in inputs.items()
    }
    for name in computed_outputs(spec):
        text = attr.get(name) or f"The {docs.words(name)} as AWS reports it."
        outputs[camel(name)] = {
            **docs.output_type(hints.get(name)),
            "description": _text(spec, text),
        }
    for name, text in attr.items():
        if camel(name) in outputs:
            outputs[camel(name)]["description"] = _text(spec, text)
    required = [camel(p.name) for p in spec.props if p.required and p.default is None]
    return {
        "description": _description(module, spec),
        "inputProperties": inputs,
        "requiredInputs": required,
        "properties": outputs,
        "required": [*required, camel(id_output(spec))],
    }


def _settings() -> dict[str, dict[str, Any]]:
    return {k: {**TYPES[k][0], "description": TYPES[k][1]} for k in SETTINGS}


@cache
def schema() -> dict[str, Any]:
    types = Types()
    resources = {token(m.SPEC.name): resource(types, m) for m in MODULES}
    return {
        "name": NAME,
        "displayName": "Partner Link",
        "version": package_version(),
        "description": "AWS partner links: IoT Wireless Sidewalk partner accounts and Partner "
        "Central Channel program management accounts, relationships and handshakes.",
        "keywords": [
            "pulumi",
            "aws",
            "iotwireless",
            "sidewalk",
            "partnercentral",
            "category/cloud",
        ],
        "license": "Apache-2.0",
        "publisher": "partnerlink",
        "namespace": NAMESPACE,
        "repository": REPOSITORY,
        "meta": {"moduleFormat": "(.*)", "supportPack": True},
        "language": LANGUAGE,
        "config": {"variables": _settings()},
        "provider": {
            "description": "The partnerlink provider: where its resources act. Credentials come "
            "from the AWS chain (or assumeRole), never from state.",
            "inputProperties": _settings(),
            "properties": _settings(),
        },
        "types": types.types,
        "resources": resources,
    }


def schema_json() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True)
