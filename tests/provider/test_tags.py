"""Tag reconciliation sends only the difference (property-based)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pulumi_partnerlink import tags

tag_maps = st.dictionaries(st.text(min_size=1, max_size=5), st.text(max_size=5), max_size=8)


@given(tag_maps, tag_maps)
def test_difference_turns_current_into_desired(
    current: dict[str, str], desired: dict[str, str]
) -> None:
    to_set, to_remove = tags.difference(current, desired)
    result = {k: v for k, v in current.items() if k not in to_remove} | to_set
    assert result == desired
    # Nothing redundant: every key set actually changes, every key removed is really gone.
    assert all(current.get(k) != v for k, v in to_set.items())
    assert all(k in current and k not in desired for k in to_remove)


def test_wire_round_trip() -> None:
    wire = tags.to_wire({"b": "2", "a": "1"}, key="key", value="value")
    assert wire == [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]
    assert tags.from_wire(wire, key="key", value="value") == {"a": "1", "b": "2"}
