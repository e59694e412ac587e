"""What the trust boundary costs: requests to the evaluator's own OPA over its Unix socket with the peer
check (SO_PEERCRED on every new connection), against the TCP loopback port it used before.

    .venv/bin/python benchmarks/opa_transport.py [N]

Both servers load the same bundle; each timing is N decisions ``data.system.bundles`` on one keep-alive
connection, then N on a new connection each (the peer check runs once per connection). Figures are in
docs/decisions/0019-trust-and-integrity.md.
"""

from __future__ import annotations

import hashlib
import secrets
import statistics
import subprocess
import sys
import time

import requests

from evaluator.engine import OpaServer, build_bundle, opa_binary, transport
from tests.support.pgserver import free_port


def _tcp_server(bundle_path: str) -> tuple[subprocess.Popen[bytes], str, str]:
    token = secrets.token_urlsafe(24)
    port = free_port()
    proc = subprocess.Popen(
        [str(opa_binary()), "run", "--server", "--addr", f"127.0.0.1:{port}", "--authentication=token"]
        + ["--authorization=basic", "--log-level", "error", "--bundle", bundle_path],
        env={"GOVSHARE_OPA_TOKEN_SHA256": hashlib.sha256(token.encode()).hexdigest()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if requests.get(f"{url}/health", headers={"Authorization": f"Bearer {token}"}, timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.05)
    return proc, url, token


def _time(fn: object, n: int) -> float:
    t = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        t.append(time.perf_counter() - t0)
    return statistics.median(t) * 1000


def main(n: int = 300) -> None:
    bundle = build_bundle()
    own = OpaServer(bundle)
    proc, url, token = _tcp_server(str(bundle.path))
    tcp = requests.Session()
    tcp.headers["Authorization"] = f"Bearer {token}"
    body = b"{}"
    try:
        rows = {
            "unix + peer check, keep-alive": _time(
                lambda: own._session.post(
                    f"{own.url}/v1/data/system/bundles", data=body, timeout=5
                ).raise_for_status(),
                n,
            ),
            "unix, OpaServer.query_raw (parses the answer)": _time(
                lambda: own.query_raw("data.system.bundles", body), n
            ),
            "tcp loopback, keep-alive": _time(
                lambda: tcp.post(f"{url}/v1/data/system/bundles", data=body, timeout=5).raise_for_status(), n
            ),
        }

        def fresh_unix() -> None:
            with transport.unix_session("\0" + own.socket_name, own._check_peer) as s:
                s.headers["Authorization"] = f"Bearer {own.token}"
                s.post(f"{own.url}/v1/data/system/bundles", data=body, timeout=5).raise_for_status()

        def fresh_tcp() -> None:
            with requests.Session() as s:
                s.headers["Authorization"] = f"Bearer {token}"
                s.post(f"{url}/v1/data/system/bundles", data=body, timeout=5).raise_for_status()

        rows["unix + peer check, new connection"] = _time(fresh_unix, n)
        rows["tcp loopback, new connection"] = _time(fresh_tcp, n)
    finally:
        own.stop()
        proc.terminate()
        proc.wait()
    for k, v in rows.items():
        print(f"{k:40s} median {v:6.2f} ms  ({n} requests)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
