"""An OPA server as another host would run it for ``GOVSHARE_OPA_URLS``: TLS, token, our bundle.

A self-signed certificate for 127.0.0.1 (made with openssl) stands for the host's certificate; the
client trusts it through ``GOVSHARE_OPA_CA``. The server's environment holds only the SHA-256 of its
token, as policies/rego/system/authz expects.
"""

from __future__ import annotations

import hashlib
import secrets
import subprocess
import time
from pathlib import Path

import requests

from evaluator.engine import Bundle, opa_binary
from tests.support.pgserver import free_port


def self_signed(folder: Path, name: str = "opa") -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


class TlsOpa:
    def __init__(self, bundle: Bundle, folder: Path) -> None:
        self.cert, key = self_signed(folder)
        self.port = free_port()
        self.token = secrets.token_urlsafe(16)
        self.url = f"https://127.0.0.1:{self.port}"
        env = {"GOVSHARE_OPA_TOKEN_SHA256": hashlib.sha256(self.token.encode()).hexdigest()}
        self.process = subprocess.Popen(
            [str(opa_binary()), "run", "--server", "--addr", f"127.0.0.1:{self.port}"]
            + ["--tls-cert-file", str(self.cert), "--tls-private-key-file", str(key)]
            + ["--authentication=token", "--authorization=basic", "--log-level", "error"]
            + ["--bundle", str(bundle.path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                r = requests.get(
                    f"{self.url}/health",
                    headers={"Authorization": f"Bearer {self.token}"},
                    verify=str(self.cert),
                    timeout=2,
                )
                if r.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("TLS OPA did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
