"""One generic parser and serializer per protocol, driven by botocore's service models.

- ``rest-json`` (iotwireless): routes are built from every operation's ``requestUri`` and
  method; members come from the URI, the query string, headers or the JSON body as the model
  places them; the response status is the operation's ``responseCode`` (e.g. 204).
- ``json`` 1.0 (partnercentral-channel): the operation is named by
  ``X-Amz-Target: <targetPrefix>.<Operation>``; input and output are the JSON body.
- ``query`` (sts): a form (``Action=<Operation>&Version=...&Member.Sub=...``, lists as
  ``Member.member.N``) in the body or the query string; answers and errors are XML.

Handlers see plain dicts keyed by the model's member names, with timestamps as aware
``datetime`` and blobs as ``bytes`` (the conversions live in ``wire``). Nothing here knows an
operation by name.
"""

from __future__ import annotations

import binascii
import functools
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import unquote
from xml.sax.saxutils import escape

from botocore.model import ListShape, OperationModel, ServiceModel, StructureShape

from .errors import BadRequest, NotImplementedOperation, ServiceError
from .wire import from_json, from_query, header_value, scalar, to_json, to_xml

__all__ = ["JSON_CONTENT", "BadRequest", "Route", "ServiceProtocol"]

JSON_CONTENT = {"json": "application/x-amz-json-1.0", "rest-json": "application/json"}


@dataclass
class Route:
    method: str
    regex: re.Pattern[str]
    literal_query: dict[str, str | None]
    operation: OperationModel
    specificity: tuple[int, int, int]


_S = TypeVar("_S")
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _readable(
    parse: Callable[Concatenate[_S, OperationModel, _P], _R],
) -> Callable[Concatenate[_S, OperationModel, _P], _R]:
    """Anything in a request that does not fit the model is a BadRequest, never a crash."""

    @functools.wraps(parse)
    def run(self: _S, op: OperationModel, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return parse(self, op, *args, **kwargs)
        except BadRequest:
            raise
        except (ValueError, TypeError, OverflowError, RecursionError, binascii.Error) as exc:
            raise BadRequest(f"cannot read the request as {op.name}: {_reason(exc)}") from None

    return run


@dataclass
class ServiceProtocol:
    """Parses requests to and serializes responses from one service model."""

    model: ServiceModel
    routes: list[Route] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.protocol = self.model.protocol
        self.error_shapes: dict[str, StructureShape] = {
            s.name: s for s in self.model.error_shapes if isinstance(s, StructureShape)
        }
        if self.protocol == "rest-json":
            self.routes = sorted(
                (self._route(self.model.operation_model(n)) for n in self.model.operation_names),
                key=lambda r: r.specificity,
                reverse=True,
            )
        elif self.protocol not in ("json", "query"):
            raise ValueError(f"unsupported protocol {self.protocol}")

    # ------------------------------------------------------------------ routing

    @staticmethod
    def _route(op: OperationModel) -> Route:
        uri = op.http["requestUri"]
        path, _, query = uri.partition("?")
        pattern = ""
        literals = 0
        for part in re.split(r"(\{[^}]+\})", path):
            if part.startswith("{"):
                name = part[1:-1]
                greedy = name.endswith("+")
                name = name.rstrip("+")
                pattern += f"(?P<{_group(name)}>{'.+' if greedy else '[^/]+'})"
            else:
                pattern += re.escape(part)
                literals += len(part)
        literal_query: dict[str, str | None] = {}
        for item in filter(None, query.split("&")):
            key, eq, value = item.partition("=")
            literal_query[key] = value if eq else None
        return Route(
            method=op.http["method"],
            regex=re.compile(f"^{pattern}/?$"),
            literal_query=literal_query,
            operation=op,
            specificity=(len(literal_query), literals, -path.count("{")),
        )

    def operation_for(
        self, method: str, path: str, query: dict[str, list[str]], target: str | None
    ) -> tuple[OperationModel, dict[str, str]]:
        if self.protocol == "query":
            action = (query.get("Action") or [""])[0]
            if action not in self.model.operation_names:
                raise ServiceError("InvalidAction", f"Could not find operation {action[:60]!r}")
            return self.model.operation_model(action), {}
        if self.protocol == "json":
            prefix = self.model.metadata["targetPrefix"] + "."
            if not target or not target.startswith(prefix):
                raise BadRequest(f"missing or foreign X-Amz-Target: {target!r}")
            name = target[len(prefix) :]
            if name not in self.model.operation_names:
                raise ServiceError("UnknownOperationException", f"Unknown operation {name}")
            return self.model.operation_model(name), {}
        for route in self.routes:
            if route.method != method:
                continue
            m = route.regex.match(path)
            if not m:
                continue
            if any(
                k not in query or (v is not None and v not in query[k])
                for k, v in route.literal_query.items()
            ):
                continue
            labels = {_ungroup(k): unquote(v) for k, v in m.groupdict().items()}
            return route.operation, labels
        raise BadRequest(f"no {self.model.service_name} operation matches {method} {path}")

    # ------------------------------------------------------------------ requests

    @_readable
    def parse(
        self,
        op: OperationModel,
        labels: dict[str, str],
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> dict[str, Any]:
        """The request's members; anything that does not fit the model is a BadRequest."""
        shape = op.input_shape
        if shape is None:
            return {}
        if self.protocol == "query":
            parsed_form: dict[str, Any] = from_query(shape, "", query)
            return parsed_form
        payload = shape.serialization.get("payload")
        raw_payload = payload is not None and shape.members[payload].type_name != "structure"
        doc = {} if raw_payload else _json_object(body)
        if self.protocol == "json":
            parsed: dict[str, Any] = from_json(shape, doc)
            return parsed
        params: dict[str, Any] = {}
        lower_headers = {k.lower(): v for k, v in headers.items()}
        for name, member in shape.members.items():
            loc = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if loc == "uri":
                if wire in labels:
                    params[name] = scalar(member, labels[wire])
            elif loc == "querystring":
                if isinstance(member, ListShape):
                    if wire in query:
                        params[name] = [scalar(member.member, v) for v in query[wire]]
                elif member.type_name == "map":
                    taken = {m.serialization.get("name") for m in shape.members.values()}
                    params[name] = {k: v[0] for k, v in query.items() if k not in taken}
                elif wire in query:
                    params[name] = scalar(member, query[wire][0])
            elif loc == "header":
                if wire.lower() in lower_headers:
                    params[name] = scalar(member, lower_headers[wire.lower()])
            elif loc == "headers":
                prefix = wire.lower()
                params[name] = {
                    k[len(prefix) :]: v for k, v in lower_headers.items() if k.startswith(prefix)
                }
            elif name == payload:
                if member.type_name == "structure":
                    params[name] = from_json(member, doc)
                else:
                    params[name] = body
            elif not payload and wire in doc and doc[wire] is not None:
                params[name] = from_json(member, doc[wire])
        return params

    # ------------------------------------------------------------------ responses

    def serialize(
        self, op: OperationModel, result: dict[str, Any]
    ) -> tuple[int, dict[str, str], bytes]:
        shape = op.output_shape
        if self.protocol == "query":
            result_xml = to_xml(shape, result) if shape is not None else ""
            wrapper = (shape.serialization.get("resultWrapper") if shape else None) or ""
            inner = f"<{wrapper}>{result_xml}</{wrapper}>" if wrapper else result_xml
            ns = f"https://{self.model.endpoint_prefix}.amazonaws.com/doc/{self.model.api_version}/"
            xml = (
                f'<{op.name}Response xmlns="{ns}">{inner}'
                f"<ResponseMetadata><RequestId>{_request_id()}</RequestId></ResponseMetadata>"
                f"</{op.name}Response>"
            )
            return 200, {"Content-Type": "text/xml"}, xml.encode()
        headers = {"Content-Type": JSON_CONTENT[self.protocol], "x-amzn-RequestId": _request_id()}
        if self.protocol == "json":
            body = to_json(shape, result) if shape is not None else {}
            return 200, headers, json.dumps(body).encode()
        status = int(op.http.get("responseCode", 200))
        doc: dict[str, Any] = {}
        if shape is not None:
            for name, member in shape.members.items():
                value = result.get(name)
                if value is None:
                    continue
                loc = member.serialization.get("location")
                wire = member.serialization.get("name", name)
                if loc == "header":
                    headers[wire] = header_value(member, value)
                elif loc == "headers":
                    headers.update({wire + k: str(v) for k, v in value.items()})
                elif loc == "statusCode":
                    status = int(value)
                else:
                    doc[wire] = to_json(member, value)
        body = b"" if status == 204 else json.dumps(doc).encode()
        return status, headers, body

    def serialize_error(self, err: ServiceError) -> tuple[int, dict[str, str], bytes]:
        shape = self.error_shapes.get(err.code)
        status = getattr(err, "status", None)
        if shape is not None:
            # A model without a status for it (partnercentral's) still answers a server fault
            # with 500, as AWS does, so SDK retries treat it as transient.
            default = 500 if err.code == "InternalServerException" else 400
            status = (shape.metadata.get("error") or {}).get("httpStatusCode", default)
        status = status or 400
        if self.protocol == "query":
            if err.code == "ValidationException":  # the query protocol's spelling
                err = ServiceError("ValidationError", err.message)
            status = getattr(err, "status", None) or QUERY_STATUS.get(err.code, 400)
            kind = "Receiver" if status >= 500 else "Sender"
            xml = (
                f"<ErrorResponse><Error><Type>{kind}</Type><Code>{escape(err.code)}</Code>"
                f"<Message>{escape(err.message)}</Message></Error>"
                f"<RequestId>{_request_id()}</RequestId></ErrorResponse>"
            )
            return int(status), {"Content-Type": "text/xml"}, xml.encode()
        message_key = "message"
        if shape is not None:
            message_key = next((m for m in shape.members if m.lower() == "message"), "message")
        doc: dict[str, Any] = {"__type": err.code, message_key: err.message}
        for key, value in err.fields.items():
            member = shape.members.get(key) if isinstance(shape, StructureShape) else None
            doc[key] = to_json(member, value) if member is not None else value
        headers = {
            "Content-Type": JSON_CONTENT[self.protocol],
            "X-Amzn-ErrorType": err.code,
            "x-amzn-RequestId": _request_id(),
        }
        return int(status), headers, json.dumps(doc).encode()

    def not_implemented(self, op: OperationModel) -> NotImplementedOperation:
        return NotImplementedOperation(self.model.service_name, op.name)


# ---------------------------------------------------------------------- helpers


def _json_object(body: bytes) -> dict[str, Any]:
    """A JSON request body, which must be an object (an empty body is an empty one)."""
    try:
        doc = json.loads(body) if body.strip() else {}
    except ValueError as exc:
        raise BadRequest(f"request body is not JSON: {exc}") from None
    except RecursionError:
        raise BadRequest("request body is not JSON: nested too deeply") from None
    if not isinstance(doc, dict):
        raise BadRequest("request body must be a JSON object")
    return doc


def _group(name: str) -> str:
    return "g_" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def _ungroup(group: str) -> str:
    return group[2:]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


QUERY_STATUS = {"AccessDenied": 403, "InternalFailure": 500, "Throttling": 400}


def _request_id() -> str:
    return str(uuid.uuid4())
