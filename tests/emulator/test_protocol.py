"""Protocol round-trips over every operation of both models, with botocore as the oracle.

Requests: botocore serializes generated input -> the emulator's parser must give it back.
Responses: the emulator serializes generated output -> botocore's parser must give it back.
Errors: every modeled error shape parses back to its code, message and fields.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from urllib.parse import urlsplit

import botocore.session
import pytest
from botocore.model import OperationModel, Shape
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from pulumi_partnerlink.emulator.errors import ServiceError
from pulumi_partnerlink.emulator.protocol import ServiceProtocol
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

SESSION = botocore.session.get_session()
SERVICES = ["iotwireless", "partnercentral-channel"]
PROTOCOLS = {s: ServiceProtocol(SESSION.get_service_model(s)) for s in SERVICES}
WHEN = dt.datetime(2026, 11, 23, 8, 30, 15, tzinfo=dt.timezone.utc)


def generate(shape: Shape, depth: int = 0, label: bool = False) -> Any:
    """A value for every member (first member of a union), honouring enums and min lengths."""
    kind = shape.type_name
    if kind == "structure":
        if depth > 6:
            return {}
        members = list(shape.members.items())
        if shape.metadata.get("union"):
            members = members[:1]
        return {
            name: generate(m, depth + 1, label=m.serialization.get("location") == "uri")
            for name, m in members
            if not m.metadata.get("jsonvalue") and m.serialization.get("location") != "statusCode"
        }
    if kind == "list":
        return [generate(shape.member, depth + 1)] * max(1, shape.metadata.get("min", 1))
    if kind == "map":
        return {"k1": generate(shape.value, depth + 1)}
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        return "v" * max(1, shape.metadata.get("min", 1)) if not label else "id-1"
    if kind in ("integer", "long"):
        return max(1, shape.metadata.get("min", 1))
    if kind in ("float", "double"):
        return 1.5
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return WHEN
    if kind == "blob":
        return b"blob-data"
    return None


def _ops(service: str) -> list[Any]:
    model = SESSION.get_service_model(service)
    return [pytest.param(service, name, id=f"{service}-{name}") for name in model.operation_names]


ALL_OPS = _ops("iotwireless") + _ops("partnercentral-channel")


def _streaming(shape: Shape | None) -> bool:
    if shape is None:
        return False
    payload = shape.serialization.get("payload")
    return bool(payload and shape.members[payload].type_name == "blob")


@pytest.mark.parametrize(("service", "operation"), ALL_OPS)
def test_request_round_trip(service: str, operation: str) -> None:
    proto = PROTOCOLS[service]
    op: OperationModel = proto.model.operation_model(operation)
    params = generate(op.input_shape) if op.input_shape is not None else {}
    wire = create_serializer(proto.model.protocol).serialize_to_request(params, op)
    url = urlsplit(wire["url_path"])
    body = wire["body"] if isinstance(wire["body"], bytes) else str(wire["body"]).encode()
    environ = EnvironBuilder(
        method=wire["method"],
        path=url.path,
        query_string=wire["query_string"] or url.query or None,
        headers=dict(wire["headers"]),
        input_stream=io.BytesIO(body),
    ).get_environ()
    request = Request(environ)
    query = {k: request.args.getlist(k) for k in request.args}
    found, labels = proto.operation_for(
        request.method, request.path, query, request.headers.get("X-Amz-Target")
    )
    assert found.name == operation
    parsed = proto.parse(found, labels, query, dict(request.headers), request.get_data())
    assert parsed == params


@pytest.mark.parametrize(("service", "operation"), ALL_OPS)
def test_response_round_trip(service: str, operation: str) -> None:
    proto = PROTOCOLS[service]
    op = proto.model.operation_model(operation)
    if _streaming(op.output_shape):
        pytest.skip("streaming blob payload: not served by these APIs' emulated operations")
    result = generate(op.output_shape) if op.output_shape is not None else {}
    status, headers, body = proto.serialize(op, result)
    parsed = create_parser(proto.model.protocol).parse(
        {"status_code": status, "headers": headers, "body": body}, op.output_shape
    )
    parsed.pop("ResponseMetadata", None)
    assert parsed == result


def _errors(service: str) -> list[Any]:
    model = SESSION.get_service_model(service)
    return [pytest.param(service, e.name, id=f"{service}-{e.name}") for e in model.error_shapes]


@pytest.mark.parametrize(
    ("service", "code"), _errors("iotwireless") + _errors("partnercentral-channel")
)
def test_error_round_trip(service: str, code: str) -> None:
    proto = PROTOCOLS[service]
    shape = proto.error_shapes[code]
    fields = {
        k: "x"
        for k, m in shape.members.items()
        if k.lower() != "message" and m.type_name == "string"
    }
    status, headers, body = proto.serialize_error(ServiceError(code, "it went wrong", **fields))
    default = 500 if code == "InternalServerException" else 400  # a server fault is a 5xx
    expected_status = (shape.metadata.get("error") or {}).get("httpStatusCode", default)
    assert status == expected_status
    op = proto.model.operation_model(proto.model.operation_names[0])
    parsed = create_parser(proto.model.protocol).parse(
        {"status_code": status, "headers": headers, "body": body}, op.output_shape
    )
    assert parsed["Error"]["Code"] == code
    assert parsed["Error"]["Message"] == "it went wrong"
    # As botocore's endpoint does: modeled fields come from a second parse with the error shape.
    error_shape = proto.model.shape_for_error_code(parsed["Error"]["Code"])
    parsed.update(
        create_parser(proto.model.protocol).parse(
            {"status_code": status, "headers": headers, "body": body}, error_shape
        )
    )
    for key in fields:
        assert parsed[key] == "x"
