"""The one HTTP client of an OPA server's REST API: decisions (``POST /v1/data/<path>``) and the Data
API (``PUT``/``GET``/``DELETE``). The evaluator's own OPA (:class:`evaluator.engine.process.OpaServer`)
and a server another host runs (``GOVSHARE_OPA_URLS``) are both an :class:`OpaEndpoint`.

An error, a timeout, a refused connection or an undefined decision raises :class:`OpaError`: it is
never read as "no findings". The timeout is ``GOVSHARE_OPA_TIMEOUT`` seconds (default 300) and the
client never retries by itself — a retry is a decision of the caller (docs/decisions/0002-data-to-opa.md).
"""

from __future__ import annotations

from typing import Any

import orjson
import requests

from evaluator import settings
from evaluator.engine.bundle import Bundle
from evaluator.errors import OpaError


class OpaEndpoint:
    """An OPA server at ``url`` serving ``bundle``, reached with a bearer ``token``.

    It must serve the same bundle revision as the evaluator's; :meth:`check` verifies it, and every
    failure raises :class:`OpaError`. ``session`` replaces the default one (the evaluator's own server
    passes opa-python-client's, with its retries set to 0)."""

    def __init__(
        self, url: str, token: str | None, bundle: Bundle, *, session: requests.Session | None = None
    ) -> None:
        self.bundle = bundle
        if session is None:  # another host's server: it must prove who it is (TLS)
            url = _remote_url(url)
            session = requests.Session()
            # no proxy, .netrc or REQUESTS_CA_BUNDLE from the environment: the certificate checked is the
            # one configured here, and the token goes to this server only
            session.trust_env = False
            session.verify = settings.opa_ca() or True
            if token:
                session.headers["Authorization"] = f"Bearer {token}"
        self.url = url.rstrip("/")
        self._session = session
        self._api = f"{self.url}/v1"
        self._timeout = settings.opa_timeout()
        self._put: set[str] = set()  # data paths this process PUT and has not deleted since (see holds)

    def query(self, ref: str, input_data: Any = None) -> Any:
        """Evaluate ``data.<path>`` and return its value; undefined or any failure raises OpaError."""
        return self.query_raw(ref, orjson.dumps({"input": input_data} if input_data is not None else {}))

    def query_raw(self, ref: str, body: bytes) -> Any:
        """As :meth:`query`, with the request body ``{"input": ...}`` already serialised."""
        path = ref.removeprefix("data.").replace(".", "/")
        # the session carries the token header; the body is serialised with orjson, which is several
        # times faster than json for large inputs.
        resp = self._call("POST", f"{self._api}/data/{path}", body, self._api)
        if resp.status_code != 200:
            raise OpaError(f"OPA {self._api} 返回错误 {resp.status_code} / OPA error: {resp.text[:2000]}")
        doc = orjson.loads(resp.content)
        if "result" not in doc:
            raise OpaError(f"决策 {ref} 未定义（规则缺失或出错）/ decision {ref} is undefined")
        return doc["result"]

    def put_data(self, path: str, body: bytes) -> None:
        """``PUT /v1/data/<path>`` (Data API): a document outside the bundle's roots; failure raises OpaError."""
        resp = self._call("PUT", f"{self._api}/data/{path}", body)
        if resp.status_code != 204:
            raise OpaError(
                f"向 OPA 写入数据 {path} 失败 {resp.status_code} / OPA refused the data PUT: {resp.text[:2000]}"
            )
        self._put.add(path)

    def holds(self, path: str) -> bool:
        """Whether this process PUT exactly ``path`` and deleted nothing over or under it since. Only an
        OPA this process started can be trusted to still hold it (another host's may have restarted):
        callers ask that of the server (:class:`OpaServer`), never of a remote endpoint."""
        return path in self._put

    def get_data(self, path: str) -> Any:
        """``GET /v1/data/<path>``: the value, or None when undefined; failure raises OpaError."""
        resp = self._call("GET", f"{self._api}/data/{path}")
        if resp.status_code != 200:
            raise OpaError(f"OPA {self._api} 返回错误 {resp.status_code} / OPA error: {resp.text[:2000]}")
        return orjson.loads(resp.content).get("result")

    def delete_data(self, path: str) -> None:
        self._put = {
            p for p in self._put if not (p == path or p.startswith(f"{path}/") or path.startswith(f"{p}/"))
        }
        resp = self._call("DELETE", f"{self._api}/data/{path}")
        if resp.status_code not in (204, 404):
            raise OpaError(f"OPA {self._api} 删除数据失败 {resp.status_code} / OPA error: {resp.text[:2000]}")

    def check(self) -> None:
        """The server serves this endpoint's bundle revision, or OpaError."""
        try:
            got = self.query("data.system.bundles")
        except OpaError as e:
            raise OpaError(
                f"OPA {self.url} 无法核对策略包版本（尚未启用策略包、签名校验未通过或拒绝访问），拒绝评价 / "
                f"cannot check the bundle revision: {e}"
            ) from e
        revisions = {b.get("manifest", {}).get("revision") for b in (got or {}).values()}
        if self.bundle.revision not in revisions:
            raise OpaError(
                f"OPA {self.url} 加载的策略包版本不符 / OPA loaded bundle revision {revisions}, "
                f"expected {self.bundle.revision}"
            )

    def stop(self) -> None:
        self._session.close()

    def _call(self, method: str, url: str, body: bytes | None = None, name: str | None = None) -> Any:
        try:
            return self._session.request(
                method, url, data=body, headers={"Content-Type": "application/json"}, timeout=self._timeout
            )
        except requests.Timeout as e:
            raise OpaError(
                f"OPA {name or url} 未在 {self._timeout} 秒内应答 / OPA did not answer in time"
            ) from e
        except requests.exceptions.SSLError as e:
            raise OpaError(
                f"OPA {name or url} 的 TLS 证书未通过校验（不是可信的服务器），未发送令牌与输入 / the OPA "
                "server's certificate did not verify: nothing sent"
            ) from e
        except requests.RequestException as e:
            raise OpaError(f"OPA {name or url} 无应答或连接中断 / OPA did not answer: {e}") from e


def _remote_url(url: str) -> str:
    """A remote OPA's URL: ``https://`` only, without user, password, query or fragment."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    shown = f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"
    if parts.username or parts.password or parts.query or parts.fragment:
        raise OpaError(
            f"OPA 地址 {shown} 中不得含用户名、口令或参数；令牌请用 GOVSHARE_OPA_TOKEN / the OPA URL must "
            "not carry a user, password or query: give the token in GOVSHARE_OPA_TOKEN"
        )
    if parts.scheme != "https":
        raise OpaError(
            f"其他主机上的 OPA 只能用 https 访问（{shown}）：服务器须以证书证明身份，令牌与输入才不会送错对象 / "
            "a remote OPA must be reached over https, so that it proves who it is"
        )
    return shown


def endpoints_from_env(bundle: Bundle) -> list[OpaEndpoint]:
    """OPA servers named in ``GOVSHARE_OPA_URLS`` (comma-separated), token ``GOVSHARE_OPA_TOKEN``;
    empty when unset (the evaluator then starts its own OPA). Each is checked for the bundle revision."""
    token = settings.opa_token()
    out = [OpaEndpoint(u, token, bundle) for u in settings.opa_urls()]
    for e in out:
        e.check()
    return out
