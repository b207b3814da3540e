"""One generic parser and serializer per protocol, driven by botocore's service models.

- ``rest-json`` (iotwireless): routes are built from every operation's ``requestUri`` and
  method; members come from the URI, the query string, headers or the JSON body as the model
  places them; the response status is the operation's ``responseCode`` (e.g. 204).
- ``json`` 1.0 (partnercentral-channel): the operation is named by
  ``X-Amz-Target: <targetPrefix>.<Operation>``; input and output are the JSON body.
- ``query`` (sts): a form (``Action=<Operation>&Version=...&Member.Sub=...``, lists as
  ``Member.member.N``) in the body or the query string; answers and errors are XML.

Handlers see plain dicts keyed by the model's member names, with timestamps as aware
``datetime`` and blobs as ``bytes``. Nothing here knows an operation by name.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape
from botocore.utils import parse_timestamp

from .errors import NotImplementedOperation, ServiceError

JSON_CONTENT = {"json": "application/x-amz-json-1.0", "rest-json": "application/json"}


class BadRequest(ServiceError):
    """The request cannot be mapped onto the model (unknown route, malformed body)."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__("SerializationException", message)


@dataclass
class Route:
    method: str
    regex: re.Pattern[str]
    literal_query: dict[str, str | None]
    operation: OperationModel
    specificity: tuple[int, int, int]


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

    def parse(
        self,
        op: OperationModel,
        labels: dict[str, str],
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> dict[str, Any]:
        """The request's members; anything that does not fit the model is a BadRequest."""
        try:
            return self._parse(op, labels, query, headers, body)
        except BadRequest:
            raise
        except (ValueError, TypeError, OverflowError, RecursionError, binascii.Error) as exc:
            raise BadRequest(f"cannot read the request as {op.name}: {_reason(exc)}") from None

    def _parse(
        self,
        op: OperationModel,
        labels: dict[str, str],
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
    ) -> dict[str, Any]:
        shape = op.input_shape
        if shape is None:
            return {}
        if self.protocol == "query":
            parsed_form: dict[str, Any] = _from_query(shape, "", query)
            return parsed_form
        payload = shape.serialization.get("payload")
        raw_payload = payload is not None and shape.members[payload].type_name != "structure"
        try:
            doc = json.loads(body) if body.strip() and not raw_payload else {}
        except ValueError as exc:
            raise BadRequest(f"request body is not JSON: {exc}") from None
        except RecursionError:
            raise BadRequest("request body is not JSON: nested too deeply") from None
        if not isinstance(doc, dict):
            raise BadRequest("request body must be a JSON object")
        if self.protocol == "json":
            parsed: dict[str, Any] = _from_json(shape, doc)
            return parsed
        params: dict[str, Any] = {}
        lower_headers = {k.lower(): v for k, v in headers.items()}
        for name, member in shape.members.items():
            loc = member.serialization.get("location")
            wire = member.serialization.get("name", name)
            if loc == "uri":
                if wire in labels:
                    params[name] = _scalar(member, labels[wire])
            elif loc == "querystring":
                if isinstance(member, ListShape):
                    if wire in query:
                        params[name] = [_scalar(member.member, v) for v in query[wire]]
                elif member.type_name == "map":
                    taken = {m.serialization.get("name") for m in shape.members.values()}
                    params[name] = {k: v[0] for k, v in query.items() if k not in taken}
                elif wire in query:
                    params[name] = _scalar(member, query[wire][0])
            elif loc == "header":
                if wire.lower() in lower_headers:
                    params[name] = _scalar(member, lower_headers[wire.lower()])
            elif loc == "headers":
                prefix = wire.lower()
                params[name] = {
                    k[len(prefix) :]: v for k, v in lower_headers.items() if k.startswith(prefix)
                }
            elif name == payload:
                if member.type_name == "structure":
                    params[name] = _from_json(member, doc)
                else:
                    params[name] = body
            elif not payload and wire in doc and doc[wire] is not None:
                params[name] = _from_json(member, doc[wire])
        return params

    # ------------------------------------------------------------------ responses

    def serialize(
        self, op: OperationModel, result: dict[str, Any]
    ) -> tuple[int, dict[str, str], bytes]:
        shape = op.output_shape
        if self.protocol == "query":
            result_xml = _to_xml(shape, result) if shape is not None else ""
            wrapper = (shape.serialization.get("resultWrapper") if shape else None) or ""
            inner = f"<{wrapper}>{result_xml}</{wrapper}>" if wrapper else result_xml
            ns = f"https://{self.model.endpoint_prefix}.amazonaws.com/doc/{self.model.api_version}/"
            xml = (
                f'<{op.name}Response xmlns="{ns}">{inner}'
                f"<ResponseMetadata><RequestId>{_request_id()}</RequestId></ResponseMetadata>"
                f"</{op.name}Response>"
            )
            return 200, {"Content-Type": "text/xml"}, xml.encode()
        headers = {"Content-Type": JSON_CONTENT[self.protocol]}
        if self.protocol == "json":
            body = _to_json(shape, result) if shape is not None else {}
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
                    headers[wire] = _header_value(member, value)
                elif loc == "headers":
                    headers.update({wire + k: str(v) for k, v in value.items()})
                elif loc == "statusCode":
                    status = int(value)
                else:
                    doc[wire] = _to_json(member, value)
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
            doc[key] = _to_json(member, value) if member is not None else value
        headers = {"Content-Type": JSON_CONTENT[self.protocol], "X-Amzn-ErrorType": err.code}
        return int(status), headers, json.dumps(doc).encode()

    def not_implemented(self, op: OperationModel) -> NotImplementedOperation:
        return NotImplementedOperation(self.model.service_name, op.name)


# ---------------------------------------------------------------------- value conversion


def _group(name: str) -> str:
    return "g_" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def _ungroup(group: str) -> str:
    return group[2:]


def _scalar(shape: Shape, raw: str) -> Any:
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            raise BadRequest(f"{shape.name}: {raw!r} is not an integer") from None
    if kind in ("float", "double"):
        return float(raw)
    if kind == "boolean":
        return raw.lower() == "true"
    if kind == "timestamp":
        return _timestamp(raw)
    if kind == "blob":
        return base64.b64decode(raw)
    return raw


def _timestamp(raw: Any) -> _dt.datetime:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise BadRequest(f"{str(raw)[:40]!r} is not a timestamp")
    try:
        value = parse_timestamp(raw)  # type: ignore[arg-type]  # numbers are epochs
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.astimezone(_dt.timezone.utc)
    except (ValueError, TypeError, OverflowError, OSError, RuntimeError):
        # botocore raises RuntimeError for epoch numbers no timezone arithmetic can hold
        raise BadRequest(f"{str(raw)[:40]!r} is not a timestamp AWS accepts") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _from_json(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if value is None:
        return None
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            raise BadRequest(f"{shape.name} must be a JSON object")
        out = {}
        for name, member in shape.members.items():
            wire = member.serialization.get("name", name)
            if wire in value and value[wire] is not None:
                out[name] = _from_json(member, value[wire])
        return out
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            raise BadRequest(f"{shape.name} must be a JSON array")
        return [_from_json(shape.member, v) for v in value]
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            raise BadRequest(f"{shape.name} must be a JSON object")
        return {k: _from_json(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "blob":
        return base64.b64decode(value)
    return value


def _timestamp_format(shape: Shape) -> str:
    return str(
        shape.serialization.get("timestampFormat")
        or shape.metadata.get("timestampFormat")
        or "unixTimestamp"
    )


def _to_json(shape: Shape | None, value: Any) -> Any:
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if isinstance(shape, StructureShape):
        out = {}
        for name, member in shape.members.items():
            if value.get(name) is not None:
                out[member.serialization.get("name", name)] = _to_json(member, value[name])
        return out
    if isinstance(shape, ListShape):
        return [_to_json(shape.member, v) for v in value]
    if isinstance(shape, MapShape):
        return {k: _to_json(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        fmt = _timestamp_format(shape)
        if fmt == "iso8601":
            return value.astimezone(_dt.timezone.utc).isoformat().replace("+00:00", "Z")
        if fmt == "rfc822":
            from email.utils import format_datetime

            return format_datetime(value.astimezone(_dt.timezone.utc), usegmt=True)
        return value.timestamp()
    if kind == "blob":
        return base64.b64encode(value).decode()
    return value


QUERY_STATUS = {"AccessDenied": 403, "InternalFailure": 500, "Throttling": 400}


def _request_id() -> str:
    return str(uuid.uuid4())


def _from_query(shape: Shape, prefix: str, form: dict[str, list[str]]) -> Any:
    """A query-protocol member from the flattened form (``A.B``, lists ``A.member.N``)."""
    if isinstance(shape, StructureShape):
        out = {}
        for name, member in shape.members.items():
            key = f"{prefix}{member.serialization.get('name', name)}"
            value = _from_query(member, key, form)
            if value is not None:
                out[name] = value
        return out if out or not prefix else (None if not _any_under(form, prefix) else out)
    if isinstance(shape, ListShape):
        items = []
        index = 1
        while _any_under(form, f"{prefix}.member.{index}") or f"{prefix}.member.{index}" in form:
            items.append(_from_query(shape.member, f"{prefix}.member.{index}", form))
            index += 1
        if not items and f"{prefix}" in form:  # "Name=" : an empty list
            return []
        return items or None
    if isinstance(shape, MapShape):
        entries, index = {}, 1
        while f"{prefix}.entry.{index}.key" in form:
            key = form[f"{prefix}.entry.{index}.key"][0]
            entries[key] = _from_query(shape.value, f"{prefix}.entry.{index}.value", form)
            index += 1
        return entries or None
    if prefix not in form:
        return None
    return _scalar(shape, form[prefix][0])


def _any_under(form: dict[str, list[str]], prefix: str) -> bool:
    return any(k.startswith(prefix + ".") for k in form)


def _to_xml(shape: Shape, value: Any) -> str:
    """The members of a query-protocol answer as XML (structures nest, lists are ``member``)."""
    if isinstance(shape, StructureShape):
        parts = []
        for name, member in shape.members.items():
            if value.get(name) is None:
                continue
            tag = member.serialization.get("name", name)
            parts.append(f"<{tag}>{_to_xml(member, value[name])}</{tag}>")
        return "".join(parts)
    if isinstance(shape, ListShape):
        return "".join(f"<member>{_to_xml(shape.member, v)}</member>" for v in value)
    if shape.type_name == "timestamp":
        return escape(value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    if shape.type_name == "boolean":
        return "true" if value else "false"
    if shape.type_name == "blob":
        return base64.b64encode(value).decode()
    return escape(str(value))


def _header_value(shape: Shape, value: Any) -> str:
    if shape.type_name == "timestamp":
        from email.utils import format_datetime

        return format_datetime(value.astimezone(_dt.timezone.utc), usegmt=True)
    if shape.type_name == "boolean":
        return "true" if value else "false"
    return str(value)
