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
