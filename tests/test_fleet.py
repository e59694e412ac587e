"""Scale-out through OPA's own bundle service (issue 20 item 6, docs/deploy/province/).

The authority adopts (signs) a copy of the policies; ``govshare policy publish`` writes the signed bundle
and the remote OPA configuration; a bundle server on 127.0.0.1 serves it; two OPA processes started the
way a province's hosts start them (``opa run --server -c opa-config.yaml``, TLS with a certificate,
token authentication) pull it, verify its signature and activate it. The fixture county evaluated
across both gives exactly the findings of the evaluator's own OPA. A server whose certificate is not
trusted gets nothing; a bundle altered on the bundle server is never activated, and govshare refuses to
evaluate on that server (exit 2).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import os
import shutil
import socket
import subprocess
import tarfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import orjson
import pytest
import requests
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.engine import OpaEndpoint, OpaError, OpaServer, build_bundle, opa_binary
from evaluator.engine.fleet import RESOURCE
from evaluator.evaluate.runner import SnapshotRef, evaluate_snapshots
from evaluator.intake.files import load_files
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot

ROOT = Path(__file__).resolve().parents[1]
COUNTY = ROOT / "fixtures" / "county"
TOKEN = "fleet-test-token-0123456789"
TOKEN_SHA256 = hashlib.sha256(TOKEN.encode()).hexdigest()
runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def bundle_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A plain static file server on 127.0.0.1 — what nginx is in docs/deploy/province/compose.yaml."""
    root = tmp_path / "published"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: what the province's CA issues each OPA host."""
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", str(d / "opa.key"), "-out", str(d / "opa.crt"), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return d / "opa.crt", d / "opa.key"


class RemoteOpa:
    """An OPA started as a province host starts it: its own config file, pulling the bundle, TLS."""

    def __init__(self, config: Path, workdir: Path, tls: tuple[Path, Path]) -> None:
        self.port = _free_port()
        self.cert = tls[0]
        self.url = f"https://127.0.0.1:{self.port}"
        self.log = workdir / f"opa-{self.port}.log"
        with open(self.log, "wb") as fh:
            self.process = subprocess.Popen(
                [
                    str(opa_binary()),
                    "run",
                    "--server",
                    "--addr",
                    f"127.0.0.1:{self.port}",
                    "--authentication=token",
                    "--authorization=basic",
                    f"--tls-cert-file={tls[0]}",
                    f"--tls-private-key-file={tls[1]}",
                    "--log-level",
                    "info",
                    "-c",
                    str(config),
                ],
                stdout=fh,
                stderr=subprocess.STDOUT,
                # policies/rego/system/authz compares the SHA-256 of the bearer token with this
                env={"PATH": os.environ.get("PATH", ""), "GOVSHARE_OPA_TOKEN_SHA256": TOKEN_SHA256},
                cwd=workdir,
            )

    def wait_activated(self, timeout: float = 30.0) -> bool:
        """True once the bundle is activated (``/health?bundles=true`` answers 200)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text("utf-8", "replace")
            try:
                r = requests.get(
                    f"{self.url}/health?bundles=true",
                    headers={"Authorization": f"Bearer {TOKEN}"},
                    timeout=2,
                    verify=str(self.cert),
                )
                if r.status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


@pytest.fixture
def remotes(tmp_path: Path) -> Iterator[list[RemoteOpa]]:
    started: list[RemoteOpa] = []
    yield started
    for r in started:
        r.stop()


def _publish(url: str, out: Path) -> None:
    res = runner.invoke(
        app,
        [
            "policy",
            "publish",
            "--out",
            str(out),
            "--service-url",
            url,
            "--min-delay",
            "1",
            "--max-delay",
            "2",
        ],
    )
    assert res.exit_code == 0, res.output
    assert (out / RESOURCE).is_file() and (out / "opa-config.yaml").is_file()


def _county() -> tuple[PlatformSnapshot, list[DepartmentSnapshot], list[SnapshotRef]]:
    loaded = load_files(sorted(COUNTY.glob("*.yaml")))
    plat = next(s.snapshot for s in loaded if isinstance(s.snapshot, PlatformSnapshot))
    depts = [s.snapshot for s in loaded if isinstance(s.snapshot, DepartmentSnapshot)]
    refs = [SnapshotRef(s.kind, s.dept or "", 2025, s.source, s.sha256) for s in loaded]
    return plat, depts, refs


def _stable(report: Any) -> bytes:
    doc = dict(report.as_dict(), run=dict(report.run))
    for k in ("id", "started_at", "finished_at"):
        doc["run"].pop(k)
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)


def test_two_opa_servers_pull_the_signed_bundle_and_evaluate_as_the_local_one(
    adopted: Path,
    bundle_server: tuple[str, Path],
    remotes: list[RemoteOpa],
    tmp_path: Path,
    tls: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, root = bundle_server
    _publish(url, root)
    remotes.extend(RemoteOpa(root / "opa-config.yaml", tmp_path, tls) for _ in range(2))
    assert all(r.wait_activated() for r in remotes), [r.log.read_text("utf-8") for r in remotes]

    bundle = build_bundle()
    assert bundle.verification_key is not None  # the adopted, signed bundle
    # without the province's CA the servers cannot prove who they are: nothing is sent to them
    with pytest.raises(OpaError, match="TLS 证书未通过校验"):
        OpaEndpoint(remotes[0].url, TOKEN, bundle).check()
    monkeypatch.setenv("GOVSHARE_OPA_CA", str(tls[0]))
    endpoints = [OpaEndpoint(r.url, TOKEN, bundle) for r in remotes]
    for e in endpoints:
        e.check()  # each server reports the revision govshare expects
    plat, depts, refs = _county()
    # partitions of 4 departments: 21 departments → 6 requests, spread over both servers
    fleet = evaluate_snapshots(2025, plat, depts, refs, bundle=bundle, servers=endpoints, size=4)
    local_server = OpaServer(bundle)
    try:
        local = evaluate_snapshots(2025, plat, depts, refs, bundle=bundle, server=local_server, size=1000)
    finally:
        local_server.stop()
    assert fleet.findings, "the fixture county has deliberate breaks"
    assert _stable(fleet) == _stable(local)
    # the same through the CLI a province runs: GOVSHARE_OPA_URLS names the fleet
    files = [str(p) for p in sorted(COUNTY.glob("*.yaml"))]
    env = {"GOVSHARE_OPA_URLS": ",".join(r.url for r in remotes), "GOVSHARE_OPA_TOKEN": TOKEN}
    res = runner.invoke(app, ["evaluate", *files, "--format", "json"], env=env)
    assert res.exit_code == 1, res.output  # findings, decided by the fleet
    assert orjson.loads(res.stdout)["run"]["bundle_hash"] == bundle.revision


def _tamper(archive: Path) -> None:
    """Change one rule's text inside the served bundle, keeping the authority's signature file."""
    with tarfile.open(archive) as src:
        members = [(m, src.extractfile(m).read() if m.isfile() else None) for m in src.getmembers()]  # type: ignore[union-attr]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as dst:
        changed = False
        for m, data in members:
            if data is not None and not changed and m.name.endswith(".rego") and "/rules/" in m.name:
                data = data + b"\n# altered on the bundle server\n"
                m.size = len(data)
                changed = True
            dst.addfile(m, io.BytesIO(data) if data is not None else None)
    assert changed
    archive.write_bytes(gzip.compress(buf.getvalue()))


def test_a_bundle_altered_on_the_bundle_server_is_never_evaluated(
    adopted: Path,
    bundle_server: tuple[str, Path],
    remotes: list[RemoteOpa],
    tmp_path: Path,
    tls: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOVSHARE_OPA_CA", str(tls[0]))
    url, root = bundle_server
    _publish(url, root)
    _tamper(root / RESOURCE)
    remotes.append(RemoteOpa(root / "opa-config.yaml", tmp_path, tls))
    assert not remotes[0].wait_activated(timeout=6)  # OPA refuses the bundle: signature does not match
    log = remotes[0].log.read_text("utf-8", "replace")
    assert "digest mismatch" in log or "verif" in log, log
    with pytest.raises(OpaError, match="无法核对策略包版本"):
        OpaEndpoint(remotes[0].url, TOKEN, build_bundle()).check()
    files = [str(p) for p in sorted(COUNTY.glob("*.yaml"))]
    env = {"GOVSHARE_OPA_URLS": remotes[0].url, "GOVSHARE_OPA_TOKEN": TOKEN}
    res = runner.invoke(app, ["evaluate", *files, "--format", "json"], env=env)
    assert res.exit_code == 2, res.output
    assert "无法核对策略包版本" in res.output


def test_only_an_adopted_bundle_is_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.delenv("GOVSHARE_POLICY_PUBKEY", raising=False)
    pol = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", pol, ignore=shutil.ignore_patterns("adoption.json"))
    monkeypatch.setenv("GOVSHARE_POLICIES", str(pol))
    res = runner.invoke(
        app, ["policy", "publish", "--out", str(tmp_path / "out"), "--service-url", "http://127.0.0.1:1"]
    )
    assert res.exit_code == 2, res.output
    assert "只能发布经主管部门采纳签名的策略包" in res.output
    assert not (tmp_path / "out" / RESOURCE).exists()
