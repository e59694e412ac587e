"""Stored snapshots read a few at a time: re-verified in chunks, each department's content read when it is
evaluated (issue 20: Python never holds every stored snapshot's bytes; at 10,000 departments they are
1.7 GB)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from evaluator.store.audit_verify import check_snapshots
from evaluator.store.errors import IntegrityError
from evaluator.store.snapshots import SnapshotHead, SnapshotRow, snapshot_content, snapshot_rows

#: snapshots re-verified together (≈ 34 MB of generated departments)
CHUNK = 200


def verify_stored(
    heads: Sequence[SnapshotHead], url: str | None = None, platform: SnapshotRow | None = None
) -> None:
    """Every named department version's content is what its import recorded (``check_snapshots``), read
    ``CHUNK`` rows at a time in the order of ``heads``, and the ``platform`` row as it was read (the first
    that fails is the one named, as when all were checked at once)."""
    for i in range(0, max(len(heads), 1), CHUNK):
        last = i + CHUNK >= len(heads)
        rows = snapshot_rows(heads[i : i + CHUNK], url)
        check_snapshots([*rows, *([platform] if last and platform is not None else [])], url)


def verified_content(head: SnapshotHead, url: str | None = None) -> bytes:
    """The content of a version :func:`verify_stored` verified, read again when it is evaluated: refused
    (IntegrityError) unless it still hashes to what was verified — a row replaced in between is never
    evaluated as it now stands."""
    content = snapshot_content(head, url)
    if content is None or hashlib.sha256(content).hexdigest() != head.sha256:
        raise IntegrityError(
            f"已入库快照 {head.ref} 在校验后被改动或删除，拒绝评价；请运行 govshare audit verify 查明 / "
            f"stored snapshot {head.ref} changed after it was verified: refused"
        )
    return content


def platform_row(heads: Sequence[SnapshotHead], url: str | None = None) -> SnapshotRow | None:
    """The stored row of the platform version among ``heads`` (None without one)."""
    head = next((h for h in heads if h.kind == "platform"), None)
    return snapshot_rows([head], url)[0] if head is not None else None
