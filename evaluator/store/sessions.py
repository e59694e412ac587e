"""Dashboard login sessions and trusted devices, kept server-side (only a random token's SHA-256 is stored).

A session is what the browser's HttpOnly cookie names: it ends after ``idle`` seconds without use, after
``lifetime`` seconds in any case, or when the user logs out (every session of that user ends: logout ends
it everywhere). A device token is given to a browser after a successful login: failed logins from a
browser that carries a valid device token of that user are counted for that device only, so an attacker
who guesses passwords for a known account (and is throttled) cannot lock its owner out (OWASP "device
cookies"). See docs/decisions/0006-dashboard.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Field, SQLModel, col, delete, select

from evaluator.store.db import session


class DashboardSessionRow(SQLModel, table=True):
    __tablename__ = "dashboard_session"

    token_sha256: str = Field(primary_key=True)
    username: str = Field(index=True)
    created_at: dt.datetime
    last_seen: dt.datetime
    idle_seconds: int
    lifetime_seconds: int


class DashboardDeviceRow(SQLModel, table=True):
    __tablename__ = "dashboard_device"

    token_sha256: str = Field(primary_key=True)
    username: str = Field(index=True)
    created_at: dt.datetime


@dataclass(frozen=True)
class SessionInfo:
    username: str
    created_at: dt.datetime
    last_seen: dt.datetime
    idle_seconds: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(t: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes: they were written in UTC."""
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(username: str, *, idle: int, lifetime: int, url: str | None = None) -> str:
    """A new session for ``username``; returns the token (only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    now = _now()
    with session(url) as s:
        s.add(
            DashboardSessionRow(
                token_sha256=_digest(token),
                username=username,
                created_at=now,
                last_seen=now,
                idle_seconds=idle,
                lifetime_seconds=lifetime,
            )
        )
        s.commit()
    return token


def resume(token: str | None, *, touch: bool = True, url: str | None = None) -> SessionInfo | None:
    """The session a token names if it is still alive (and, with ``touch``, mark it used now); an expired
    session is deleted."""
    if not isinstance(token, str) or not token:
        return None
    now = _now()
    with session(url) as s:
        row = s.get(DashboardSessionRow, _digest(token))
        if row is None:
            return None
        idle_until = _aware(row.last_seen) + dt.timedelta(seconds=row.idle_seconds)
        ends = _aware(row.created_at) + dt.timedelta(seconds=row.lifetime_seconds)
        if now >= idle_until or now >= ends:
            s.delete(row)
            s.commit()
            return None
        info = SessionInfo(row.username, _aware(row.created_at), now, row.idle_seconds)
        if touch:
            row.last_seen = now
            s.add(row)
            s.commit()
        return info


def end(token: str | None, url: str | None = None) -> None:
    if not token:
        return
    with session(url) as s:
        row = s.get(DashboardSessionRow, _digest(token))
        if row is not None:
            s.delete(row)
            s.commit()


def end_all(username: str, url: str | None = None) -> int:
    """End every session of ``username`` (logout, password change, user deleted); returns how many."""
    with session(url) as s:
        rows = s.exec(select(DashboardSessionRow).where(DashboardSessionRow.username == username)).all()
        for r in rows:
            s.delete(r)
        s.commit()
        return len(rows)


def trust_device(username: str, url: str | None = None) -> str:
    """A device token for the browser ``username`` has just logged in from."""
    token = secrets.token_urlsafe(32)
    with session(url) as s:
        s.add(DashboardDeviceRow(token_sha256=_digest(token), username=username, created_at=_now()))
        s.commit()
    return token


def device_of(token: str | None, username: str, url: str | None = None) -> str | None:
    """The device id (the token's digest) when ``token`` is a device token of ``username``, else None."""
    if not token:
        return None
    with session(url) as s:
        row = s.get(DashboardDeviceRow, _digest(token))
        return row.token_sha256 if row is not None and row.username == username else None


def forget_devices(username: str, url: str | None = None) -> None:
    with session(url) as s:
        s.exec(delete(DashboardDeviceRow).where(col(DashboardDeviceRow.username) == username))
        s.commit()
