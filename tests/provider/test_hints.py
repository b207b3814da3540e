"""Resource classes' annotations are evaluated once per class (``hints.py``), so the Pulumi SDK,
which reads them for every instance it registers, finds values instead of strings to parse; it
must find the same types it found from the strings, and our readers the same text."""

from __future__ import annotations

import inspect
from typing import Any

import pulumi
from pulumi import _types
from pulumi_partnerlink.hints import annotation_texts, evaluate_annotations, output_names
from pulumi_partnerlink.native.docs import output_hints
from pulumi_partnerlink.registry import MODULES

DYNAMIC = [getattr(m, m.SPEC.name) for m in MODULES]


def as_written(cls: type) -> type:
    """A class with ``cls``'s own annotations as the text they were written as (what the SDK
    read before), in ``cls``'s module."""
    texts = {
        name: text
        for name, text in annotation_texts(cls).items()
        if name in vars(cls)["__annotations__"]
    }
    return type(cls.__name__, (), {"__annotations__": texts, "__module__": cls.__module__})


def test_every_resource_class_holds_values_not_strings() -> None:
    for cls in DYNAMIC:
        own = inspect.get_annotations(cls)
        assert own, cls
        assert [n for n, hint in own.items() if isinstance(hint, str)] == [], cls


def test_the_sdk_finds_the_types_it_found_from_the_text() -> None:
    for cls in DYNAMIC:
        before = _types.resource_types(as_written(cls))
        assert before  # the text evaluates (a class of strings, as the SDK got them)
        assert _types.resource_types(cls) == before, cls


def test_outputs_and_texts_are_read_as_written() -> None:
    for module in MODULES:
        dynamic = getattr(module, module.SPEC.name)
        assert set(output_names(dynamic)) == {o.name for o in module.SPEC.outputs}
        assert all(
            annotation_texts(dynamic)[n].startswith("pulumi.Output[") for n in output_names(dynamic)
        )
    # The native schema's output types come from the text (native/docs.py).
    hints = output_hints(DYNAMIC[[m.SPEC.name for m in MODULES].index("SidewalkPartnerAccount")])
    assert (hints["account_linked"], hints["tags"], hints["arn"]) == (
        "bool",
        "dict[str, str]",
        "str",
    )
    texts = annotation_texts(DYNAMIC[0])
    assert "pulumi.output" not in " ".join(texts.values())  # the text, not the value's repr


def test_users_subclasses_keep_working() -> None:
    # A user's subclass with its own output, and one whose hint names a class defined later
    # (not evaluable when the class is made): the latter is left for the SDK, as before.
    base = DYNAMIC[0]

    class Mine(base):  # type: ignore[misc, valid-type]
        extra: pulumi.Output[str]

    class Later(base):  # type: ignore[misc, valid-type]
        later: pulumi.Output[NotYetDefined]  # noqa: F821

    assert inspect.get_annotations(Mine) == {"extra": pulumi.Output[str]}
    assert output_names(Mine)[-1] == "extra"
    assert set(output_names(base)) < set(output_names(Mine))
    assert inspect.get_annotations(Later) == {"later": "pulumi.Output[NotYetDefined]"}
    assert output_names(Later)[-1] == "later"


def test_evaluating_twice_changes_nothing() -> None:
    cls = DYNAMIC[1]
    before: dict[str, Any] = dict(inspect.get_annotations(cls))
    texts = annotation_texts(cls)
    evaluate_annotations(cls)
    assert inspect.get_annotations(cls) == before
    assert annotation_texts(cls) == texts
    assert all(not t.startswith("pulumi.output") for t in texts.values())
