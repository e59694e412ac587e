"""Fuzzed input (issue 11): >= 10,000 malformed snapshots, each refused with a located error, no crash,
nothing stored; and every valid snapshot round-trips import → export → import unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.intake.files import SnapshotFileError, canonical_json, load_bytes
from evaluator.store.db import session
from evaluator.store.snapshots import SnapshotRow, store_snapshots

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "county"
DEPT = yaml.safe_load((FIXTURES / "15-tongjiju.yaml").read_text("utf-8"))
PLATFORM = yaml.safe_load((FIXTURES / "00-platform.yaml").read_text("utf-8"))
FUZZ_SETTINGS = settings(
    max_examples=1300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(autouse=True)
def _db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.append((*prefix, k))
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.append((*prefix, i))
            out += _paths(v, (*prefix, i))
    return out


PATHS = [p for p in _paths(DEPT) if p[0] not in ("schema_version", "kind")]


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        doc = doc[p]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _attempt(raw: bytes, suffix: str = ".json") -> None:
    """Must be refused with located errors; never another exception; nothing stored."""
    try:
        loaded = load_bytes(raw, "fuzz" + suffix, suffix)
    except SnapshotFileError as e:
        assert e.errors, "refused without a located error"
        for err in e.errors:
            assert err.file == "fuzz" + suffix and err.message
            assert any("\u4e00" <= ch <= "\u9fff" for ch in err.message), err.message  # Chinese first
        return
    store_snapshots([loaded])
    raise AssertionError(f"malformed snapshot accepted: {raw[:200]!r}")


def _dump(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


# strategies of values that are wrong wherever they go in the schema
wrong_scalar = st.one_of(
    st.just({"$": 1}),
    st.lists(st.integers(), min_size=1, max_size=3).map(lambda xs: [{"x": x} for x in xs]),
)
_required_paths = [
    ("period",),
    ("as_of",),
    ("department",),
    ("department", "code"),
    ("department", "name"),
    ("department", "kind"),
    ("department", "head"),
]


@FUZZ_SETTINGS
@given(
    idx=st.integers(0, len(PATHS) - 1),
    value=st.one_of(wrong_scalar, st.just(None).map(lambda _: {"bad": []})),
)
def test_wrong_types(idx: int, value: Any) -> None:
    doc = copy.deepcopy(DEPT)
    path = PATHS[idx]
    if isinstance(_get(doc, path), dict | list) and value == {"bad": []}:
        value = "不是对象"
    _set(doc, path, value)
    _attempt(_dump(doc))


@FUZZ_SETTINGS
@given(idx=st.integers(0, len(_required_paths) - 1), extra=st.text(min_size=1, max_size=8))
def test_missing_fields_and_unknown_fields(idx: int, extra: str) -> None:
    doc = copy.deepcopy(DEPT)
    path = _required_paths[idx]
    del _get(doc, path[:-1])[path[-1]]
    doc[f"未知字段_{extra}"] = 1
    _attempt(_dump(doc))


@FUZZ_SETTINGS
@given(
    year=st.integers(2000, 2100),
    month=st.integers(1, 12),
    day=st.integers(29, 40),
    field=st.sampled_from(["as_of", "reports.0.submitted"]),
)
def test_impossible_or_late_dates(year: int, month: int, day: int, field: str) -> None:
    import calendar

    doc = copy.deepcopy(DEPT)
    if day <= calendar.monthrange(year, month)[1]:
        day = 99  # make it impossible
    path = tuple(int(p) if p.isdigit() else p for p in field.split("."))
    _set(doc, path, f"{year:04d}-{month:02d}-{day:02d}")
    _attempt(_dump(doc))


@FUZZ_SETTINGS
@given(n=st.integers(-10_000, -1), where=st.sampled_from(["period", "retention"]))
def test_negative_counts(n: int, where: str) -> None:
    doc = copy.deepcopy(DEPT)
    if where == "period":
        doc["period"] = n
    else:
        doc["security"]["log_retention_months"] = n
    _attempt(_dump(doc))


@FUZZ_SETTINGS
@given(
    size=st.integers(2_001, 30_000), field=st.sampled_from([("department", "name"), ("department", "head")])
)
def test_huge_strings(size: int, field: tuple[str, ...]) -> None:
    doc = copy.deepcopy(DEPT)
    _set(doc, field, "长" * size)
    _attempt(_dump(doc))


@FUZZ_SETTINGS
@given(depth=st.integers(33, 2_000))
def test_deep_nesting(depth: int) -> None:
    raw = b'{"schema_version": "1.0", "kind": "department", "catalog": ' + b"[" * depth + b"]" * depth + b"}"
    _attempt(raw)
    _attempt(raw.replace(b"[", b"- ").replace(b"]", b""), ".yaml")


@FUZZ_SETTINGS
@given(junk=st.binary(min_size=1, max_size=16), pos=st.integers(0, 2000))
def test_invalid_utf8(junk: bytes, pos: int) -> None:
    raw = _dump(DEPT)
    bad = raw[:pos] + b"\xff\xfe" + junk + raw[pos:]
    _attempt(bad)


@FUZZ_SETTINGS
@given(section=st.sampled_from(["catalog", "systems", "collections", "share_requests", "reports"]))
def test_duplicate_ids(section: str) -> None:
    doc = copy.deepcopy(DEPT)
    if not doc.get(section):
        doc[section] = copy.deepcopy(DEPT["catalog"])
        section = "catalog"
    doc[section].append(copy.deepcopy(doc[section][0]))
    _attempt(_dump(doc))


_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@FUZZ_SETTINGS
@given(ch=st.sampled_from(list(_ALPHABET)), where=st.sampled_from(["dept", "provider"]))
def test_wrong_check_digits(ch: str, where: str) -> None:
    if where == "dept":
        doc = copy.deepcopy(DEPT)
        code = doc["department"]["code"]
        if ch == code[-1]:
            ch = "0" if code[-1] != "0" else "1"
        doc["department"]["code"] = code[:-1] + ch
    else:
        doc = copy.deepcopy(PLATFORM)
        code = doc["authority"]
        if ch == code[-1]:
            ch = "0" if code[-1] != "0" else "1"
        doc["authority"] = code[:-1] + ch
    _attempt(_dump(doc))


def test_nothing_was_stored() -> None:
    """Runs after the fuzzers in this module's order: the store they share per test is empty."""
    from evaluator.store.db import engine

    engine()
    with session() as s:
        assert s.query(SnapshotRow).count() == 0


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    name=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
    )
    .map(str.strip)
    .filter(bool),
    drop=st.sets(st.sampled_from(["catalog", "systems", "collections", "reports", "projects"])),
)
def test_valid_snapshots_round_trip(name: str, drop: set[str]) -> None:
    """import → export → import gives the same canonical bytes and hash."""
    doc = copy.deepcopy(DEPT)
    doc["department"]["name"] = name
    for key in drop:
        doc[key] = []
    first = load_bytes(yaml.safe_dump(doc, allow_unicode=True, explicit_end=True).encode(), "a.yaml", ".yaml")
    store_snapshots([first])
    with session() as s:
        row = s.query(SnapshotRow).filter(SnapshotRow.sha256 == first.sha256).one()
        exported = json.dumps(row.snapshot().model_dump(mode="json"), ensure_ascii=False).encode()
    second = load_bytes(exported, "b.json", ".json")
    assert second.sha256 == first.sha256
    assert canonical_json(second.snapshot) == first.canonical


# ---------------------------------------------------------------------------------------------
# The 26 kinds of the hostile test (issue 19), as files through the product's own intake. Figures in
# SECURITY.md; ``GOVSHARE_FUZZ_SCALE`` (default 3: 2,344 files) scales every kind.


def test_the_26_kinds_are_each_refused_with_a_located_error(tmp_path: Path) -> None:
    import os

    from tests.support.fuzz_kinds import run

    scale = int(os.environ.get("GOVSHARE_FUZZ_SCALE", "3"))
    fig = run(tmp_path / "files", scale)
    assert fig.kinds == 26 and fig.files >= 2000 * scale // 3, fig.table()
    figures = (fig.crashes, fig.hangs, fig.unlocated, fig.partial_writes, fig.silent_passes)
    assert figures == (0, 0, 0, 0, 0), (fig.table(), fig.failures)
    assert not fig.by_kind and not fig.failures, fig.failures
