"""A validated snapshot as an import holds it: its canonical JSON, hash and head, the model only when asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from evaluator.intake.gcpause import collector_paused
from evaluator.intake.problems import ImportProblem
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot


class LoadedSnapshot:
    """A validated snapshot: its source, canonical JSON (the bytes hashed and stored), their SHA-256, what
    the reader normalised, and the head the store and the cross-file check read (kind, department code and
    name, period, as_of). The model is the one validated, or — for a snapshot validated in a worker
    process (``evaluator.intake.pool``), which sends back only the bytes and the head — built from the
    canonical JSON when first asked for, as a stored row is read back (``SnapshotRow.snapshot``)."""

    __slots__ = (
        "_model",
        "as_of",
        "canonical",
        "dept",
        "kind",
        "name",
        "normalised",
        "period",
        "sha256",
        "source",
    )

    def __init__(
        self,
        source: str,
        snapshot: DepartmentSnapshot | PlatformSnapshot,
        canonical: bytes,
        sha256: str,
        normalised: tuple[ImportProblem, ...] = (),
    ) -> None:
        dept = snapshot.department if isinstance(snapshot, DepartmentSnapshot) else None
        self._model: DepartmentSnapshot | PlatformSnapshot | None = snapshot
        self.source, self.canonical, self.sha256, self.normalised = (
            source,
            canonical,
            sha256,
            tuple(normalised),
        )
        self.kind: str = snapshot.kind
        self.dept: str | None = dept.code if dept is not None else None
        self.name: str | None = dept.name if dept is not None else None  # the department's; None: platform
        self.period: int = snapshot.period
        self.as_of: dt.date = snapshot.as_of

    @property
    def snapshot(self) -> DepartmentSnapshot | PlatformSnapshot:
        if self._model is None:
            model = DepartmentSnapshot if self.kind == "department" else PlatformSnapshot
            with collector_paused():
                self._model = model.model_validate(orjson.loads(self.canonical))
        return self._model

    def head(self) -> tuple[str, str, str, tuple[ImportProblem, ...], tuple[Any, ...]]:
        """What a worker sends back (``without_model`` rebuilds it): never the model, whose pickle costs
        more than validating it again."""
        return (
            self.source,
            self.sha256,
            self.kind,
            self.normalised,
            (self.dept, self.name, self.period, self.as_of),
        )

    @classmethod
    def without_model(
        cls, canonical: bytes, head: tuple[str, str, str, tuple[ImportProblem, ...], tuple[Any, ...]]
    ) -> LoadedSnapshot:
        self = cls.__new__(cls)
        self._model = None
        self.canonical = canonical
        self.source, self.sha256, self.kind, self.normalised, rest = head
        self.dept, self.name, self.period, self.as_of = rest
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadedSnapshot):
            return NotImplemented
        return (self.source, self.canonical, self.sha256, self.normalised) == (
            other.source,
            other.canonical,
            other.sha256,
            other.normalised,
        )

    def __hash__(self) -> int:
        return hash((self.source, self.sha256))

    def __repr__(self) -> str:
        return (
            f"LoadedSnapshot({self.source!r}, {self.kind}, {self.dept!r}, {self.period}, {self.sha256[:12]})"
        )
