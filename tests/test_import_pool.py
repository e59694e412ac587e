"""A large batch's JSON and YAML documents are validated in worker processes (evaluator/intake/pool.py):
the outcome is the in-process one exactly — the same snapshots and stored rows, the same located errors
in the same order, and nothing stored when any file is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from evaluator.evaluate.api import import_paths
from evaluator.intake import pool
from evaluator.intake.files import SnapshotFileError, expand_paths, load_batch, load_files
from evaluator.intake.loaded import LoadedSnapshot
from evaluator.store.db import session
from evaluator.store.snapshots import SnapshotRow
from fixtures.generator.build import COUNTY_DIR, INVALID_DIR, ROOT

pytestmark = pytest.mark.skipif(pool.workers() < 2, reason="one processor: batches stay in-process")


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(pool, "busy", lambda: False)  # the outcome must not depend on the machine's load


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many documents each pooled call's workers answered: a test comparing the pooled outcome with
    the serial one must know the workers ran (load_many falls back to None, and the caller to in-process
    reading, when they cannot)."""
    counts: list[int] = []
    real = pool.load_many

    def spy(items: object, read: object) -> object:
        got = real(items, read)  # type: ignore[arg-type]
        counts.append(-1 if got is None else len(got))
        return got

    monkeypatch.setattr(pool, "load_many", spy)
    return counts


def _serial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "POOL_MIN_BYTES", 1 << 62)


def _items(paths: list[Path]) -> list[tuple[bytes, str, str]]:
    return [(p.read_bytes(), str(p), p.suffix.lower()) for p in paths]


def _same(a: list[LoadedSnapshot], b: list[LoadedSnapshot]) -> None:
    assert a == b  # source, canonical bytes, hash, what the reader normalised
    assert [x.head() for x in a] == [x.head() for x in b]
    assert [x.snapshot for x in a] == [x.snapshot for x in b]


def test_small_batches_stay_in_process() -> None:
    county = _items(expand_paths([COUNTY_DIR]))
    assert pool.remote(county) == []  # ≈ 0.3 MB, under POOL_MIN_BYTES


def test_busy_processors_keep_the_batch_in_process(pooled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [(b"{}", "a.json", ".json"), (b"{}", "b.json", ".json")]
    assert pool.remote(items) == [0, 1]
    monkeypatch.setattr(pool, "busy", lambda: True)
    assert pool.remote(items) == []


def test_busy_is_the_processors_idle_now_not_the_load_average(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "workers", lambda: 2)
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(pool.os, "getloadavg", lambda: (9.0, 9.0, 9.0))  # a minute of past work: not read
    monkeypatch.setattr(pool, "SAMPLE_S", 0)

    def stat(*samples: tuple[int, int]) -> None:
        it = iter(samples)
        monkeypatch.setattr(pool, "_cpu_times", lambda: next(it))

    stat((1000, 5000), (1090, 5100))  # (idle, total) jiffies: 90 % of 2 processors idle
    assert pool.idle_cpus(0) == pytest.approx(1.8)
    stat((1000, 5000), (1090, 5100))
    assert not pool.busy()
    stat((1000, 5000), (1050, 5100))  # one processor taken by someone else: the workers would share it
    assert pool.busy()
    stat((1000, 5000), (1075, 5100))  # 1.5 idle: enough
    assert not pool.busy()

    def unreadable() -> tuple[int, int]:
        raise OSError("no /proc/stat")

    monkeypatch.setattr(pool, "_cpu_times", unreadable)
    assert not pool.busy()


def test_what_goes_to_the_workers(pooled: None) -> None:
    items = [
        (b"{}", "a.json", ".json"),
        (b"", "b.xlsx", ".xlsx"),
        (b"", "c.csv", ".csv"),
        (b"a: 1", "d.yaml", ".yaml"),
    ]
    assert pool.remote(items) == [0, 3]  # a workbook or CSV may be a catalog export of the batch
    assert pool.remote(items[:3]) == []  # one document alone is read in-process


def test_pooled_snapshots_are_the_serial_ones(
    pooled: None, answered: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    got = load_files([COUNTY_DIR])
    assert answered == [len(pool.remote(_items(expand_paths([COUNTY_DIR]))))]  # the workers read them all
    assert all(s._model is None for s in got)  # never sent back: built from the canonical JSON when asked
    _serial(monkeypatch)
    _same(got, load_files([COUNTY_DIR]))


def test_pooled_errors_are_the_serial_ones_in_order(
    pooled: None, answered: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the county, every invalid fixture, the county's platform twice (a cross-file error) and a catalog
    # export: the errors of every file, in the batch's order, word for word
    paths = [*expand_paths([COUNTY_DIR]), *expand_paths([INVALID_DIR]), COUNTY_DIR / "00-platform.yaml"]
    paths += expand_paths([ROOT / "fixtures" / "catalog_export"])
    items = _items(paths)
    assert len(pool.remote(items)) > 2
    with pytest.raises(SnapshotFileError) as pooled_error:
        load_batch(items)
    assert answered == [len(pool.remote(items))]  # the workers answered, not the in-process fallback
    _serial(monkeypatch)
    with pytest.raises(SnapshotFileError) as serial_error:
        load_batch(items)
    assert pooled_error.value.errors == serial_error.value.errors
    assert len({e.file for e in serial_error.value.errors}) > 20


def _rows(url: str) -> list[tuple[object, ...]]:
    with session(url) as s:
        rows = s.exec(select(SnapshotRow)).all()
        return sorted(
            (r.kind, r.dept, r.name, r.period, r.version, r.as_of, r.sha256, r.content) for r in rows
        )


def test_pooled_import_stores_the_serial_rows_or_nothing(
    pooled: None, answered: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    first = import_paths([COUNTY_DIR], a)
    batch = tmp_path / "batch"
    shutil.copytree(COUNTY_DIR, batch)
    for f in batch.glob("*.yaml"):  # changed: alone they would be stored as new versions
        f.write_text(f.read_text(encoding="utf-8").replace("2026-02-27", "2026-02-26"), encoding="utf-8")
    shutil.copy(INVALID_DIR / "04-unknown-enum.yaml", batch / "zz-bad.yaml")
    before = _rows(a)
    with pytest.raises(SnapshotFileError) as refused:
        import_paths([batch], a)
    assert [e.file for e in refused.value.errors] == [str(batch / "zz-bad.yaml")]
    assert _rows(a) == before  # all or nothing
    assert len(answered) == 2 and min(answered) > 2  # both imports were read by the workers
    _serial(monkeypatch)
    assert import_paths([COUNTY_DIR], b) == first
    assert _rows(b) == before


def test_workers_that_cannot_run_leave_the_batch_in_process(
    pooled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise pool.BrokenProcessPool("a worker could not start")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", Broken)
    got = load_files([COUNTY_DIR])
    assert all(s._model is not None for s in got)  # read here
    _serial(monkeypatch)
    _same(got, load_files([COUNTY_DIR]))


def test_a_caller_that_only_stores_gets_bytes_and_heads(monkeypatch: pytest.MonkeyPatch) -> None:
    _serial(monkeypatch)
    items = _items(expand_paths([COUNTY_DIR]))
    got = load_batch(items, models=False)
    assert all(s._model is None for s in got)
    _same(got, load_batch(items))
