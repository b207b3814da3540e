"""No input of any shape makes a resource raise: arbitrary values at every input of every resource.

Each example goes the way a program's inputs go: the resource's constructor side
(``resource_props``: Args objects, dicts, Outputs, datetimes, unserialisable objects), the
SDK's serialisation to the engine and back (``rpc.serialize_properties`` /
``deserialize_properties``, as the dynamic-provider host receives them), then the provider's
``check``. The property: a clean result every time (a CheckFailure list, never an exception),
no failure that names a secret property (the engine would print its value), and no reason that
quotes a secret value.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
from typing import Any

import pulumi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.runtime import rpc
from pulumi_partnerlink.dynamic import resource_props
from pulumi_partnerlink.registry import MODULES

from tests.provider.valid_inputs import VALID

SECRET = "feedface" * 8

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["", "AWS", "Sandbox", "30", "2099-01-31", "pma-abcdefghijklm", SECRET])
)
odd = st.sampled_from(
    [
        {1, 2},
        b"bytes",
        object(),
        dt.datetime(2030, 1, 1),
        dt.date(2031, 2, 3),
        dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc),
        {1: "int key"},
        (1, 2),
    ]
)
json_like = st.recursive(
    scalars | odd,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=10,
)


def _case(module: Any) -> tuple[Any, Any, Any, Any]:
    spec = module.SPEC
    args_cls = getattr(module, f"{spec.name}Args")
    resource_cls = getattr(module, spec.name)
    provider_cls = getattr(module, f"{spec.name}Provider")
    return spec, args_cls, resource_cls, provider_cls


def _inputs(spec: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Per input: its valid value, an arbitrary value, an Output of either, or left out."""
    valid = VALID[spec.name]
    per_prop = {}
    for prop in spec.props:
        good = valid.get(prop.name)
        choices = [json_like, st.just(good)] if good is not None else [json_like]
        per_prop[prop.name] = st.one_of(*choices, st.just("__absent__"))
    extra = st.dictionaries(st.sampled_from(["amazonid", "tagz", "bogus", "conection"]), json_like)
    return st.fixed_dictionaries(per_prop).flatmap(
        lambda d: extra.map(lambda e: {**{k: v for k, v in d.items() if v != "__absent__"}, **e})
    )


def _output_of(value: Any) -> Any:
    """An Output whose value is exactly ``value`` (``Output.from_input`` itself rejects dicts
    with non-string keys, before any code of ours runs)."""
    return pulumi.Output.from_input(None).apply(lambda _: value)


async def _roundtrip(
    spec: Any, args_cls: Any, resource_cls: Any, kwargs: dict[str, Any], wrap: bool
) -> dict[str, Any]:
    given_kwargs = {k: _output_of(v) if wrap else v for k, v in kwargs.items()}
    props, _ = resource_props(spec, args_cls, resource_cls, "fuzz", None, given_kwargs)
    struct = await rpc.serialize_properties(props, {})
    news: dict[str, Any] = rpc.deserialize_properties(struct, True)
    return news


def _assert_clean(spec: Any, provider_cls: Any, news: dict[str, Any]) -> None:
    result = provider_cls().check({}, news)  # never configured: an API call would fail loudly
    for failure in result.failures:
        assert isinstance(failure.property, str) and isinstance(failure.reason, str)
        assert failure.property not in spec.secrets, failure
        assert SECRET not in failure.reason, failure
    assert isinstance(result.inputs, dict)


@pytest.mark.parametrize("module", MODULES, ids=[m.SPEC.name for m in MODULES])
@settings(
    # 200 derandomised examples a resource in CI; `make soak` runs 2,000 with random seeds
    max_examples=int(os.environ.get("PARTNERLINK_FUZZ_EXAMPLES", "200")),
    deadline=None,
    derandomize=os.environ.get("PARTNERLINK_FUZZ_RANDOM") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_no_input_shape_raises(module: Any, data: st.DataObject) -> None:
    spec, args_cls, resource_cls, provider_cls = _case(module)
    kwargs = data.draw(_inputs(spec))
    wrap = data.draw(st.booleans())
    news = asyncio.run(_roundtrip(spec, args_cls, resource_cls, kwargs, wrap))
    _assert_clean(spec, provider_cls, news)


@pytest.mark.parametrize("module", MODULES, ids=[m.SPEC.name for m in MODULES])
def test_valid_inputs_check_clean_as_args_dicts_and_outputs(module: Any) -> None:
    """The same valid inputs as keyword arguments, as an Args object, as a dict, as Outputs."""
    spec, args_cls, resource_cls, provider_cls = _case(module)
    valid = VALID[spec.name]
    field_names = {f.name for f in dataclasses.fields(args_cls)}
    forms = {
        "kwargs": (None, valid),
        "args": (args_cls(**{k: v for k, v in valid.items() if k in field_names}), {}),
        "dict": (dict(valid), {}),
        "outputs": (None, None),  # built inside the event loop below
    }
    checked = {}
    for form, (args, kwargs) in forms.items():

        async def go(args: Any = args, kwargs: Any = kwargs) -> dict[str, Any]:
            if kwargs is None:
                kwargs = {k: pulumi.Output.from_input(v) for k, v in valid.items()}
            props, _ = resource_props(spec, args_cls, resource_cls, "r", args, kwargs)
            struct = await rpc.serialize_properties(props, {})
            news: dict[str, Any] = rpc.deserialize_properties(struct, True)
            return news

        news = asyncio.run(go())
        result = provider_cls().check({}, news)
        assert result.failures == [], (form, [(f.property, f.reason) for f in result.failures])
        checked[form] = {p.name: result.inputs.get(p.name) for p in spec.props}
    assert checked["kwargs"] == checked["args"] == checked["dict"] == checked["outputs"]
