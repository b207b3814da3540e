"""Model-driven fuzzing of the emulator over HTTP (hypothesis).

Requests are generated from botocore's shapes for every operation of both served models:
valid ones, ones with one member mutated out of its constraints, and raw garbage (methods,
paths, headers, bodies), plus garbage for the admin API. Properties: never a 5xx other than a
modeled InternalServerException (or 501 ``NotImplemented`` for an operation the emulator does
not serve), always a body botocore parses into a modeled error, and the server healthy after.

Bounded in CI (``PARTNERLINK_FUZZ_EXAMPLES``, default 120 per test: a few hundred requests in
all); ``make soak`` runs it with many more.
"""

from __future__ import annotations

import http.client
import json
import os
import re
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import OperationModel, Shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi_partnerlink.emulator import Emulator, iotwireless, partnercentral_channel, sts

EXAMPLES = int(os.environ.get("PARTNERLINK_FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("PARTNERLINK_FUZZ_RANDOM") != "1",
    database=None,
    suppress_health_check=list(HealthCheck),
)
SERVICES = {
    "iotwireless": iotwireless,
    "partnercentral-channel": partnercentral_channel,
    "sts": sts,
}
MODELS = {
    name: boto3.session.Session().client(name, region_name="us-east-1").meta.service_model
    for name in SERVICES
}
OPERATIONS = [(svc, op) for svc, model in MODELS.items() for op in model.operation_names]
PROTOCOL_ERRORS = {
    "SerializationException",
    "UnknownOperationException",
    "NotImplemented",
    "InvalidAction",  # the query protocol's unknown operation
    "ValidationError",  # the query protocol's validation failure
    "AccessDenied",  # STS's refusal (the emulator denies roles named Denied*)
}


def implemented(service: str, op: str) -> bool:
    return hasattr(SERVICES[service], xform_name(op))


# ---------------------------------------------------------------------- strategies from shapes


def _pattern(shape: Shape) -> st.SearchStrategy[str] | None:
    pattern = shape.metadata.get("pattern")
    if not pattern:
        return None
    try:
        re.compile(pattern)
    except re.error:
        return None
    return st.from_regex(pattern, fullmatch=True)


def valid(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values that satisfy the shape's constraints (as far as a regex strategy can)."""
    kind, meta = shape.type_name, shape.metadata
    if kind == "structure":
        members = dict(shape.members)
        required = {m: valid(members[m], depth + 1) for m in shape.required_members}
        optional = (
            {m: valid(s, depth + 1) for m, s in members.items() if m not in required}
            if depth < 3
            else {}
        )
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "list":
        lo = int(meta.get("min", 0))
        return st.lists(valid(shape.member, depth + 1), min_size=lo, max_size=max(lo, 3))
    if kind == "map":
        return st.dictionaries(
            valid(shape.key, depth + 1), valid(shape.value, depth + 1), max_size=3
        )
    if kind == "string":
        if shape.enum:
            return st.sampled_from(shape.enum)
        lo, hi = int(meta.get("min", 0)), int(meta.get("max", 64))
        pattern = _pattern(shape)
        base = pattern if pattern is not None else st.text(min_size=lo, max_size=min(hi, 64))
        return base.filter(lambda s: lo <= len(s) <= hi)
    if kind in ("integer", "long"):
        return st.integers(int(meta.get("min", -(2**31))), int(meta.get("max", 2**31 - 1)))
    if kind in ("float", "double"):
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.datetimes()
    if kind == "blob":
        return st.binary(max_size=32)
    return st.none()


ODD = st.one_of(
    st.sampled_from([1e300, -1e300, 1e20, 3e11, -1, 0, "", "9999-12-31T23:59:60Z", "%", "../x"]),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=300),
    st.text(min_size=2000, max_size=3000),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@st.composite
def mutated(draw: st.DrawFn, op: OperationModel) -> dict[str, Any]:
    """A valid request with one member, at any depth, replaced by anything or dropped."""
    shape = op.input_shape
    params: dict[str, Any] = draw(valid(shape)) if shape is not None else {}
    if shape is None or not shape.members:
        return params
    node, node_shape = params, shape
    while True:  # walk down into a nested structure now and then
        member = draw(st.sampled_from(sorted(node_shape.members)))
        child = node_shape.members[member]
        if (
            child.type_name == "structure"
            and child.members
            and isinstance(node.get(member), dict)
            and draw(st.booleans())
        ):
            node, node_shape = node[member], child
            continue
        break
    if member in node and draw(st.booleans()):
        del node[member]
    else:
        node[member] = draw(ODD)
    return params


# ---------------------------------------------------------------------- properties


def clients(emu: Emulator) -> dict[str, Any]:
    return {
        svc: boto3.client(
            svc,
            endpoint_url=emu.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="111111111111",
            aws_secret_access_key="x",
            config=Config(
                parameter_validation=False,
                retries={"total_max_attempts": 1},
                read_timeout=30,
            ),
        )
        for svc in SERVICES
    }


def assert_modeled(service: str, op: str, err: ClientError) -> None:
    response = err.response
    status = response["ResponseMetadata"]["HTTPStatusCode"]
    code = response["Error"].get("Code")
    modeled = {s.name for s in MODELS[service].error_shapes} | PROTOCOL_ERRORS
    assert code in modeled, (op, status, response)
    assert response["Error"].get("Message"), (op, response)
    if status >= 500:
        assert (status, code) == (500, "InternalServerException") or (
            (status, code) == (501, "NotImplemented") and not implemented(service, op)
        ), (op, status, response)
    if code == "InternalServerException":  # only by a fault we injected, never by input
        raise AssertionError((op, "a request made the emulator fail", response))


def call(api: Any, service: str, op: str, params: dict[str, Any]) -> None:
    try:
        getattr(api, xform_name(op))(**params)
    except ClientError as err:
        assert_modeled(service, op, err)
    except (TypeError, ValueError, AttributeError, OverflowError, KeyError):
        return  # botocore could not serialise the mutated value at all: nothing was sent


@pytest.fixture(scope="module")
def fuzz_emulator() -> Any:
    with Emulator() as emu:
        yield emu, clients(emu)
        assert emu.admin("GET", "health")["status"] == "ok"


@FUZZ
@given(data=st.data())
def test_valid_requests_of_every_operation(fuzz_emulator: Any, data: st.DataObject) -> None:
    _emu, apis = fuzz_emulator
    service, op = data.draw(st.sampled_from(OPERATIONS))
    model = MODELS[service].operation_model(op)
    params = data.draw(valid(model.input_shape)) if model.input_shape is not None else {}
    call(apis[service], service, op, params)


@FUZZ
@given(data=st.data())
def test_one_member_out_of_its_constraints(fuzz_emulator: Any, data: st.DataObject) -> None:
    _emu, apis = fuzz_emulator
    service, op = data.draw(st.sampled_from(OPERATIONS))
    params = data.draw(mutated(MODELS[service].operation_model(op)))
    call(apis[service], service, op, params)


def send(emu: Emulator, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
    conn = http.client.HTTPConnection(emu.host, emu.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=0, max_size=60
)
TARGETS = st.one_of(
    HEADER_TEXT,
    st.sampled_from(sorted(MODELS["partnercentral-channel"].operation_names)).map(
        lambda op: f"PartnerCentralChannel.{op}"
    ),
)
PATHS = st.one_of(
    st.sampled_from(
        ["/", "/partner-accounts", "/partner-accounts/x", "/tags", "/x/%2F/..", "//", "/%ZZ"]
    ),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=40).map(
        lambda p: "/" + p.replace("#", "").replace("?", "")
    ),
)
BODIES = st.one_of(
    st.binary(max_size=200),
    st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(1, 200_000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=10,
    ).map(lambda v: json.dumps(v).encode()),
)


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
    path=PATHS,
    target=st.none() | TARGETS,
    content_type=st.sampled_from(
        ["application/x-amz-json-1.0", "application/json", "text/plain", ""]
    ),
    auth=st.none() | HEADER_TEXT,
    body=BODIES,
)
def test_garbage_requests_get_a_modeled_error(
    fuzz_emulator: Any,
    method: str,
    path: str,
    target: str | None,
    content_type: str,
    auth: str | None,
    body: bytes,
) -> None:
    emu, _ = fuzz_emulator
    if path.lstrip("/").startswith("_emulator"):
        path = "/x" + path  # the admin API: its own test below
    headers = {"Content-Type": content_type} if content_type else {}
    if target is not None:
        headers["X-Amz-Target"] = target
    if auth is not None:
        headers["Authorization"] = auth
    status, data = send(emu, method, path, headers, body)
    assert status < 500 or status == 501, (status, data[:300])
    if method == "HEAD" or status in (200, 204):
        return
    doc = json.loads(data)
    assert doc["__type"] and (doc.get("message") or doc.get("Message")), doc


ADMIN_FIELDS = [
    "operation",
    "fault",
    "times",
    "rate",
    "delay_ms",
    "advance_seconds",
    "amazon_id",
    "linked",
    "account",
    "region",
    "profile",
    "reset",
    "list_lag",
    "omit",
    "page_cap",
    "sender_listing",
    "unique_pma",
]
ADMIN_BODIES = st.one_of(
    BODIES,
    st.dictionaries(st.sampled_from(ADMIN_FIELDS), ODD | st.sampled_from(["*", "delay"])).map(
        lambda d: json.dumps(d).encode()
    ),
)


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT"]),
    route=st.sampled_from(
        [
            "health",
            "calls",
            "reset",
            "faults",
            "clock",
            "iotwireless/account-linked",
            "behaviour",
            "nope",
        ]
    ),
    content_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded", ""]),
    body=ADMIN_BODIES,
)
def test_garbage_admin_requests_get_a_json_error(
    fuzz_emulator: Any, method: str, route: str, content_type: str, body: bytes
) -> None:
    emu, _ = fuzz_emulator
    if route == "reset":
        return  # would clear the module's state: covered by test_server
    headers = {"Content-Type": content_type} if content_type else {}
    status, data = send(emu, method, f"/_emulator/{route}", headers, body)
    assert status < 500, (status, data[:300])
    doc = json.loads(data)
    assert status == 200 or doc.get("error"), doc
    if route == "faults" and status == 200:
        emu.admin("DELETE", "faults")  # a valid fault would disturb the other examples
    if route == "behaviour" and status == 200:
        emu.admin("POST", "behaviour", {"reset": True})  # so would a behaviour
