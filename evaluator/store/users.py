"""Dashboard users, roles and login in the store: argon2 hashes, per-username backoff, one-time passwords.

The ``dashboard_user`` and ``dashboard_login_throttle`` tables are the store's (created by the baseline
migration, like every table; never by ``create_all``). No default password exists: users are created with
``govshare users add`` (password from a prompt or stdin) or ``govshare users demo`` (random one-time
passwords printed once; a one-time password must be changed at the first login).
See docs/decisions/0006-dashboard.md.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Field, SQLModel, select

from evaluator.errors import AuthError
from evaluator.store import sessions
from evaluator.store.audit import append, append_in
from evaluator.store.db import session

_HASHER = PasswordHasher()
# A hash of a random string: verified against when the username is unknown, so that the time taken
# does not tell whether a username exists.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

MIN_PASSWORD_LENGTH = 10
FREE_FAILURES = 3  # failed attempts before the backoff starts
BASE_DELAY_SECONDS = 2
MAX_DELAY_SECONDS = 15 * 60


class Role(StrEnum):
    AUTHORITY = "authority"
    BUDGET = "budget"
    DEPARTMENT = "department"
    LEGAL = "legal"

    @property
    def zh(self) -> str:
        return ROLE_ZH[self]


ROLE_ZH = {
    Role.AUTHORITY: "主管部门（县政务服务和大数据管理局）",
    Role.BUDGET: "财政",
    Role.DEPARTMENT: "部门",
    Role.LEGAL: "法制",
}


class UserRow(SQLModel, table=True):
    __tablename__ = "dashboard_user"

    username: str = Field(primary_key=True)
    role: str
    dept: str | None = Field(default=None, description="部门用户所属部门代码 / department code")
    password_hash: str
    must_change: bool = Field(default=True, description="首次登录须修改密码 / one-time password")
    created_at: dt.datetime
    password_changed_at: dt.datetime | None = None


class LoginThrottleRow(SQLModel, table=True):
    """Failed logins per username (also for usernames that do not exist)."""

    __tablename__ = "dashboard_login_throttle"

    username: str = Field(primary_key=True)
    failures: int = 0
    last_failure: dt.datetime | None = None
    blocked_until: dt.datetime | None = None


@dataclass(frozen=True)
class User:
    """A user as the pages, the data layer and the CLI see it."""

    username: str
    role: Role
    dept: str | None
    must_change: bool = False

    @property
    def role_zh(self) -> str:
        return ROLE_ZH[self.role]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(t: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    return t.replace(tzinfo=dt.UTC) if t is not None and t.tzinfo is None else t


def _user(row: UserRow) -> User:
    return User(row.username, Role(row.role), row.dept, row.must_change)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(
            f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 / password must have at least {MIN_PASSWORD_LENGTH} characters"
        )


def check_role(role: str, dept: str | None) -> Role:
    """The role named ``role`` if ``dept`` fits it (a department user has a department, no one else has);
    an ``AuthError`` saying what is wrong otherwise. ``add_user`` checks the same: a caller can ask
    before it asks for a password."""
    try:
        r = Role(role)
    except ValueError:
        raise AuthError(f"未知角色 {role!r}，应为 authority|budget|department|legal / unknown role") from None
    if r is Role.DEPARTMENT and not dept:
        raise AuthError("部门用户须指定所属部门代码 --department / a department user needs --department")
    if r is not Role.DEPARTMENT and dept:
        raise AuthError("只有部门用户绑定部门 / only department users are bound to a department")
    return r


def add_user(
    username: str,
    password: str,
    role: str,
    dept: str | None = None,
    *,
    must_change: bool = True,
    replace: bool = False,
    url: str | None = None,
) -> User:
    username = username.strip()
    if not username or len(username) > 64:
        raise AuthError("用户名不能为空且不超过 64 个字符 / username must be 1-64 characters")
    r = check_role(role, dept)
    _check_password(password)
    with session(url) as s:
        row = s.get(UserRow, username)
        if row is not None and not replace:
            raise AuthError(f"用户 {username} 已存在 / user {username} exists")
        if row is None:
            row = UserRow(username=username, role=r.value, password_hash="", created_at=_now())
        row.role = r.value
        row.dept = dept if r is Role.DEPARTMENT else None
        row.password_hash = _HASHER.hash(password)
        row.must_change = must_change
        row.password_changed_at = _now()
        s.add(row)
        throttle = s.get(LoginThrottleRow, username)
        if throttle is not None:
            s.delete(throttle)
        append_in(
            s,
            "user.add",
            {
                "username": username,
                "role": row.role,
                "dept": row.dept,
                "replace": replace,
                "must_change": must_change,
            },
        )
        s.commit()
        user = _user(row)
    if replace:
        sessions.end_all(username, url)  # a reset password ends every login made with the old one
    return user


def list_users(url: str | None = None) -> list[User]:
    with session(url) as s:
        return [_user(r) for r in s.exec(select(UserRow).order_by(UserRow.username)).all()]


def get_user(username: str, url: str | None = None) -> User | None:
    with session(url) as s:
        row = s.get(UserRow, username)
        return _user(row) if row else None


def delete_user(username: str, url: str | None = None) -> bool:
    with session(url) as s:
        row = s.get(UserRow, username)
        if row is None:
            return False
        s.delete(row)
        append_in(s, "user.delete", {"username": username, "role": row.role, "dept": row.dept})
        s.commit()
    sessions.end_all(username, url)
    sessions.forget_devices(username, url)
    return True


def log_logout(username: str, url: str | None = None) -> None:
    """A ``logout`` audit entry: every session of the user has ended."""
    append("logout", {"username": username}, actor=username, url=url)


def delay_for(failures: int) -> int:
    """Seconds a username must wait after ``failures`` consecutive failed logins."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES)))


def _throttle_key(username: str, device: str | None) -> str:
    """Failures are counted per username for browsers without a device token of that user, and per
    device for a browser that has one: guessing from elsewhere never blocks the owner's own browser."""
    return f"{username}\x1fdevice:{device}" if device else username


def authenticate(username: str, password: str, url: str | None = None, *, device: str | None = None) -> User:
    """Check a login. Raises AuthError (same message for unknown user and wrong password; a blocked
    login is not told for how long). ``device`` is the id of a trusted device of ``username`` the
    browser presented (``evaluator.store.sessions.device_of``), or None."""
    username = username.strip()
    now = _now()
    key = _throttle_key(username, device)
    with session(url) as s:
        throttle = s.get(LoginThrottleRow, key)
        blocked = _aware(throttle.blocked_until) if throttle is not None else None
        if blocked is not None and blocked > now:
            wait = int((blocked - now).total_seconds()) + 1
            append_in(
                s,
                "login.blocked",
                {"username": username, "trusted_device": device is not None, "retry_in_seconds": wait},
                username,
            )
            s.commit()
            raise AuthError("登录失败次数过多，请稍后再试 / too many failed logins, try again later")
        row = s.get(UserRow, username)
        ok = False
        try:
            ok = _HASHER.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if row is None or not ok:
            throttle = throttle or LoginThrottleRow(username=key)
            throttle.failures += 1
            throttle.last_failure = now
            wait = delay_for(throttle.failures)
            throttle.blocked_until = now + dt.timedelta(seconds=wait) if wait else None
            s.add(throttle)
            append_in(
                s,
                "login.failure",
                {
                    "username": username,
                    "trusted_device": device is not None,
                    "failures": throttle.failures,
                    "blocked_seconds": wait,
                },
                username,
            )
            s.commit()
            raise AuthError("用户名或密码错误 / wrong username or password")
        if throttle is not None:
            s.delete(throttle)
        if _HASHER.check_needs_rehash(row.password_hash):
            row.password_hash = _HASHER.hash(password)
            s.add(row)
        append_in(
            s,
            "login.success",
            {
                "username": username,
                "role": row.role,
                "dept": row.dept,
                "must_change": row.must_change,
                "trusted_device": device is not None,
            },
            username,
        )
        s.commit()
        return _user(row)


def change_password(
    username: str, old: str, new: str, url: str | None = None, *, device: str | None = None
) -> User:
    if old == new:
        raise AuthError("新密码不能与原密码相同 / the new password must differ")
    _check_password(new)
    authenticate(username, old, url, device=device)
    with session(url) as s:
        row = s.get(UserRow, username)
        if row is None:  # pragma: no cover - authenticate succeeded
            raise AuthError("用户不存在 / no such user")
        row.password_hash = _HASHER.hash(new)
        row.must_change = False
        row.password_changed_at = _now()
        s.add(row)
        append_in(s, "user.password_change", {"username": username}, username)
        s.commit()
        return _user(row)


def one_time_password() -> str:
    return secrets.token_urlsafe(12)


DEMO_USERS = (
    ("demo-authority", Role.AUTHORITY),
    ("demo-budget", Role.BUDGET),
    ("demo-dept", Role.DEPARTMENT),
    ("demo-legal", Role.LEGAL),
)


def create_demo_users(dept: str, url: str | None = None) -> list[tuple[User, str]]:
    """(Re)create the four demo users with fresh random one-time passwords; returns them once."""
    out = []
    for name, role in DEMO_USERS:
        pw = one_time_password()
        user = add_user(
            name,
            pw,
            role.value,
            dept if role is Role.DEPARTMENT else None,
            must_change=True,
            replace=True,
            url=url,
        )
        out.append((user, pw))
    return out
