"""Serving: admin API, persistence across restarts, loopback only, the CLI."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pulumi_partnerlink.emulator import Emulator, RemoteBindRefused

from tests.emulator.conftest import ClientFactory, make_client
from tests.emulator.test_partnercentral_channel import make_pma

KEY = "0f" * 32


def test_admin_health_calls_reset(client: ClientFactory, emulator: Emulator) -> None:
    health = emulator.admin("GET", "health")
    assert health["status"] == "ok" and health["services"] == [
        "iotwireless",
        "partnercentral-channel",
        "sts",
    ]
    client("iotwireless").list_partner_accounts()
    make_pma(client("partnercentral-channel"))
    assert emulator.calls() == {
        "iotwireless:ListPartnerAccounts": 1,
        "partnercentral-channel:CreateProgramManagementAccount": 1,
    }
    emulator.inject("*", "throttle")
    emulator.reset()
    assert emulator.calls() == {}
    assert emulator.admin("GET", "faults") == {"faults": []}
    assert (
        client("partnercentral-channel").list_program_management_accounts(catalog="AWS")["items"]
        == []
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "error"),
    [
        (
            "POST",
            "faults",
            {"operation": "X", "fault": "explode"},
            400,
            "fault must be one of throttle, internal-error, access-denied, validation-error, drop-response, delay, delay-response",
        ),
        (
            "POST",
            "faults",
            {"fault": "throttle"},
            400,
            "operation is required (an operation name, 'service:Operation' or '*')",
        ),
        ("POST", "clock", {"advance_seconds": -5}, 400, "advance_seconds must be a number >= 0"),
        ("GET", "nope", None, 404, "Not Found"),
        ("DELETE", "health", None, 405, "Method Not Allowed"),
    ],
)
def test_admin_rejects_bad_requests(
    emulator: Emulator,
    method: str,
    path: str,
    body: dict | None,  # type: ignore[type-arg]
    status: int,
    error: str,
) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        emulator.admin(method, path, body)
    assert info.value.code == status
    assert json.loads(info.value.read())["error"] == error


def test_state_file_survives_restart(tmp_path: Path) -> None:
    state = tmp_path / "emulator.sqlite"
    with Emulator(state_file=state) as emu:
        pma = make_pma(make_client(emu, "partnercentral-channel"), clientToken="t1")
        make_client(emu, "iotwireless").associate_aws_account_with_partner_account(
            Sidewalk={"AmazonId": "amzn-1", "AppServerPrivateKey": KEY}
        )
    assert KEY not in state.read_bytes().decode("latin-1")
    with Emulator(state_file=state) as emu:
        pc = make_client(emu, "partnercentral-channel")
        (item,) = pc.list_program_management_accounts(catalog="AWS")["items"]
        assert item["id"] == pma["id"]
        assert make_pma(pc, clientToken="t1") == pma  # idempotency survives too
        iot = make_client(emu, "iotwireless")
        assert (
            iot.get_partner_account(PartnerAccountId="amzn-1", PartnerType="Sidewalk")["Sidewalk"][
                "AmazonId"
            ]
            == "amzn-1"
        )


def test_failed_request_does_not_persist(tmp_path: Path) -> None:
    state = tmp_path / "emulator.sqlite"
    with Emulator(state_file=state) as emu:
        pc = make_client(emu, "partnercentral-channel")
        make_pma(pc)
        with pytest.raises(Exception):  # noqa: B017 - any ClientError: the duplicate must fail
            make_pma(pc)
    with Emulator(state_file=state) as emu:
        assert (
            len(
                make_client(emu, "partnercentral-channel").list_program_management_accounts(
                    catalog="AWS"
                )["items"]
            )
            == 1
        )


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.com"])
def test_non_loopback_bind_refused(host: str) -> None:
    with pytest.raises(RemoteBindRefused, match=f"refusing to listen on {host}"):
        Emulator(host=host)


def _cli() -> list[str]:
    exe = shutil.which("partnerlink-emulator", path=str(Path(sys.executable).parent))
    assert exe, "the partnerlink-emulator console script is installed with the package"
    return [exe]


def test_cli_refuses_remote_host() -> None:
    proc = subprocess.run(
        [*_cli(), "--host", "0.0.0.0", "--port", "0"], capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 2
    assert "refusing to listen on 0.0.0.0" in proc.stderr


@pytest.mark.parametrize("command", ["script", "module"])
def test_cli_serves_until_sigterm(command: str, tmp_path: Path) -> None:
    argv = _cli() if command == "script" else [sys.executable, "-m", "pulumi_partnerlink.emulator"]
    proc = subprocess.Popen(
        [*argv, "--port", "0", "--state-file", str(tmp_path / "s.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("partnerlink-emulator listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        with urllib.request.urlopen(f"{url}/_emulator/health", timeout=10) as resp:
            assert json.loads(resp.read())["status"] == "ok"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
