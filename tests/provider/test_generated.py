"""The typed surface checked in under ``_generated/`` is what ``scripts/gen-python`` makes from
the specs now, and it is the API the resource modules had; the native SDK (Pulumi's generator,
``sdk/python``) has a class per schema resource, with snake_case outputs and secrets."""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import subprocess
import sys

import pulumi_partnerlink_native as sdk
from pulumi_partnerlink import ChannelHandshakeArgs, StartServicePeriodArgs
from pulumi_partnerlink.native.schema import schema
from pulumi_partnerlink.registry import MODULES

from tests.support.engine import ROOT


def test_checked_in_output_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen-python"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_input_is_a_typed_keyword_of_its_args_and_argsdict() -> None:
    for module in MODULES:
        spec = module.SPEC
        args = getattr(module, f"{spec.name}Args")
        argsdict = getattr(module, f"{spec.name}ArgsDict")
        names = {p.name for p in spec.props}
        assert {f.name for f in dataclasses.fields(args)} == names
        assert set(argsdict.__annotations__) == names
        # Required inputs come first, without a default, as positional arguments had them.
        required = [p.name for p in spec.props if p.required and p.default is None]
        params = list(inspect.signature(args).parameters)
        assert params[: len(required)] == required


def test_the_generated_hints_are_the_hand_written_ones() -> None:
    hints = {f.name: str(f.type) for f in dataclasses.fields(ChannelHandshakeArgs)}
    assert hints["catalog"] == "pulumi.Input[str]"
    assert hints["adopt"] == "bool"
    assert hints["start_service_period"] == (
        "pulumi.Input[StartServicePeriodArgs | StartServicePeriodArgsDict] | None"
    )
    payload = {f.name: str(f.type) for f in dataclasses.fields(StartServicePeriodArgs)}
    assert payload["minimum_notice_days"] == "pulumi.Input[str | int] | None"
    assert payload["end_date"] == "pulumi.Input[Any] | None"


def test_resource_classes_declare_their_outputs() -> None:
    # Their own annotations and those of the shared groups they inherit (``shared.py``).
    for module in MODULES:
        cls = getattr(module, module.SPEC.name)
        declared = {
            k
            for klass in cls.__mro__
            for k, v in vars(klass).get("__annotations__", {}).items()
            if "Output" in str(v)
        }
        assert declared == {o.name for o in module.SPEC.outputs}


def test_the_bases_give_each_class_its_spec_token_and_outputs() -> None:
    # What the generated classes no longer write themselves: the dynamic type token (in every
    # stack's state) and spec name; the native outputs (from the annotations) and secrets.
    for module in MODULES:
        cls = getattr(module, module.SPEC.name)
        assert cls._spec_name == module.SPEC.name
        assert cls._resource_type_name == f"dynamic/partnerlink:{module.SPEC.name}"
    for token, res in schema()["resources"].items():
        native = getattr(sdk, token.rsplit(":", 1)[-1])
        outputs = {n for n, v in vars(native).items() if isinstance(v, property)}
        assert outputs == {snake(k) for k in res["properties"]}, token


# A program of the native SDK under Pulumi's mocks, in its own process (the mocks are global).
NATIVE_PROGRAM = """
import asyncio, json
import pulumi

seen = {}


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        seen[args.name] = [args.typ, sorted(args.inputs)]
        return f"{args.name}-id", {**args.inputs, "partnerAccountId": "p-1"}

    def call(self, args):
        return {}


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
pulumi.runtime.set_mocks(Mocks(), preview=False)
import pulumi_partnerlink_native as sdk


async def main():
    s = sdk.SidewalkPartnerAccount("s", amazon_id="a", app_server_private_key="k" * 64)
    p = sdk.Provider("p", region="us-east-1", default_tags={"team": "x"})
    await p.id.future()  # registered (the mocks saw it) before `seen` is read
    return {
        "secret": await s.app_server_private_key.is_secret(),
        "partnerAccountId": await s.partner_account_id.future(),
        "registered": seen,
    }


print(json.dumps(loop.run_until_complete(main())))
"""


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_a_native_sdk_resource_registers_its_token_secrets_and_outputs() -> None:
    done = subprocess.run(
        [sys.executable, "-c", NATIVE_PROGRAM], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["secret"] is True
    assert got["partnerAccountId"] == "p-1"  # a declared output, read back
    assert got["registered"] == {
        "s": ["partnerlink:index:SidewalkPartnerAccount", ["amazonId", "appServerPrivateKey"]],
        "p": ["pulumi:providers:partnerlink", ["defaultTags", "region"]],
    }
