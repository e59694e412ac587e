"""govshare trusts only the OPA it started, and that OPA never outlives it (issue 19 items 1 and 7).

- The impostor: another process holds OPA's address first and answers like OPA would (0 findings). Before,
  ``evaluate`` reported 0 findings, exit 0, stored an ``ok`` run and handed the impostor the token and the
  whole input. Now the peer of the socket is checked: exit 2, nothing stored, the impostor received nothing.
- OPA dies mid-run and someone takes over its address: refused, never a connection to the newcomer.
- With the token, the policy API still refuses writes; bundle data cannot be overwritten.
- ``govshare evaluate`` killed with SIGTERM or SIGKILL: no ``opa`` is left running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.engine import OpaError, OpaServer, build_bundle, transport
from evaluator.engine import process as engine
from evaluator.store.db import session
from evaluator.store.runs import RunRow
from fixtures.generator.build import COUNTY_DIR

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

# answers every request as OPA would with "no findings", and records what it was sent
IMPOSTOR = r"""
import socket, sys
name, log = sys.argv[1], sys.argv[2]
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind("\0" + name)
srv.listen(16)
print("ready", flush=True)
body = b'{"result": {"findings": [], "errors": [], "out_of_scope": []}}'
while True:
    conn, _ = srv.accept()
    conn.settimeout(2)
    try:
        data = conn.recv(65536)
    except OSError:
        data = b""
    with open(log, "ab") as fh:
        fh.write(data)
    if data:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    conn.close()
"""


def _impostor(name: str, log: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPOSTOR, name, str(log)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)


def test_an_impostor_holding_the_address_gets_nothing_and_evaluate_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["import", str(COUNTY_DIR)]).exit_code == 0
    name = "govshare-opa-" + "ab" * 16
    real = engine.secrets.token_hex
    # the impostor knows the name before OPA binds it (as it would by reading /proc/<opa>/cmdline first)
    monkeypatch.setattr(engine.secrets, "token_hex", lambda n=16: "ab" * 16 if n == 16 else real(n))
    log = tmp_path / "impostor.log"
    fake = _impostor(name, log)
    try:
        res = runner.invoke(app, ["evaluate", "--period", "2025"])
    finally:
        fake.kill()
        fake.wait()
    assert res.exit_code == 2, res.output
    assert "不是它启动的 OPA" in res.output, res.output
    assert not log.exists() or log.read_bytes() == b""  # no request, no token, no input
    with session() as s:
        assert s.exec(select(RunRow)).all() == []  # no "ok" run stored


def test_an_opa_that_exits_mid_run_is_never_replaced_by_a_newcomer(tmp_path: Path) -> None:
    srv = OpaServer(build_bundle())
    try:
        assert srv.query("data.system.bundles")
        srv.process.kill()
        srv.process.wait()
        log = tmp_path / "impostor.log"
        fake = _impostor(srv.socket_name, log)  # the name is free again: someone takes it
        try:
            with pytest.raises(OpaError, match="已退出"):
                srv.query("data.main.result", {})
            # even below the exit check, a new connection is refused at the socket
            fresh = transport.unix_session("\0" + srv.socket_name, srv._check_peer)
            with pytest.raises(Exception, match="has exited"):
                fresh.get(f"{srv.url}/health", timeout=2)
            fresh.close()
        finally:
            fake.kill()
            fake.wait()
        assert not log.exists() or log.read_bytes() == b""
    finally:
        srv.stop()


def test_the_policy_api_refuses_writes_even_with_the_token(tmp_path: Path) -> None:
    srv = OpaServer(build_bundle())
    try:
        s = srv.client._session
        r = s.put(f"{srv.url}/v1/policies/evil", data=b"package main\nresult := {}", timeout=5)
        assert r.status_code == 401 and "administrative policy" in r.text, r.text
        r = s.delete(f"{srv.url}/v1/policies/policies/rego/system/authz/authz.rego", timeout=5)
        assert r.status_code == 401 and "administrative policy" in r.text, r.text
        r = s.put(f"{srv.url}/v1/data/params", data=b"{}", timeout=5)
        assert r.status_code == 401 and "administrative policy" in r.text, r.text
        r = s.post(f"{srv.url}/v1/query", json={"query": "x := opa.runtime().env"}, timeout=5)
        assert r.status_code == 401 and "administrative policy" in r.text, r.text
        assert srv.query("data.system.bundles")  # decisions still work
    finally:
        srv.stop()


def _opa_children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and cmd and cmd[0].endswith(b"opa") and b"--server" in cmd:
            kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (no socket, no memory); only its exit status is left


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killing_govshare_leaves_no_opa(sig: signal.Signals, tmp_path: Path) -> None:
    env = {**os.environ, "GOVSHARE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    env.pop("GOVSHARE_DATABASE_URL", None)
    code = "from evaluator.cli.main import app; app()"
    subprocess.run(
        [sys.executable, "-c", code, "import", str(COUNTY_DIR)], env=env, check=True, capture_output=True
    )
    # a what-if run never ends by itself: OPA is asked something slow enough to be caught mid-run
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "evaluate", "--period", "2025"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    kids: list[int] = []
    while not kids and time.monotonic() < deadline and proc.poll() is None:
        kids = _opa_children(proc.pid)
        time.sleep(0.02)
    assert kids, "OPA was never started"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [k for k in kids if _alive(k)], "opa outlived govshare"
