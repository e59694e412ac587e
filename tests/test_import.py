"""`govshare import`: invalid files are refused, located, in Chinese, and nothing is stored; valid
snapshots are stored as versions (unchanged content is not stored again)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate.api import evaluate_stored, import_paths
from evaluator.intake.files import MAX_FILE_BYTES, SnapshotFileError, load_files
from evaluator.store.db import session
from evaluator.store.snapshots import SnapshotRow
from fixtures.generator.build import COUNTY_DIR, INVALID_DIR, ROOT
from fixtures.generator.invalid import CASES, OVERSIZED, Case
from fixtures.generator.invalid_xlsx import ALL_FAULTS, ALL_FAULTS_EXPECTED, BLANK, BLANK_EXPECTED

GOVSHARE = Path(sys.executable).parent / "govshare"
N_SNAPSHOTS = len(list(COUNTY_DIR.glob("*.yaml")))


@pytest.fixture(scope="module")
def server() -> Iterator[OpaServer]:
    srv = OpaServer(build_bundle())
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(d))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    return d


def _url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'govshare.db'}"


def _rows(data_dir: Path) -> list[tuple[str, str, int, int, str]]:
    with session(_url(data_dir)) as s:
        rows = s.exec(select(SnapshotRow)).all()
        return sorted((r.kind, r.dept, r.period, r.version, r.sha256) for r in rows)


def _govshare(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GOVSHARE_DATABASE_URL"}
    env["GOVSHARE_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = "400"  # rich folds table cells at 80 columns; a wide terminal keeps each on one line
    return subprocess.run(
        [str(GOVSHARE), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _assert_refused(proc: subprocess.CompletedProcess[str], file: Path, case: Case) -> None:
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert file.name in output, output
    assert (case.pointer or "/") in output, output
    assert case.message_zh in output, output
    assert "未写入任何数据" in output, output


@pytest.fixture(scope="module")
def stored_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database that already holds the fixture county (so 'nothing stored' is checked against rows).

    Module-scoped: the refused imports must leave it unchanged, and each test checks exactly that."""
    data_dir = tmp_path_factory.mktemp("stored")
    proc = _govshare("import", str(COUNTY_DIR), data_dir=data_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(_rows(data_dir)) == N_SNAPSHOTS
    return data_dir


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_invalid_file_is_refused_and_nothing_stored(case: Case, stored_county: Path) -> None:
    before = _rows(stored_county)
    file = INVALID_DIR / case.file
    proc = _govshare("import", str(file), data_dir=stored_county)
    _assert_refused(proc, file, case)
    assert _rows(stored_county) == before


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_invalid_file_is_broken_in_exactly_one_way(case: Case) -> None:
    with pytest.raises(SnapshotFileError) as exc:
        load_files([INVALID_DIR / case.file])
    assert [(e.pointer, case.message_zh in e.message) for e in exc.value.errors] == [(case.pointer, True)]
    if case.record_id is not None:
        assert [e.record_id for e in exc.value.errors] == [case.record_id]


def test_oversized_file_is_refused(stored_county: Path, tmp_path: Path) -> None:
    before = _rows(stored_county)
    big = tmp_path / OVERSIZED.file
    base = (COUNTY_DIR / "15-tongjiju.yaml").read_bytes()
    pad = b"# " + b"x" * 1021 + b"\n"
    big.write_bytes(base + pad * (MAX_FILE_BYTES // len(pad) + 1))
    assert big.stat().st_size > MAX_FILE_BYTES
    proc = _govshare("import", str(big), data_dir=stored_county)
    _assert_refused(proc, big, OVERSIZED)
    assert _rows(stored_county) == before


def test_one_bad_file_among_good_ones_stores_nothing(stored_county: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    shutil.copytree(COUNTY_DIR, batch)
    # the good files are changed, so on their own they would be stored as new versions
    for f in batch.glob("*.yaml"):
        f.write_text(f.read_text(encoding="utf-8").replace("2026-02-27", "2026-02-26"), encoding="utf-8")
    case = next(c for c in CASES if c.file == "04-unknown-enum.yaml")
    shutil.copy(INVALID_DIR / case.file, batch / "zz-bad.yaml")
    before = _rows(stored_county)
    proc = _govshare("import", str(batch), data_dir=stored_county)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert "zz-bad.yaml" in output and case.pointer in output and case.message_zh in output
    assert _rows(stored_county) == before


def test_versions_unchanged_and_v2(data_dir: Path, tmp_path: Path, server: OpaServer) -> None:
    first = import_paths([COUNTY_DIR])
    assert len(first) == N_SNAPSHOTS
    assert all(r.version == 1 and not r.unchanged for r in first)

    again = import_paths([COUNTY_DIR])
    assert all(r.unchanged and r.version == 1 for r in again)
    assert len(_rows(data_dir)) == N_SNAPSHOTS

    changed = tmp_path / "county"
    shutil.copytree(COUNTY_DIR, changed)
    f = changed / "15-tongjiju.yaml"
    doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    doc["department"]["head"] = "刘洋"
    f.write_text(
        yaml.safe_dump(doc, allow_unicode=True, explicit_end=True, sort_keys=False), encoding="utf-8"
    )
    code = doc["department"]["code"]

    third = import_paths([changed])
    new = [r for r in third if not r.unchanged]
    assert [(r.dept, r.version) for r in new] == [(code, 2)]
    rows = _rows(data_dir)
    assert len(rows) == N_SNAPSHOTS + 1
    assert sorted(v for k, d, _p, v, _s in rows if d == code) == [1, 2]  # v1 kept

    report = evaluate_stored(2025, server=server, store=True)
    refs = {(s["kind"], s["dept"]): s for s in report.run["snapshots"]}
    assert len(refs) == N_SNAPSHOTS
    assert refs[("department", code)]["version"] == 2
    assert refs[("department", code)]["ref"] == f"{code}/2025/v2"
    assert refs[("platform", "")]["version"] == 1
    assert all(s["version"] == 1 for (k, d), s in refs.items() if d != code)


def test_cli_import_reports_unchanged(stored_county: Path) -> None:
    proc = _govshare("import", str(COUNTY_DIR), data_dir=stored_county)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("未变化 unchanged") == N_SNAPSHOTS
    assert len(_rows(stored_county)) == N_SNAPSHOTS


def test_english_aliases_are_accepted(data_dir: Path, tmp_path: Path) -> None:
    doc = yaml.safe_load((COUNTY_DIR / "15-tongjiju.yaml").read_text(encoding="utf-8"))
    doc["catalog"][0]["share_attribute"] = "conditional"
    doc["catalog"][0]["share_bases"] = [{"rank": "law", "title": "中华人民共和国统计法", "article": None}]
    doc["catalog"][0]["update_cycle"] = "quarterly"
    f = tmp_path / "tongjiju-en.yaml"
    f.write_text(
        yaml.safe_dump(doc, allow_unicode=True, explicit_end=True, sort_keys=False), encoding="utf-8"
    )
    [result] = import_paths([f])
    assert result.version == 1
    with session(_url(data_dir)) as s:
        row = s.exec(select(SnapshotRow).where(SnapshotRow.dept == doc["department"]["code"])).one()
        stored = row.snapshot()
    res = stored.catalog[0]  # type: ignore[union-attr]
    assert res.share_attribute == "有条件共享"
    assert res.share_bases[0].rank == "法律"
    assert res.update_cycle == "每季度"


@pytest.mark.parametrize("case", [BLANK, ALL_FAULTS], ids=[BLANK.file, ALL_FAULTS.file])
def test_a_file_with_several_faults_is_refused_whole_and_nothing_stored(
    case: Case, stored_county: Path
) -> None:
    before = _rows(stored_county)
    file = INVALID_DIR / case.file
    proc = _govshare("import", str(file), data_dir=stored_county)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    expected = BLANK_EXPECTED if case is BLANK else ALL_FAULTS_EXPECTED
    assert f"（{len(expected)} 处错误 / error(s)）" in output, output
    for pointer, fragment in expected:
        assert f"{file}:{pointer or '/'}" in output and fragment in output, output
    assert "未写入任何数据" in output
    assert _rows(stored_county) == before
