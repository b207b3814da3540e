"""Provider configuration: every bad ``partnerlink:*`` setting is a clear error at preview that
names the key, with no API call and no traceback; good ones work (issue: config parity)."""

from __future__ import annotations

import json
from typing import Any

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


def pma_stack(engine: Engine, pma: dict[str, Any] | None = None, **config: Any) -> auto.Stack:
    """A stack of one ProgramManagementAccount (``pma``: its inputs) and more stack config."""
    inputs = json.dumps(pma if pma is not None else PMA)
    return engine.stack(
        PROGRAM,
        stack_name="config",
        config={"resource": "ProgramManagementAccount", "inputs": inputs, **config},
    )


BAD_SETTINGS = [
    ("partnerlink:endpont", "http://127.0.0.1:1", "did you mean partnerlink:endpoint?"),
    ("partnerlink:maxAttempt", "3", "did you mean partnerlink:maxAttempts?"),
    ("partnerlink:region", "us-east", "partnerlink:region must be an AWS region"),
    ("partnerlink:retryMode", "fast", "partnerlink:retryMode must be one of"),
    ("partnerlink:maxAttempts", "0", "partnerlink:maxAttempts must be a whole number"),
    ("partnerlink:maxAttempts", "three", "partnerlink:maxAttempts must be a whole number"),
    ("partnerlink:endpoint", "localhost:4599", "partnerlink:endpoint must be an http(s) URL"),
    ("partnerlink:catalog", "sandbox", "partnerlink:catalog must be AWS or Sandbox"),
    ("partnerlink:pacing", "yes", "partnerlink:pacing must be true or false"),
]


def test_a_bad_setting_fails_preview_naming_the_key_with_no_call(
    engine: Engine, aws: Emulator
) -> None:
    """Each bad setting in turn on one stack (the good value restored after each)."""
    stack = pma_stack(engine)
    good = stack.get_all_config()
    for key, value, says in BAD_SETTINGS:
        stack.set_config(key, auto.ConfigValue(value))
        with pytest.raises(auto.errors.CommandError) as err:
            stack.preview()
        text = str(err.value)
        assert says in text, (key, value, text)
        assert "Traceback" not in text
        if key in good:
            stack.set_config(key, good[key])
        else:
            stack.remove_config(key)
    assert aws.calls() == {}


def test_a_stack_wide_catalog_is_every_channel_resources_default(
    engine: Engine, aws: Emulator
) -> None:
    """``partnerlink:catalog: Sandbox`` once, not ``catalog="Sandbox"`` on every resource (one
    forgotten sends a real handshake to a real partner); a resource's own catalog still wins."""
    from tests.support.aws import client
    from tests.support.engine import assert_no_changes, change_counts

    stack = pma_stack(engine, **{"partnerlink:catalog": "Sandbox"})
    up = stack.up()
    pcc = client(aws, "partnercentral-channel")
    sandbox = pcc.list_program_management_accounts(catalog="Sandbox")["items"]
    assert [i["id"] for i in sandbox] == [up.outputs["program_management_account_id"].value]
    state = stack.export_stack().deployment["resources"]
    pmas = [r for r in state if r["type"].endswith(":ProgramManagementAccount")]
    assert [r["inputs"]["catalog"] for r in pmas] == ["Sandbox"]  # in state, as checked
    assert pcc.list_program_management_accounts(catalog="AWS")["items"] == []
    stack.refresh()
    assert_no_changes(stack)
    stack.set_config("inputs", auto.ConfigValue(json.dumps({**PMA, "catalog": "AWS"})))
    assert change_counts(stack.preview().change_summary) == {"same": 1, "replace": 1}


def test_good_settings_work(engine: Engine, aws: Emulator) -> None:
    stack = pma_stack(engine)
    for key, value in (
        ("partnerlink:retryMode", "adaptive"),
        ("partnerlink:maxAttempts", "7"),
        ("partnerlink:region", "eu-central-1"),
    ):
        stack.set_config(key, auto.ConfigValue(value))
    stack.up()
    assert aws.calls()["partnercentral-channel:CreateProgramManagementAccount"] == 1
    stack.destroy()


def tags_of(aws: Emulator, arn: str) -> dict[str, str]:
    from tests.support.aws import client

    tags = client(aws, "partnercentral-channel").list_tags_for_resource(resourceArn=arn)["tags"]
    return {t["key"]: t["value"] for t in tags}


def test_default_tags_merge_under_the_resource_tags_and_change_by_the_difference(
    engine: Engine, aws: Emulator
) -> None:
    from tests.support.engine import assert_no_changes, change_counts

    stack = pma_stack(engine, pma={**PMA, "tags": {"env": "prod"}})
    # as users set a map: `pulumi config set --path 'partnerlink:defaultTags.team' platform`;
    # a number typed that way is stored as a number, and means the text typed
    for key, value in (("team", "platform"), ("env", "dev"), ("costCenter", "1234")):
        stack.set_config(f"partnerlink:defaultTags.{key}", auto.ConfigValue(value), path=True)
    up = stack.up()
    arn = up.outputs["arn"].value
    tags = {"team": "platform", "env": "prod", "costCenter": "1234"}
    assert tags_of(aws, arn) == tags  # the resource's tag wins
    stack.refresh()
    assert_no_changes(stack)  # no perpetual diff

    stack.set_config("partnerlink:defaultTags.team", auto.ConfigValue("core"), path=True)
    preview = stack.preview()
    assert change_counts(preview.change_summary) == {"same": 1, "update": 1}  # stack, PMA
    before = aws.calls()
    stack.up()
    sent = {k: v - before.get(k, 0) for k, v in aws.calls().items() if v != before.get(k, 0)}
    assert sent.get("partnercentral-channel:TagResource") == 1  # team: platform -> core
    assert "partnercentral-channel:UntagResource" not in sent  # env stays (the resource's)
    assert "partnercentral-channel:CreateProgramManagementAccount" not in sent
    assert tags_of(aws, arn) == {**tags, "team": "core"}

    # drift of a default tag is found and repaired like any tag
    from tests.support.aws import client

    client(aws, "partnercentral-channel").tag_resource(
        resourceArn=arn, tags=[{"key": "team", "value": "someone-else"}]
    )
    stack.refresh()
    assert change_counts(stack.preview().change_summary) == {"same": 1, "update": 1}
    stack.up()
    assert tags_of(aws, arn) == {**tags, "team": "core"}
    stack.refresh()
    assert_no_changes(stack)


def test_default_tags_of_the_wrong_shape_fail_preview(engine: Engine, aws: Emulator) -> None:
    stack = pma_stack(engine, **{"partnerlink:defaultTags": json.dumps(["team"])})
    with pytest.raises(auto.errors.CommandError) as err:
        stack.preview()
    assert "partnerlink:defaultTags must be a map of strings" in str(err.value)
    assert aws.calls() == {}


ROLE_ACCOUNT = "222222222222"


def test_assume_role_makes_the_resource_in_the_role_account_and_no_credential_is_kept(
    engine: Engine, aws: Emulator
) -> None:
    from tests.support.aws import client

    stack = engine.stack(
        PROGRAM,
        stack_name="config",
        config={
            "resource": "ProgramManagementAccount",
            "inputs": json.dumps(PMA),
            "partnerlink:assumeRole": json.dumps(
                {
                    "roleArn": f"arn:aws:iam::{ROLE_ACCOUNT}:role/External-deploy",
                    "sessionName": "pulumi-ci",
                    "externalId": "expected-external-id",
                    "durationSeconds": 900,
                }
            ),
        },
    )
    up = stack.up()
    # once per provider process (the update and its read-after-create share it), not per call
    assert aws.calls()["sts:AssumeRole"] <= 2
    in_role = client(aws, "partnercentral-channel", ROLE_ACCOUNT)
    in_caller = client(aws, "partnercentral-channel")
    assert [
        p["displayName"] for p in in_role.list_program_management_accounts(catalog="AWS")["items"]
    ] == ["Config PMA"]
    assert in_caller.list_program_management_accounts(catalog="AWS")["items"] == []
    stack.refresh()
    from tests.support.engine import assert_no_changes

    assert_no_changes(stack)

    sessions = aws.admin("GET", "sts/sessions")["sessions"]
    assert sessions
    state = json.dumps(engine.export(stack)) + engine.cli(
        stack, "stack", "export", "--show-secrets"
    )
    output = up.stdout + up.stderr
    for s in sessions:
        for value in (s["secret"], s["token"]):
            assert value not in state and value not in output
    stack.destroy()
    assert in_role.list_program_management_accounts(catalog="AWS")["items"] == []


@pytest.mark.parametrize(
    "role,says",
    [
        (
            {"roleArn": f"arn:aws:iam::{ROLE_ACCOUNT}:role/Denied-deploy"},
            "partnerlink:assumeRole",
        ),
        ({"roleArn": f"arn:aws:iam::{ROLE_ACCOUNT}:role/External-x"}, "partnerlink:assumeRole"),
        ({"roleArn": "arn:aws:iam::12:role/x"}, "partnerlink:assumeRole.roleArn must be"),
        ({"rolearn": "x"}, "did you mean roleArn?"),
        ({"roleArn": f"arn:aws:iam::{ROLE_ACCOUNT}:role/x", "durationSeconds": 60}, "900"),
    ],
)
def test_a_role_that_cannot_be_assumed_is_a_clear_error_naming_the_setting(
    engine: Engine, aws: Emulator, role: dict[str, object], says: str
) -> None:
    stack = pma_stack(engine, **{"partnerlink:assumeRole": json.dumps(role)})
    with pytest.raises(auto.errors.CommandError) as err:
        stack.up()
    text = str(err.value)
    assert says in text and "Traceback" not in text, text
    assert "partnercentral-channel:CreateProgramManagementAccount" not in aws.calls()


SECRET_KEY = "partnerlink-static-secret-Zq9"


def test_static_credentials_work_as_secrets_and_never_appear(engine: Engine, aws: Emulator) -> None:
    from tests.support.aws import client

    stack = pma_stack(
        engine,
        **{
            "partnerlink:accessKey": auto.ConfigValue("444444444444", secret=True),
            "partnerlink:secretKey": auto.ConfigValue(SECRET_KEY, secret=True),
        },
    )
    up = stack.up()
    # the access key id is the emulator's account: the PMA was made with these credentials
    items = client(aws, "partnercentral-channel", "444444444444").list_program_management_accounts(
        catalog="AWS"
    )["items"]
    assert len(items) == 1
    preview = stack.preview()
    shown = up.stdout + up.stderr + preview.stdout + preview.stderr
    state = json.dumps(engine.export(stack))
    assert SECRET_KEY not in shown and SECRET_KEY not in state
    stack.destroy()


def test_static_credentials_in_plain_config_are_refused(engine: Engine, aws: Emulator) -> None:
    stack = pma_stack(
        engine,
        **{
            "partnerlink:accessKey": auto.ConfigValue("444444444444", secret=True),
            "partnerlink:secretKey": auto.ConfigValue(SECRET_KEY),  # plain: refused
        },
    )
    with pytest.raises(auto.errors.CommandError) as err:
        stack.preview()
    text = str(err.value)
    assert "partnerlink:secretKey is set in plain config" in text, text
    assert SECRET_KEY not in text and "Traceback" not in text
    assert aws.calls() == {}


def test_a_resource_connection_can_assume_a_role_of_its_own(engine: Engine, aws: Emulator) -> None:
    from tests.support.aws import client
    from tests.support.engine import assert_no_changes

    stack = engine.stack(
        PROGRAM,
        stack_name="config",
        config={
            "resource": "ProgramManagementAccount",
            "style": "args",
            "inputs": json.dumps(
                {
                    **PMA,
                    "connection": {
                        "role_arn": f"arn:aws:iam::{ROLE_ACCOUNT}:role/External-partner",
                        "external_id": "expected-external-id",
                        "session_name": "per-resource",
                    },
                }
            ),
        },
    )
    stack.up()
    in_role = client(aws, "partnercentral-channel", ROLE_ACCOUNT)
    assert len(in_role.list_program_management_accounts(catalog="AWS")["items"]) == 1
    assert (
        client(aws, "partnercentral-channel").list_program_management_accounts(catalog="AWS")[
            "items"
        ]
        == []
    )
    stack.refresh()
    assert_no_changes(stack)
    stack.destroy()
    assert in_role.list_program_management_accounts(catalog="AWS")["items"] == []


def test_a_bad_connection_role_fails_preview(engine: Engine, aws: Emulator) -> None:
    stack = pma_stack(engine, pma={**PMA, "connection": {"role_arn": "role/deploy"}})
    with pytest.raises(auto.errors.CommandError) as err:
        stack.preview()
    assert "connection.role_arn must be an IAM role ARN" in str(err.value), str(err.value)
    assert aws.calls() == {}
