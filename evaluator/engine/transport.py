"""Talking only to the OPA process govshare started: a Unix socket whose peer is checked on every connect.

The OPA govshare starts listens on a Unix domain socket in the abstract namespace (a random name,
nothing on disk to remove when govshare is killed). On every new connection the client reads the
listening process's pid from the kernel (``SO_PEERCRED``) and refuses the connection unless it is the
pid of the child govshare started and that child is still running: an impostor that binds the name
first, or answers after the child died, gets no request, no token and no input — the evaluation fails
(exit 2). A TCP port cannot give this proof: any local process can bind a free port first.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.connectionpool import HTTPConnectionPool

#: the host name in the URLs of the own OPA; it never resolves, every request goes to the socket
HOST = "govshare-opa.invalid"


class PeerError(OSError):
    """The process behind the socket is not the OPA govshare started (or it has exited)."""


def peer_pid(sock: socket.socket) -> int:
    raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid, _uid, _gid = struct.unpack("3i", raw)
    return int(pid)


class _Connection(HTTPConnection):
    def __init__(self, *args: Any, address: str, check: Callable[[int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._address = address
        self._check = check

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        sock.settimeout(timeout)
        try:
            sock.connect(self._address)
            self._check(peer_pid(sock))
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _Adapter(HTTPAdapter):
    def __init__(self, address: str, check: Callable[[int], None]) -> None:
        self._address = address
        self._check = check
        super().__init__(max_retries=0)

    def get_connection_with_tls_context(
        self, request: Any, verify: Any, proxies: Any = None, cert: Any = None
    ) -> HTTPConnectionPool:
        return self._pool

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self._pool = _Pool(HOST, maxsize=kwargs.get("maxsize", 10), address=self._address, check=self._check)

    def close(self) -> None:
        super().close()
        self._pool.close()


def unix_session(address: str, check: Callable[[int], None]) -> requests.Session:
    """A session whose every request goes to the Unix socket ``address`` (``\\0name``: abstract) after
    ``check(peer pid)`` accepted the listening process; it never uses a proxy or the network."""
    s = requests.Session()
    s.trust_env = False  # no proxy, no .netrc: the token goes nowhere else
    adapter = _Adapter(address, check)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s
