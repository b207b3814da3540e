"""The emulator never answers 500 and never strands a resource (issue: emulator hardening).

Each test reproduces one finding: labels with ``/`` and friends, inputs that crashed handlers,
admin bodies of the wrong shape, a runaway clock, SQLite held by another process, bad start-up
arguments, stalled connections, and admin JSON sent without a content type.
"""

from __future__ import annotations

import http.client
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.serialize import create_serializer
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.emulator.protocol import ServiceProtocol

from tests.emulator.conftest import ClientFactory, make_client
from tests.emulator.test_partnercentral_channel import make_pma

KEY = "0f" * 32
ODD_LABELS = ["amzn1/x", "a%2Fb", "with space", "ünïcødé", "a/../b", "..x", "a+b", "~t:e;s=t"]


def raw(
    emu: Emulator,
    method: str,
    path: str,
    body: bytes | str = b"",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(emu.host, emu.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def admin_raw(emu: Emulator, method: str, path: str, body: bytes | str) -> tuple[int, Any]:
    status, _, data = raw(emu, method, f"/_emulator/{path}", body)
    return status, json.loads(data)


# ---------------------------------------------------------------------- 1. labels


@pytest.mark.parametrize("amazon_id", ODD_LABELS)
def test_a_sidewalk_id_with_odd_characters_round_trips_and_can_be_removed(
    client: ClientFactory, amazon_id: str
) -> None:
    iot = client("iotwireless")
    iot.associate_aws_account_with_partner_account(
        Sidewalk={"AmazonId": amazon_id, "AppServerPrivateKey": KEY}
    )
    got = iot.get_partner_account(PartnerAccountId=amazon_id, PartnerType="Sidewalk")
    assert got["Sidewalk"]["AmazonId"] == amazon_id
    iot.update_partner_account(
        PartnerAccountId=amazon_id, PartnerType="Sidewalk", Sidewalk={"AppServerPrivateKey": KEY}
    )
    iot.disassociate_aws_account_from_partner_account(
        PartnerAccountId=amazon_id, PartnerType="Sidewalk"
    )
    assert iot.list_partner_accounts()["Sidewalk"] == []


def test_every_label_bearing_operation_routes_to_itself_with_its_labels_decoded_once() -> None:
    """Serialise every iotwireless operation that has URI labels with botocore (as AWS's SDKs
    encode them) and route the encoded path back: same operation, same label values."""
    import boto3

    model = boto3.session.Session().client("iotwireless", region_name="us-east-1").meta
    service = model.service_model
    proto = ServiceProtocol(service)
    serializer = create_serializer("rest-json", include_validation=False)
    checked = 0
    for name in service.operation_names:
        op = service.operation_model(name)
        shape = op.input_shape
        if shape is None:
            continue
        labels = [m for m, s in shape.members.items() if s.serialization.get("location") == "uri"]
        if not labels:
            continue
        for value in ODD_LABELS:
            params: dict[str, Any] = {
                m: (value if shape.members[m].type_name == "string" else 1) for m in labels
            }
            for m in shape.required_members:
                if m not in params:
                    params[m] = _minimal(shape.members[m])
            request = serializer.serialize_to_request(params, op)
            path, _, query_string = request["url_path"].partition("?")
            query: dict[str, list[str]] = {}
            for k, v in request["query_string"].items():
                query[k] = v if isinstance(v, list) else [str(v)]
            for item in filter(None, query_string.split("&")):
                k, _, v = item.partition("=")
                query.setdefault(k, []).append(v)
            routed, got = proto.operation_for(request["method"], path, query, None)
            assert routed.name == name, (name, value, path)
            wire = {m: shape.members[m].serialization.get("name", m) for m in labels}
            for m in labels:
                if shape.members[m].type_name == "string":
                    assert got[wire[m]] == value, (name, m, value, path)
            checked += 1
    assert checked > 100  # every label-bearing operation, every odd value


def _minimal(shape: Any) -> Any:
    if shape.type_name == "structure":
        return {m: _minimal(shape.members[m]) for m in shape.required_members}
    if shape.type_name == "list":
        return []
    if shape.type_name == "map":
        return {}
    if shape.type_name in ("integer", "long"):
        return 1
    if shape.type_name == "boolean":
        return True
    if shape.type_name == "string" and shape.enum:
        return shape.enum[0]
    return "x"


# ---------------------------------------------------------------------- 2. no 500s


def assert_modeled_error(status: int, headers: dict[str, str], body: bytes, code: str) -> None:
    assert status < 500, (status, body[:300])
    doc = json.loads(body)
    assert doc["__type"] == code, doc
    assert headers.get("X-Amzn-ErrorType") == code
    assert b"Traceback" not in body


def test_deeply_nested_json_is_a_serialization_error(emulator: Emulator) -> None:
    body = "[" * 100_000 + "]" * 100_000
    status, headers, data = raw(
        emulator,
        "POST",
        "/",
        body,
        {
            "X-Amz-Target": "PartnerCentralChannel.ListRelationships",
            "Content-Type": "application/x-amz-json-1.0",
        },
    )
    assert_modeled_error(status, headers, data, "SerializationException")


@pytest.mark.parametrize("end_date", [1e300, -1e300, 1e20, "year 99999"])
def test_an_end_date_out_of_any_calendar_is_a_client_error(
    emulator: Emulator, end_date: Any
) -> None:
    pcc = make_client(emulator, "partnercentral-channel", validate=False)
    pma = make_pma(pcc)["id"]
    rel = pcc.create_relationship(
        catalog="AWS",
        programManagementAccountIdentifier=pma,
        associationType="END_CUSTOMER",
        associatedAccountId="222222222222",
        displayName="x",
        sector="COMMERCIAL",
    )["relationshipDetail"]["id"]
    body = json.dumps(
        {
            "catalog": "AWS",
            "handshakeType": "START_SERVICE_PERIOD",
            "associatedResourceIdentifier": rel,
            "payload": {
                "startServicePeriodPayload": {
                    "programManagementAccountIdentifier": pma,
                    "servicePeriodType": "FIXED_COMMITMENT_PERIOD",
                    "endDate": end_date,
                }
            },
        }
    )
    status, _headers, data = raw(
        emulator,
        "POST",
        "/",
        body,
        {
            "X-Amz-Target": "PartnerCentralChannel.CreateChannelHandshake",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/"
            "partnercentral-channel/aws4_request",
        },
    )
    assert status == 400, data
    assert json.loads(data)["__type"] in ("SerializationException", "ValidationException")


@pytest.mark.parametrize(
    "path,body,says",
    [
        ("faults", "[1, 2]", "JSON object"),
        ("faults", '{"operation": "*", "fault": "delay", "delay_ms": [1]}', "delay_ms"),
        ("faults", '{"operation": "*", "fault": "throttle", "rate": {}}', "rate"),
        ("faults", '{"operation": "*", "fault": "throttle", "times": 1.5}', "times"),
        ("faults", '{"operation": "*", "fault": "delay", "delay_ms": 1e30}', "delay_ms"),
        ("clock", '{"advance_seconds": 1e30}', "advance_seconds"),
        ("clock", '{"advance_seconds": 3e11}', "advance_seconds"),
        ("clock", '{"advance_seconds": NaN}', "advance_seconds"),
        ("clock", '"soon"', "JSON object"),
        ("iotwireless/account-linked", "[]", "JSON object"),
        ("iotwireless/account-linked", '{"amazon_id": {"a": 1}}', "amazon_id"),
        ("clock", "{not json", "JSON"),
    ],
)
def test_admin_bodies_of_the_wrong_shape_are_a_400_that_says_what(
    emulator: Emulator, path: str, body: str, says: str
) -> None:
    status, doc = admin_raw(emulator, "POST", path, body)
    assert status == 400, doc
    assert says in doc["error"], doc
    health = emulator.admin("GET", "health")  # and the server is fine afterwards
    assert health["status"] == "ok"
    make_client(emulator, "iotwireless").list_partner_accounts()


def test_the_clock_cannot_be_advanced_out_of_the_calendar(emulator: Emulator) -> None:
    for _ in range(3):  # many legal steps that would add up past year 9999
        status, doc = admin_raw(emulator, "POST", "clock", '{"advance_seconds": 1e11}')
        if status == 400:
            break
    assert status == 400 and "advance_seconds" in doc["error"], doc
    assert emulator.admin("GET", "health")["status"] == "ok"


def test_admin_json_without_a_content_type_is_read(emulator: Emulator) -> None:
    """As `curl -d '{...}'` sends it (application/x-www-form-urlencoded)."""
    status, _, data = raw(
        emulator,
        "POST",
        "/_emulator/faults",
        '{"operation": "*", "fault": "throttle", "times": 1}',
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200, data
    assert emulator.admin("GET", "faults")["faults"][0]["fault"] == "throttle"


# ---------------------------------------------------------------------- 3. SQLite contention


def test_a_locked_state_file_is_a_retryable_modeled_error_and_the_retry_recovers(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.db"
    with Emulator(state_file=state) as emu:
        iot = make_client(emu, "iotwireless", total_max_attempts=1)
        other = sqlite3.connect(str(state), isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            with pytest.raises(ClientError) as err:
                iot.associate_aws_account_with_partner_account(
                    Sidewalk={"AmazonId": "amzn1.locked", "AppServerPrivateKey": KEY}
                )
            code = err.value.response["Error"]["Code"]
            assert code == "ThrottlingException", err.value.response
            assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
            assert iot.list_partner_accounts()["Sidewalk"] == []  # nothing half-made
            threading.Timer(1.0, lambda: other.execute("ROLLBACK")).start()
            retrying = make_client(emu, "iotwireless", total_max_attempts=10)
            retrying.associate_aws_account_with_partner_account(
                Sidewalk={"AmazonId": "amzn1.locked", "AppServerPrivateKey": KEY}
            )
            assert len(retrying.list_partner_accounts()["Sidewalk"]) == 1
        finally:
            other.close()


# ---------------------------------------------------------------------- 4. start-up


def _start(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pulumi_partnerlink.emulator", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "make,says",
    [
        (lambda d: (d / "junk.db").write_text("not a database " * 100) and d / "junk.db", "state"),
        (lambda d: d, "state"),
        (lambda d: d / "missing" / "state.db", "state"),
    ],
    ids=["not-a-database", "a-directory", "missing-directory"],
)
def test_a_bad_state_file_is_one_line_and_exit_2(tmp_path: Path, make: Any, says: str) -> None:
    proc = _start("--state-file", str(make(tmp_path)))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--state-file" in lines[0] and says in lines[0], proc.stderr


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_port_out_of_range_is_refused(port: str) -> None:
    proc = _start("--port", port)
    assert proc.returncode == 2, proc.stderr
    assert "--port" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------------- 5. stalled clients


def test_stalled_connections_are_timed_out_and_cannot_exhaust_the_server() -> None:
    with Emulator(idle_timeout=1.0, max_connections=16) as emu:
        stalled = []
        for _ in range(64):  # more than the bound: the rest wait in the backlog or time out
            s = socket.create_connection((emu.host, emu.port), timeout=10)
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
            stalled.append(s)
        try:
            assert threading.active_count() < 16 + 8
            started = time.monotonic()
            # the server still answers a well-behaved client once stalled ones time out
            health = None
            while health is None and time.monotonic() - started < 30:
                try:
                    health = emu.admin("GET", "health")
                except OSError:
                    time.sleep(0.2)
            assert health is not None and health["status"] == "ok"
        finally:
            for s in stalled:
                s.close()


# ---------------------------------------------------------------------- not a 500, ever


def test_a_handler_fault_is_a_modeled_internal_error_not_an_html_page(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pulumi_partnerlink.emulator import iotwireless

    def broken(ctx: Any, params: Any) -> Any:
        raise KeyError("a bug")

    monkeypatch.setattr(iotwireless, "list_partner_accounts", broken)
    status, headers, data = raw(
        emulator,
        "GET",
        "/partner-accounts",
        headers={
            "Authorization": "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/"
            "iotwireless/aws4_request"
        },
    )
    assert status == 500
    doc = json.loads(data)
    assert doc["__type"] == "InternalServerException" and "Traceback" not in doc["Message"]
    assert headers["Content-Type"] == "application/json"


def test_health_with_urllib_plain(emulator: Emulator) -> None:
    with urllib.request.urlopen(f"{emulator.endpoint_url}/_emulator/health", timeout=5) as r:
        assert json.loads(r.read())["status"] == "ok"


@pytest.mark.parametrize(
    "data",
    [
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03hello\r\n\r\n",  # TLS on the plain port
        b"GET /partner-accounts HTTP/9.9\r\n\r\n",  # no such HTTP version
        b"GET /partner-accounts HTTP/1.1\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n",  # header
    ],
    ids=["tls-hello", "http-9.9", "header-too-long"],
)
def test_a_request_that_is_not_http_gets_a_json_error(emulator: Emulator, data: bytes) -> None:
    with socket.create_connection((emulator.host, emulator.port), timeout=10) as s:
        s.sendall(data)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert status in (400, 431, 505), answer[:300]  # bad request, header too large, version
    assert b"Content-Type: application/json" in head
    doc = json.loads(body)
    assert doc["__type"] == "SerializationException" and doc["message"], doc
    status, _, _ = raw(emulator, "GET", "/_emulator/health")
    assert status == 200  # and the server goes on


@pytest.mark.parametrize("path", ["/partner-accounts", "/_emulator/faults"])
def test_a_body_over_10_mb_is_refused_unread(emulator: Emulator, path: str) -> None:
    """A huge body is a 413 answered before it is read (no memory spent on it), as AWS."""
    with socket.create_connection((emulator.host, emulator.port), timeout=10) as s:
        s.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {20 * 1024 * 1024}\r\n\r\n{{".encode()
        )
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), answer[:300]
    doc = json.loads(body)
    assert "SerializationException" in doc.get("__type", "") or "over" in doc.get("error", "")
    status, _, _ = raw(emulator, "GET", "/_emulator/health")
    assert status == 200


def test_a_chunked_body_over_10_mb_is_cut_off(emulator: Emulator) -> None:
    """Without a Content-Length the body is read up to the limit only: a modeled error, not
    memory spent on whatever the client sends."""
    with socket.create_connection((emulator.host, emulator.port), timeout=30) as s:
        s.sendall(
            b"POST /partner-accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        # valid JSON: read whole, it would be a ValidationException (AmazonId too long)
        chunks = [b'{"Sidewalk": {"AmazonId": "'] + [b"a" * (1024 * 1024)] * 12 + [b'"}}']
        try:
            for chunk in chunks:
                s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            s.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading at the limit
        answer = s.recv(65536)
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 413), answer[:300]
    assert b"SerializationException" in answer
    status, _, _ = raw(emulator, "GET", "/_emulator/health")
    assert status == 200
