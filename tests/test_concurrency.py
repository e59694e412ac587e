"""Concurrent commands (issue 19 item 9): one open notice per department and period, enforced by the
database; concurrent imports of the same department serialise (versions 1, 2, … never a raw constraint
error). Parallel processes — the CLI itself — on SQLite and on PostgreSQL.

The notice race is the check-then-insert in ``notices issue``: both processes see no open notice, both
insert. To make the race certain rather than lucky, each worker disables the Python check (as if every
check had run before any insert) and all start together; the database constraint alone must then let
exactly one notice through and refuse the others with a clear message.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import select

from evaluator.evaluate import api
from evaluator.store import db
from evaluator.store.db import session
from evaluator.store.notices import OPEN_NOTICE_STATES, NoticeRow
from evaluator.store.snapshots import SnapshotRow
from tests.support import snapshots as S
from tests.support.pgserver import create_database

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 4

# a worker: waits for the start signal, then runs one govshare command in this process
WORKER = r"""
import sys, time
from pathlib import Path
ready, go, race, *argv = sys.argv[1:]
if race == "1":
    from evaluator.consumers import notices
    notices._open_notice = lambda *a, **k: None  # every check passed before any insert
from evaluator.cli.main import app
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.002)
sys.argv = ["govshare", *argv]
app()
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    if request.param == "sqlite":
        monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
        yield db.database_url()
        return
    url = create_database(request.getfixturevalue("pg_url"), "govshare_conc")
    monkeypatch.setenv("GOVSHARE_DATABASE_URL", url)
    yield url


def _write(folder: Path, docs: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, d in enumerate(docs):
        (folder / f"{i:02d}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, explicit_end=True), "utf-8"
        )
    return folder


def _run_together(tmp: Path, commands: list[list[str]], race: bool) -> list[subprocess.CompletedProcess[str]]:
    sync = tmp / f"sync-{uuid.uuid4().hex[:6]}"
    sync.mkdir()
    go = sync / "go"
    procs = []
    for i, argv in enumerate(commands):
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER,
                    str(sync / f"ready-{i}"),
                    str(go),
                    "1" if race else "0",
                    *argv,
                ],
                cwd=tmp,
                env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    deadline = time.monotonic() + 120
    while len(list(sync.glob("ready-*"))) < len(commands):
        assert time.monotonic() < deadline, "workers did not start"
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.01)
    go.touch()
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def test_concurrent_notices_for_one_department_give_one_open_notice(store_url: str, tmp_path: Path) -> None:
    api.import_paths([_write(tmp_path / "in", [S.platform(), S.art67_department()])])
    api.evaluate_stored(2025)
    cmd = ["notices", "issue", "--period", "2025", "--department", S.DEPT, "--date", "2026-03-02"]
    results = _run_together(tmp_path, [cmd] * WORKERS, race=True)
    codes = sorted(r.returncode for r in results)
    assert codes == [0] + [2] * (WORKERS - 1), [(r.returncode, r.stdout, r.stderr) for r in results]
    refused = [r.stdout + r.stderr for r in results if r.returncode == 2]
    assert all("已有未办结的整改通知书" in t and "Traceback" not in t for t in refused), refused
    db.forget_engines()
    with session(store_url) as s:
        rows = s.exec(select(NoticeRow).where(NoticeRow.kind == "notice")).all()
        open_ = [r for r in rows if r.state in OPEN_NOTICE_STATES]
        assert len(open_) == 1 and open_[0].state == "已下发", [(r.number, r.state) for r in rows]
        # a number taken by a refused insert is never taken: the next number follows the one issued
        assert open_[0].number == "内数据〔2026〕1号"


def test_concurrent_imports_of_one_department_serialise(store_url: str, tmp_path: Path) -> None:
    folders = [
        _write(tmp_path / f"in{i}", [S.platform(), S.art67_department(name=f"县测试局{i}")])
        for i in range(WORKERS)
    ]
    results = _run_together(tmp_path, [["import", str(f)] for f in folders], race=False)
    assert [r.returncode for r in results] == [0] * WORKERS, [(r.stdout, r.stderr) for r in results]
    db.forget_engines()
    with session(store_url) as s:
        versions = sorted(
            r.version for r in s.exec(select(SnapshotRow).where(SnapshotRow.kind == "department")).all()
        )
    assert versions == list(range(1, WORKERS + 1))
    from evaluator.store.audit_verify import verify

    res = verify(store_url)
    assert res.ok, res.problems
