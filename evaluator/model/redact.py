"""Passwords out of everything printed: every form a database or server address can carry one in.

A URL's userinfo (``postgresql://user:pw@host``), a query parameter (``?password=…``,
``sslpassword``, ``token`` …) and a libpq keyword/value string (``host=h password='…'``) are all
replaced by ``***``; the rest of the address stays readable. :func:`redact` works on any text (an
error message that quotes a URL), :func:`redact_url` on one address.
"""

from __future__ import annotations

import re

MASK = "***"
SECRET_KEYS = ("password", "passwd", "pwd", "sslpassword", "passfile", "token", "secret", "apikey", "api_key")

# scheme://user:password@host — the password is everything up to the last "@" before the host part
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:@/\s?#]*):(?P<pw>[^@\s]*)@")
_KEYS = "|".join(SECRET_KEYS)
# ?password=x or &password=x (up to the next & # or whitespace)
_QUERY = re.compile(rf"(?P<pre>[?&;](?:{_KEYS})=)(?P<val>[^&#\s]*)", re.IGNORECASE)
# libpq conninfo: password=x, password = 'x y', password="x"
_KEYWORD = re.compile(
    rf"(?P<pre>(?<![\w.])(?:{_KEYS})\s*=\s*)(?P<val>'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|[^\s'\"&]+)",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """``text`` with every password, token or secret value it carries replaced by ``***``."""
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    text = _QUERY.sub(lambda m: m["pre"] + MASK, text)
    return _KEYWORD.sub(lambda m: m["pre"] + MASK, text)


def redact_url(url: str) -> str:
    return redact(url)
