"""The two front ends of the same resources, as one test parameter.

``dynamic``: the Python dynamic resources (``pulumi-python:dynamic/partnerlink:<Name>``, snake_case
inputs). ``native``: the plugin ``pulumi-resource-partnerlink`` (``partnerlink:index:<Name>``,
camelCase on the wire), declared from Python through ``native_class``: the class of the Python SDK
Pulumi's generator writes (``pulumi_partnerlink_native``, snake_case keywords), as users declare
them.

A test takes a ``FrontEnd``, makes its stacks with ``front.stack(...)`` from the program of that
front end, and spells what it expects in messages with ``front.text(...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from tests.support.engine import Engine
from tests.support.native import native_stack

# Map-typed inputs: their keys are the user's (tag keys), never renamed.
MAPS = frozenset({"tags"})
# The outputs the matrix programs export, by their snake_case names.
OUTPUTS = (
    "arn",
    "tags",
    "client_token",
    "status",
    "revision",
    "display_name",
    "fingerprint",
    "applied_fingerprint",
    "handshake_id",
    "relationship_id",
    "program_management_account_id",
    "partner_account_id",
)
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def camel(snake: str) -> str:
    """``minimum_notice_days`` -> ``minimumNoticeDays``."""
    first, *rest = snake.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def to_native(inputs: dict[str, Any]) -> dict[str, Any]:
    """snake_case inputs (nested objects too) as the native schema names them."""

    def keys(value: Any) -> Any:
        if isinstance(value, dict):
            return {camel(k): keys(v) for k, v in value.items()}
        if isinstance(value, list):
            return [keys(v) for v in value]
        return value

    return {camel(k): v if k in MAPS else keys(v) for k, v in inputs.items()}


def schema_text(message: str) -> str:
    """A message with its property names as the native schema spells them (camelCase)."""
    return _SNAKE.sub(lambda m: camel(m.group(0)), message)


def native_class(name: str) -> Any:
    """The Python class of ``partnerlink:index:<name>``: ``Cls(name, opts=..., **snake_inputs)``."""
    import pulumi_partnerlink_native

    return getattr(pulumi_partnerlink_native, name)


def pascal(snake: str) -> str:
    """``minimum_notice_days`` -> ``MinimumNoticeDays`` (the Go SDK's field names)."""
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


@dataclass(frozen=True)
class FrontEnd:
    name: str
    matrix_program: str
    type_prefix: str
    language: str = "python"  # the program's: the plugin names properties as its SDK does

    def __str__(self) -> str:
        return self.name

    @property
    def native(self) -> bool:
        return self.name != "dynamic"

    def type_token(self, resource: str) -> str:
        return self.type_prefix + resource

    def text(self, message: str) -> str:
        """A message as this front end words it: property names as its language's SDK."""
        spell = {"python": None, "go": pascal}.get(self.language, camel)
        return _SNAKE.sub(lambda m: spell(m.group(0)), message) if spell else message

    def stack(
        self,
        engine: Engine,
        program: str | Path,
        stack_name: str = "test",
        config: dict[str, str | auto.ConfigValue] | None = None,
    ) -> auto.Stack:
        from tests.support.languages import go_stack, typescript_stack

        if self.language == "nodejs":
            return typescript_stack(engine, program, stack_name, config=config)
        if self.language == "go":
            return go_stack(engine, program, stack_name, config=config)
        if self.native:
            return native_stack(engine, program, stack_name, config=config)
        return engine.stack(program, stack_name, config=config)


DYNAMIC = FrontEnd("dynamic", "tests/engine/programs/matrix", "pulumi-python:dynamic/partnerlink:")
NATIVE = FrontEnd("native", "tests/engine/programs/matrix_native", "partnerlink:index:")
FRONT_ENDS = (DYNAMIC, NATIVE)
# The native plugin from programs in the other languages users write (generated SDKs).
TYPESCRIPT = FrontEnd(
    "typescript", "tests/engine/programs/matrix_ts", "partnerlink:index:", "nodejs"
)
GO = FrontEnd("go", "tests/engine/programs/matrix_go", "partnerlink:index:", "go")
LANGUAGES = (TYPESCRIPT, GO)
