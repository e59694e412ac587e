"""Cross-field checks of a snapshot, located by JSON pointer: unique record ids, Art. 71 exclusions only for
a body following the Measures by reference."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from evaluator.model.base import Model, Record
from evaluator.model.department import CatalogEntry, DepartmentSnapshot, InfoSystem
from evaluator.model.enums import OrgKind
from evaluator.model.platform import PlatformSnapshot
from evaluator.model.walk import fields_holding

# ---------------------------------------------------------------------------------------------
# Cross-field checks, located by JSON pointer


class Problem(Model):
    """A consistency problem with its JSON pointer inside the snapshot."""

    pointer: str
    message: str
    record_id: str | None = None


def consistency_problems(snapshot: DepartmentSnapshot | PlatformSnapshot) -> list[Problem]:
    """Checks across fields that a field validator cannot see: unique ids, Art. 71 exclusions only for a body
    following the Measures by reference. (Dates that cannot be true, including any after as_of, are checked
    at import by ``evaluator.intake.chronology``.)"""
    return _unique_ids(snapshot) + art71_problems(snapshot)


def art71_problems(snap: DepartmentSnapshot | PlatformSnapshot) -> list[Problem]:
    """Art. 71 exclusions (``outside_public_service``) marked by a body that does not follow the Measures
    by reference."""
    if not isinstance(snap, DepartmentSnapshot):
        return []
    if snap.department.kind == OrgKind.BY_REFERENCE:
        return []
    records: list[tuple[str, CatalogEntry | InfoSystem]] = [
        *((f"/catalog/{i}", r) for i, r in enumerate(snap.catalog)),
        *((f"/systems/{i}", r) for i, r in enumerate(snap.systems)),
    ]
    return [
        Problem(
            pointer=f"{pointer}/outside_public_service",
            message="只有参照执行单位（第七十一条）可以把资源或系统标为不属公共管理和服务职责；"
            f"本单位类型为{snap.department.kind.value} / only an Art. 71 body may mark data outside public service",
            record_id=r.id,
        )
        for pointer, r in records
        if r.outside_public_service is not None
    ]


def _walk(obj: Any, pointer: str) -> Iterable[tuple[str, Any]]:
    yield pointer, obj
    if isinstance(obj, BaseModel):
        for name in fields_holding(type(obj)):  # records are models: text and number fields hold none
            yield from _walk(getattr(obj, name), f"{pointer}/{name}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{pointer}/{i}")


class RecordIds:
    """Unique record ids, record by record in document order: :meth:`visit` each record where it stands;
    :attr:`problems` are the duplicates, each pointing at the first. An import's walk over the dates
    visits every record anyway and calls :meth:`visit` on the way (one pass, not two)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.problems: list[Problem] = []

    def visit(self, pointer: str, record: Record) -> None:
        rid = record.id
        first = self.seen.get(rid)
        if first is None:
            self.seen[rid] = pointer
            return
        self.problems.append(
            Problem(
                pointer=f"{pointer}/id",
                message=f"记录标识重复：{rid}（首次出现于 {first}）/ duplicate record id {rid} (first at {first})",
                record_id=rid,
            )
        )


def _unique_ids(snapshot: BaseModel) -> list[Problem]:
    ids = RecordIds()
    for pointer, obj in _walk(snapshot, ""):
        if isinstance(obj, Record):
            ids.visit(pointer, obj)
    return ids.problems
