"""Assertion helpers for emulator tests: one shape for every negative case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError


def error_of(
    call: Callable[..., Any], *args: Any, **kwargs: Any
) -> tuple[str, str, int, dict[str, Any]]:
    """(code, message, HTTP status, full response) of a call that must fail."""
    with pytest.raises(ClientError) as info:
        call(*args, **kwargs)
    resp = info.value.response
    return (
        resp["Error"]["Code"],
        resp["Error"]["Message"],
        resp["ResponseMetadata"]["HTTPStatusCode"],
        resp,
    )
