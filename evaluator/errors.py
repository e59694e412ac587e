"""The one exception hierarchy of govshare.

Every failure the product knows of is a :class:`GovshareError`; the command line maps it to a
Chinese-first message and exit code 2 (``evaluator.cli.common``). Any other exception is a defect of
the program: it also exits 2 (never 1, which means "findings"), with a message that says so.
"""

from __future__ import annotations


class GovshareError(Exception):
    """A failure govshare reports to its user (Chinese first, English beside)."""


class OpaError(GovshareError):
    """OPA could not give a decision. The message is Chinese first, English beside."""


class UndefinedQuery(OpaError):
    """OPA answered, and the query is undefined (no rule body held): a caller may ask why instead."""


class AuthError(GovshareError):
    """A login or user-management failure; the message is Chinese first and safe to show."""


class NoticeError(GovshareError):
    """A notice or a waiver could not be issued, moved or recorded (Chinese first). ``refused`` marks a
    request the law does not support (no Art. 67 ground, a transition not allowed), as opposed to a
    failure."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused
