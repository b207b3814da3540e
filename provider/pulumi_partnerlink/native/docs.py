"""Descriptions for the schema, gathered from what the package already says about each resource
(never written again per resource): the resource module's docstring, the ``XArgs`` class's
``:param x:`` lines, the resource class's attribute docstrings and output annotations, and
the botocore model's documentation of the wire member behind an input.
"""

from __future__ import annotations

import ast
import html
import inspect
import itertools
import re
import textwrap
from functools import cache
from types import ModuleType
from typing import Any

from botocore.model import Shape

from ..core import ResourceSpec
from ..hints import annotation_texts

_PARAM = re.compile(r":param (\w+):(.*?)(?=\n\s*:param |\Z)", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _tidy(text: str) -> str:
    return " ".join(text.split())


def resource_text(module: ModuleType, spec: ResourceSpec) -> str:
    """The module docstring's first paragraph, without its ``Name``: prefix."""
    doc = inspect.getdoc(module) or ""
    first = _tidy(doc.split("\n\n", 1)[0])
    first = re.sub(rf"^``{spec.name}``:\s*", "", first)
    return first[:1].upper() + first[1:]


@cache
def params(args_cls: type) -> dict[str, str]:
    """``:param name: text`` of an Args class docstring, by name."""
    doc = inspect.getdoc(args_cls) or ""
    return {m.group(1): _tidy(m.group(2)) for m in _PARAM.finditer(doc)}


@cache
def attribute_docs(cls: type) -> dict[str, str]:
    """The docstrings written under annotated class attributes (a string after ``x: T``)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    out: dict[str, str] = {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            out[node.target.id] = _tidy(after.value.value)
    return out


def output_hints(cls: type) -> dict[str, str]:
    """Output annotations (``pulumi.Output[...]``) of a resource class, as text, by name."""
    return {
        name: text[len("pulumi.Output[") : -1]
        for name, text in annotation_texts(cls).items()
        if text.startswith("pulumi.Output[")
    }


def output_type(hint: str | None) -> dict[str, Any]:
    """A schema type from an output annotation's text (``str``, ``bool``, ``dict[str, str]``)."""
    core = (hint or "str").replace(" | None", "").strip()
    if core == "bool":
        return {"type": "boolean"}
    if core == "int":
        return {"type": "integer"}
    if core == "float":
        return {"type": "number"}
    if core.startswith("dict["):
        return {"type": "object", "additionalProperties": {"type": "string"}}
    return {"type": "string"}


def model_text(shape: Shape | None) -> str:
    """The model's documentation of a shape, as plain text (its first sentence)."""
    doc = getattr(shape, "documentation", "") or ""
    text = _tidy(html.unescape(_TAGS.sub(" ", doc)))
    first = text.split(". ")[0].rstrip(".")
    return f"{first}." if first else ""


def words(name: str) -> str:
    return name.replace("_", " ")
