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
