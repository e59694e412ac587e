"""The key two free-text names are matched on: a fact, not a norm (docs/decisions/0019-free-text-look-alikes.md).

A rule that joins two records by a name (A62.1: a department's reported system ↔ the county register) must
not see two names as different because one was typed with full-width Latin letters or digits (``ＯＡ系统``),
another case (``oa系统``), or a space (``OA 系统``, an ideographic space ``OA　系统``). The key is the name
in Unicode NFKC, case-folded, without white space; the name itself is printed as it was written."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """``ＯＡ　系统`` → ``oa系统``: NFKC (full-width forms, compatibility characters), case-folded, no white space."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if not ch.isspace())
