"""The login gate in front of Streamlit: login and password pages, the session cookie, and the rule that
nothing of the dashboard (pages, websocket, /media downloads, uploads) answers without a live session.

Pure ASGI (it sees the websocket too). The session is server-side (``evaluator.store.sessions``); the
browser holds a random token in an HttpOnly, SameSite=Strict cookie, so it survives a reload, a new tab
and a bookmark, ends after the authority's idle timeout (its dated setting, ``govshare authority set
dashboard``; the shipped default ``policies/dashboard/data.yaml``) and ends everywhere on logout. ``/_stcore/metrics`` is closed. The pages are plain HTML with no script and no
asset from outside the machine.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from evaluator import settings
from evaluator.consumers import upkeep
from evaluator.store import sessions

from . import auth

SESSION_COOKIE = "govshare_session"
DEVICE_COOKIE = "govshare_device"
SETTINGS = settings.shipped_policies_dir() / "dashboard" / "data.yaml"
DEVICE_MAX_AGE = 180 * 24 * 3600

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: paths that answer without a session: the gate's own pages, the health check, Streamlit's bundled
#: front-end files (no data in them)
PUBLIC_PREFIXES = ("/auth/", "/static/")
PUBLIC_PATHS = ("/_stcore/health", "/favicon.png", "/manifest.json", "/robots.txt")
CLOSED_PREFIXES = ("/_stcore/metrics",)
DEFAULT_PAGE = "/overview"  # app.py's default page (served at "/")
#: the dashboard's pages (dashboard/views/<name>.py, url /<name>); any other one-segment address gets the
#: gate's Chinese "页面不存在" page instead of Streamlit's English "Page not found"
PAGE_NAMES = ("overview", "department", "funding", "rectification", "statute", "evaluate", "whatif", "upkeep")
_PAGE_PATH = re.compile(r"^/([^/.]+)/?$")


def session_settings() -> tuple[int, int]:
    """(idle seconds, lifetime seconds) for a login starting now: the authority's dated version in force
    today (``govshare authority set dashboard``, the upkeep page), else the shipped default in
    policies/dashboard/data.yaml. A session keeps the values it started with."""
    data, _version = upkeep.current_data("dashboard")
    s = data["dashboard"]["session"]
    idle, hours = int(s["idle_minutes"]), int(s["lifetime_hours"])
    if idle <= 0 or hours <= 0:
        raise upkeep.AuthorityFileError(
            f"{SETTINGS}：idle_minutes 与 lifetime_hours 须为正整数 / must be positive"
        )
    return idle * 60, hours * 3600


def cookies_of(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no session
                return {}
    return {k: m.value for k, m in jar.items()}


def safe_next(target: str | None) -> str:
    """Where to go after login: a path of this site only (never ``//host`` or a scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith("/auth/"):
        return "/"
    return target


class Gate:
    """ASGI middleware: every request but the public ones needs a live session cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path.startswith(CLOSED_PREFIXES):
            await Response("Not Found", status_code=404)(scope, receive, send)
            return
        if path == DEFAULT_PAGE and scope["type"] == "http":
            # the default page lives at "/": its own name (a bookmark, a link) must not say "Page not found"
            query = scope.get("query_string", b"").decode("latin-1")
            await RedirectResponse("/" + (f"?{query}" if query else ""), status_code=307)(
                scope, receive, send
            )
            return
        if path.startswith(PUBLIC_PREFIXES) or path in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        unknown = _PAGE_PATH.match(path)
        if scope["type"] == "http" and unknown and unknown.group(1) not in (*PAGE_NAMES, "login"):
            await _not_found(path)(scope, receive, send)
            return
        token = cookies_of(scope).get(SESSION_COOKIE)
        live = await to_thread.run_sync(lambda: sessions.resume(token, touch=False))
        if live is not None:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope.get("method") == "GET" and not path.startswith(("/media/", "/_stcore/", "/component/")):
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + (f"?{query}" if query else "")
            await RedirectResponse(f"/auth/login?next={quote(target, safe='')}", status_code=303)(
                scope, receive, send
            )
            return
        await Response("请先登录 / log in first", status_code=401, media_type="text/plain; charset=utf-8")(
            scope, receive, send
        )


# ---------------------------------------------------------------------------------------------
# The login and password pages (plain HTML, Chinese first, no script, no remote asset)

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;background:#f5f6f8;margin:0}
main{max-width:420px;margin:8vh auto;background:#fff;padding:32px 36px;border-radius:8px;
box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:22px;margin:0 0 4px} p.sub{color:#666;margin:0 0 20px;font-size:14px}
label{display:block;margin:14px 0 4px;font-size:15px}
input{width:100%;box-sizing:border-box;padding:8px 10px;font-size:16px;border:1px solid #bbb;border-radius:4px}
button{margin-top:20px;width:100%;padding:10px;font-size:16px;background:#c8102e;color:#fff;border:0;
border-radius:4px;cursor:pointer}
.err{background:#fdecea;color:#8a1c12;padding:10px 12px;border-radius:4px;margin:12px 0}
.ok{background:#e8f5e9;color:#1b5e20;padding:10px 12px;border-radius:4px;margin:12px 0}
"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    doc = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)} · 政务数据共享合规监督</title>"
        '<link rel="icon" href="/auth/favicon.png">'
        f"<style>{_CSS}</style></head><body><main>{body}</main></body></html>"
    )
    return HTMLResponse(
        doc,
        status_code=status,
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'",
            "X-Frame-Options": "DENY",
        },
    )


def _login_page(next_: str, error: str = "", notice: str = "", status: int = 200) -> HTMLResponse:
    msg = f'<div class="err">{html.escape(error)}</div>' if error else ""
    msg += f'<div class="ok">{html.escape(notice)}</div>' if notice else ""
    return _page(
        "登录",
        "<h1>内乡县政务数据共享合规监督</h1><p class='sub'>请登录</p>"
        f"{msg}<form method='post' action='/auth/login'>"
        f"<input type='hidden' name='next' value='{html.escape(next_, quote=True)}'>"
        "<label for='username'>用户名</label><input id='username' name='username' autocomplete='username' required>"
        "<label for='password'>密码</label>"
        "<input id='password' name='password' type='password' autocomplete='current-password' required>"
        "<button type='submit'>登录</button></form>",
        status,
    )


def _password_page(username: str, next_: str, error: str = "", status: int = 200) -> HTMLResponse:
    msg = f'<div class="err">{html.escape(error)}</div>' if error else ""
    return _page(
        "修改一次性密码",
        "<h1>请修改一次性密码</h1>"
        f"<p class='sub'>首次登录须设置新密码（至少 {auth.MIN_PASSWORD_LENGTH} 个字符）。</p>"
        f"{msg}<form method='post' action='/auth/password'>"
        f"<input type='hidden' name='next' value='{html.escape(next_, quote=True)}'>"
        f"<label for='username'>用户名</label><input id='username' name='username' "
        f"value='{html.escape(username, quote=True)}' autocomplete='username' required>"
        "<label for='old'>一次性密码</label>"
        "<input id='old' name='old' type='password' autocomplete='current-password' required>"
        "<label for='new'>新密码</label><input id='new' name='new' type='password' autocomplete='new-password' required>"
        "<label for='again'>再次输入新密码</label>"
        "<input id='again' name='again' type='password' autocomplete='new-password' required>"
        "<button type='submit'>保存并登录</button></form>",
        status,
    )


def _same_origin(request: Request) -> bool:
    """A form post from this site only (login CSRF): Origin, when the browser sends it, is this host."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def _form(request: Request) -> dict[str, str]:
    body = (await request.body())[:8192].decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


def _signed_in(request: Request, user: auth.User, next_: str) -> Response:
    try:
        idle, lifetime = session_settings()
    except upkeep.AuthorityFileError as e:  # never a session with a guessed timeout
        return _login_page(next_, f"无法登录：主管部门的仪表盘设定无法读取。{_zh(str(e))}", status=500)
    token = sessions.start(user.username, idle=idle, lifetime=lifetime)
    resp = RedirectResponse(next_, status_code=303)
    secure = request.url.scheme == "https"
    resp.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/")
    device = request.cookies.get(DEVICE_COOKIE)
    if sessions.device_of(device, user.username) is None:
        resp.set_cookie(
            DEVICE_COOKIE,
            sessions.trust_device(user.username),
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="strict",
            secure=secure,
            path="/auth/",
        )
    return resp


async def login_get(request: Request) -> Response:
    next_ = safe_next(request.query_params.get("next"))
    notice = {"timeout": "登录已超时，请重新登录", "logout": "已退出登录"}.get(
        request.query_params.get("why", ""), ""
    )
    return _login_page(next_, notice=notice)


async def login_post(request: Request) -> Response:
    form = await _form(request)
    next_ = safe_next(form.get("next"))
    if not _same_origin(request):
        return _login_page(next_, "请求来源不符，请从本系统的登录页登录", status=403)
    username, password = form.get("username", "").strip(), form.get("password", "")

    def check() -> auth.User:
        device = sessions.device_of(request.cookies.get(DEVICE_COOKIE), username)
        return auth.authenticate(username, password, device=device)

    try:
        user = await to_thread.run_sync(check)
    except auth.AuthError as e:
        return _login_page(next_, _zh(str(e)), status=401)
    if user.must_change:
        return _password_page(user.username, next_)
    return await to_thread.run_sync(lambda: _signed_in(request, user, next_))


async def password_post(request: Request) -> Response:
    form = await _form(request)
    next_ = safe_next(form.get("next"))
    username = form.get("username", "").strip()
    if not _same_origin(request):
        return _password_page(username, next_, "请求来源不符", status=403)
    if form.get("new", "") != form.get("again", ""):
        return _password_page(username, next_, "两次输入的新密码不一致", status=400)

    def change() -> auth.User:
        device = sessions.device_of(request.cookies.get(DEVICE_COOKIE), username)
        user = auth.change_password(username, form.get("old", ""), form.get("new", ""), device=device)
        sessions.end_all(username)  # a changed password ends every earlier login of the user
        return user

    try:
        user = await to_thread.run_sync(change)
    except auth.AuthError as e:
        return _password_page(username, next_, _zh(str(e)), status=400)
    return await to_thread.run_sync(lambda: _signed_in(request, user, next_))


async def logout(request: Request) -> Response:
    """End every session of the user the cookie names (every tab and browser) and clear the cookie.
    SameSite=Strict: a link from another site carries no cookie, so it cannot log anyone out."""
    token = request.cookies.get(SESSION_COOKIE)

    def end() -> None:
        live = sessions.resume(token, touch=False)
        if live is not None:
            sessions.end_all(live.username)
            auth.log_logout(live.username)
        sessions.end(token)

    await to_thread.run_sync(end)
    resp = RedirectResponse("/auth/login?why=logout", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


def _not_found(path: str) -> HTMLResponse:
    return _page(
        "页面不存在",
        f"<h1>页面不存在</h1><p class='sub'>本系统没有地址为 {html.escape(path)} 的页面。</p>"
        "<p><a href='/'>返回总览</a></p>",
        status=404,
    )


def _zh(message: str) -> str:
    """The Chinese part of a bilingual message (``中文 / English``)."""
    return message.split(" / ", 1)[0]


FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.png"


async def favicon(request: Request) -> Response:
    return Response(FAVICON.read_bytes(), media_type="image/png", headers={"Cache-Control": "max-age=86400"})


def routes() -> list[Route]:
    return [
        Route("/auth/favicon.png", favicon, methods=["GET"]),
        Route("/auth/login", login_get, methods=["GET"]),
        Route("/auth/login", login_post, methods=["POST"]),
        Route("/auth/password", password_post, methods=["POST"]),
        Route("/auth/logout", logout, methods=["GET", "POST"]),
    ]
