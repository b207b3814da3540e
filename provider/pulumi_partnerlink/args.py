"""How every resource takes its inputs: an ``Args`` object or keyword arguments, not both."""

from __future__ import annotations

from typing import Any, TypeVar

A = TypeVar("A")


def resolve_args(args: A | None, cls: type[A], kwargs: dict[str, Any]) -> A:
    """``args`` as given, or ``cls(**kwargs)``; both at once is a mistake worth naming."""
    if args is None:
        return cls(**kwargs)
    if kwargs:
        raise TypeError(
            f"pass either a {cls.__name__} or keyword arguments, not both (got {sorted(kwargs)})"
        )
    return args


def with_outputs(resource_cls: type, props: dict[str, Any]) -> dict[str, Any]:
    """``props`` plus every output the class declares (``name: pulumi.Output[...]``) as None,
    so the engine knows them before the provider fills them in. The annotations are the one list."""
    for klass in reversed(resource_cls.__mro__):
        for name, hint in vars(klass).get("__annotations__", {}).items():
            if str(hint).startswith("pulumi.Output") and name not in props:
                props[name] = None
    return props
