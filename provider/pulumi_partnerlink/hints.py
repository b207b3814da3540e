"""Resource classes' annotations: evaluated once per class, and read as the text they were
written as.

The Pulumi SDK reads a resource class's own annotations for *every instance* it registers
(``pulumi._types.resource_types``: ``typing.get_type_hints`` over ``__annotations__``). Our
generated modules use ``from __future__ import annotations``, so those are strings, and each
instance re-parsed and evaluated each of them: 0.2-1 ms of CPU a resource (a
``ChannelHandshake`` about 1 ms; ``bench/ours.py`` measures it). ``evaluate_annotations``
evaluates a class's own annotations once, when the class is made, the way the SDK would have,
so it finds the same types at a fraction of the cost. A hint that cannot be evaluated then (a
name defined later) leaves the class's annotations as they were: the SDK evaluates them itself,
as before.

Our own readers of the annotations (which properties are outputs; the native schema's output
types) want the text as written (``pulumi.Output[dict[str, str]]``), so the text is kept
beside the evaluated hints and read through ``annotation_texts``.
"""

from __future__ import annotations

import inspect
import sys
import typing

__all__ = ["annotation_texts", "evaluate_annotations", "output_names"]

_TEXT = "_partnerlink_annotation_text"


def evaluate_annotations(cls: type) -> None:
    """Replace ``cls``'s own string annotations by their values (kept as text in ``_TEXT``)."""
    own = inspect.get_annotations(cls)
    if not any(isinstance(hint, str) for hint in own.values()):
        return
    module = sys.modules.get(cls.__module__)
    holder = type(cls.__name__, (), {"__annotations__": dict(own), "__module__": cls.__module__})
    try:
        values = typing.get_type_hints(
            holder,
            globalns=vars(module) if module else {},
            localns={cls.__name__: cls},
            include_extras=True,
        )
    except Exception:  # a forward reference: the SDK evaluates them per instance, as before
        return
    setattr(cls, _TEXT, {name: str(hint) for name, hint in own.items()})
    cls.__annotations__ = {name: values[name] for name in own}


def annotation_texts(cls: type) -> dict[str, str]:
    """Every annotation of ``cls`` and its bases (the nearest wins) as the text written."""
    out: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        written = vars(klass).get(_TEXT) or vars(klass).get("__annotations__") or {}
        out.update({name: str(hint) for name, hint in written.items()})
    return out


_OUTPUTS: dict[type, tuple[str, ...]] = {}


def output_names(cls: type) -> tuple[str, ...]:
    """The properties ``cls`` declares as outputs (``pulumi.Output[...]``), bases first; read
    once per class (every resource of it asks)."""
    found = _OUTPUTS.get(cls)
    if found is None:
        texts = annotation_texts(cls)
        found = _OUTPUTS[cls] = tuple(n for n, t in texts.items() if t.startswith("pulumi.Output"))
    return found
