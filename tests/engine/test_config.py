"""Provider configuration: every bad ``partnerlink:*`` setting is a clear error at preview that
names the key, with no API call and no traceback; good ones work (issue: config parity)."""

from __future__ import annotations

import json

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import PROGRAM
from tests.support.engine import Engine

PMA = {
    "program": "SOLUTION_PROVIDER",
    "display_name": "Config PMA",
    "account_id": "333333333333",
}


@pytest.mark.parametrize(
    "key,value,says",
    [
        ("partnerlink:endpont", "http://127.0.0.1:1", "did you mean partnerlink:endpoint?"),
        ("partnerlink:maxAttempt", "3", "did you mean partnerlink:maxAttempts?"),
        ("partnerlink:region", "us-east", "partnerlink:region must be an AWS region"),
        ("partnerlink:retryMode", "fast", "partnerlink:retryMode must be one of"),
        ("partnerlink:maxAttempts", "0", "partnerlink:maxAttempts must be a whole number"),
        ("partnerlink:maxAttempts", "three", "partnerlink:maxAttempts must be a whole number"),
        ("partnerlink:endpoint", "localhost:4599", "partnerlink:endpoint must be an http(s) URL"),
    ],
)
def test_a_bad_setting_fails_preview_naming_the_key_with_no_call(
    engine: Engine, aws: Emulator, key: str, value: str, says: str
) -> None:
    stack = engine.stack(
        PROGRAM,
        stack_name="config",
        config={"resource": "ProgramManagementAccount", "inputs": json.dumps(PMA)},
    )
    stack.set_config(key, auto.ConfigValue(value))
    with pytest.raises(auto.errors.CommandError) as err:
        stack.preview()
    text = str(err.value)
    assert says in text, text
    assert "Traceback" not in text
    assert aws.calls() == {}


def test_good_settings_work(engine: Engine, aws: Emulator) -> None:
    stack = engine.stack(
        PROGRAM,
        stack_name="config",
        config={"resource": "ProgramManagementAccount", "inputs": json.dumps(PMA)},
    )
    for key, value in (
        ("partnerlink:retryMode", "adaptive"),
        ("partnerlink:maxAttempts", "7"),
        ("partnerlink:region", "eu-central-1"),
    ):
        stack.set_config(key, auto.ConfigValue(value))
    stack.up()
    assert aws.calls()["partnercentral-channel:CreateProgramManagementAccount"] == 1
    stack.destroy()
