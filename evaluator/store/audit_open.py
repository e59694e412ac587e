"""The check made when a store is opened: a database that is not the one the audit head (kept outside it)
recorded — emptied, truncated or replaced — is refused."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from evaluator.store import audit_anchor as anchor
from evaluator.store.audit_log import AuditAnchor, AuditEntry
from evaluator.store.errors import IntegrityError


def check_open(eng: Engine, url: str) -> None:
    """On opening a store: refuse an emptied, truncated or replaced database where a chain existed."""
    if not anchor.key_path().exists():
        return
    head = anchor.read(url)
    last = head.last if head else None
    if last is None:
        return
    with Session(eng) as s:
        have = s.get(AuditEntry, last.seq)
        anc = s.exec(select(AuditAnchor).order_by(AuditAnchor.id.desc())).first()  # type: ignore[union-attr]
    if have is not None and have.hash == last.hash:
        return
    if have is None and anc is not None and anc.pruned_through >= last.seq:
        return
    raise IntegrityError(
        f"数据库与审计链头不符：链头文件记录已有第 {last.seq} 条审计记录，而数据库中"
        f"{'该条不同' if have is not None else '没有'}——数据库被清空、截短或替换，拒绝当作新库使用。"
        f"请恢复原数据库；若确为有意新建，请把链头文件 {anchor.head_path(url)} 移走 / the database does not "
        f"match the audit head recorded outside it (entry {last.seq}): emptied, truncated or replaced; refused"
    )
