"""The store on PostgreSQL: import, versions, evaluation on the real OPA, the run stored with its findings."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml
from sqlmodel import func, select
from support.pgserver import libpq_url

from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate.api import evaluate_stored, import_paths
from evaluator.intake.files import SnapshotFileError
from evaluator.store.db import session
from evaluator.store.runs import FindingRow, RunRow, latest_county_run
from evaluator.store.snapshots import SnapshotRow
from fixtures.generator.build import COUNTY_DIR, INVALID_DIR, build

N_SNAPSHOTS = len(list(COUNTY_DIR.glob("*.yaml")))


@pytest.fixture(scope="module")
def server() -> Iterator[OpaServer]:
    srv = OpaServer(build_bundle())
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def pg_db(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh database on the throwaway server for this test, named by GOVSHARE_DATABASE_URL."""
    name = f"govshare_store_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(pg_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    monkeypatch.setenv("GOVSHARE_DATABASE_URL", url)
    return url


def _count(url: str, table: type[SnapshotRow] | type[RunRow] | type[FindingRow]) -> int:
    with session(url) as s:
        return int(s.exec(select(func.count()).select_from(table)).one())


def test_import_versions_evaluate_and_store_run(pg_db: str, tmp_path: Path, server: OpaServer) -> None:
    first = import_paths([COUNTY_DIR])
    assert len(first) == N_SNAPSHOTS and all(r.version == 1 and not r.unchanged for r in first)
    assert _count(pg_db, SnapshotRow) == N_SNAPSHOTS

    assert all(r.unchanged for r in import_paths([COUNTY_DIR]))
    assert _count(pg_db, SnapshotRow) == N_SNAPSHOTS

    # a bad file among good ones: refused, nothing stored
    batch = tmp_path / "batch"
    shutil.copytree(COUNTY_DIR, batch)
    shutil.copy(INVALID_DIR / "08-bad-dept-code.yaml", batch / "zz-bad.yaml")
    with pytest.raises(SnapshotFileError) as exc:
        import_paths([batch])
    assert any(e.pointer == "/department/code" for e in exc.value.errors)
    assert _count(pg_db, SnapshotRow) == N_SNAPSHOTS

    # one department changes: v2, v1 kept
    changed = tmp_path / "county"
    shutil.copytree(COUNTY_DIR, changed)
    f = changed / "15-tongjiju.yaml"
    doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    doc["department"]["head"] = "刘洋"
    f.write_text(
        yaml.safe_dump(doc, allow_unicode=True, explicit_end=True, sort_keys=False), encoding="utf-8"
    )
    code = doc["department"]["code"]
    new = [r for r in import_paths([changed]) if not r.unchanged]
    assert [(r.dept, r.version) for r in new] == [(code, 2)]
    with session(pg_db) as s:
        versions = sorted(s.exec(select(SnapshotRow.version).where(SnapshotRow.dept == code)).all())
    assert versions == [1, 2]

    report = evaluate_stored(2025, server=server, store=True)
    assert report.errors == []
    refs = {(s["kind"], s["dept"]): s for s in report.run["snapshots"]}
    assert refs[("department", code)]["version"] == 2
    assert {(f.rule_id, f.department) for f in report.findings} == build().expected()

    stored = latest_county_run(2025, pg_db)
    assert stored is not None
    run, findings = stored
    assert run.id == report.run["id"]
    assert run.findings_count == len(report.findings) == len(findings)
    assert findings == report.findings  # read back typed, in the report's order, equal to what was stored
    assert run.snapshots == report.run["snapshots"]
    assert _count(pg_db, RunRow) == 1
