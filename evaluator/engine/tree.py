"""Which policy tree OPA runs: the shipped policies plus the authority's files (:mod:`overlay`)."""

from __future__ import annotations

from pathlib import Path

from evaluator.engine import overlay
from evaluator.errors import OpaError


def policies_dir() -> Path:
    """The policy tree in force: the shipped policies plus the authority's files (engine/overlay.py)."""
    try:
        return overlay.effective_policies_dir()
    except overlay.AuthorityFileError as e:
        raise OpaError(str(e)) from e
