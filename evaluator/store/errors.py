"""The store's errors (Chinese first): the database unreachable or unwritable, corrupt, or not what its
audit log recorded."""

from __future__ import annotations

from evaluator.errors import GovshareError


class StoreError(GovshareError):
    """The database could not be reached or written; the message is Chinese first."""


class CorruptStoreError(StoreError):
    """The database file is not a database, or is truncated or malformed."""


class IntegrityError(StoreError):
    """A stored row or the audit chain does not match what the audit log recorded (Chinese first)."""
