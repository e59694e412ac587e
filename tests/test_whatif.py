"""What-if of one department (issue 20 item 5, evaluator.evaluate.whatif): what the dashboard shows — the
department's findings and errors before and after the change, its score and grade — equals what two
whole-county evaluations and two whole-province scorings give, for every department of the fixture county;
only the changed department goes to OPA, and nothing but cache entries of stored snapshots is written."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from dashboard import data
from dashboard.auth import Role, User
from evaluator.consumers.assess import score
from evaluator.consumers.assess.roster import facts_of, project_rows, projects_of, roster
from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate import api, whatif
from evaluator.evaluate.runner import Report
from evaluator.evaluate.service import Evaluations
from evaluator.intake.files import LoadedSnapshot, canonical_json, validate_document
from evaluator.model.results import Finding
from evaluator.model.snapshot import DepartmentSnapshot
from evaluator.store.snapshots import latest_snapshots

ROOT = Path(__file__).resolve().parents[1]
COUNTY = ROOT / "fixtures" / "county"
AUTHORITY = "11411325005200100P"  # 内乡县大数据局 (fixtures/county/00-platform.yaml)
PROVINCE_KEYS = {"rank", "rank_note_zh", "tied_with", "tie_count"}


@pytest.fixture(scope="module")
def server() -> Iterator[OpaServer]:
    srv = OpaServer(build_bundle())
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("whatif")
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVSHARE_DATA_DIR", str(tmp / "data"))
    mp.delenv("GOVSHARE_DATABASE_URL", raising=False)
    mp.delenv("GOVSHARE_OPA_URLS", raising=False)
    shutil.copytree(COUNTY, tmp / "county")
    api.import_paths(sorted((tmp / "county").glob("*.yaml")))
    yield f"sqlite:///{tmp / 'data' / 'govshare.db'}"
    mp.undo()


def _whole_county(
    period: int, dept: str, changed: LoadedSnapshot | None, server: OpaServer, url: str
) -> tuple[Report, list[dict[str, Any]]]:
    """The whole county evaluated and scored, ``dept``'s snapshot replaced by ``changed`` (how the
    dashboard's what-if worked before issue 20)."""
    platform_row, rows = latest_snapshots(period, None, url)
    loaded = []
    for r in [platform_row, *rows]:
        assert r is not None
        snap = r.snapshot()
        ls = LoadedSnapshot(r.ref, snap, canonical_json(snap), r.sha256)
        loaded.append(changed if changed is not None and r.kind == "department" and r.dept == dept else ls)
    report = api.evaluate_loaded(
        loaded, server=server, store=False, waivers=api.waivers_in_force(period, url)
    )
    depts, _source, authority = roster(period, platform_row, rows, report.errors, url, report.findings)
    projects = project_rows(rows)
    if changed is not None:
        assert isinstance(changed.snapshot, DepartmentSnapshot)
        for d in depts:
            if d["code"] == dept:
                d["facts"] = facts_of(changed.snapshot)
        projects = [p for p in projects if p["department"] != dept] + projects_of(changed.snapshot, "what-if")
    a = score(period, report, depts, projects, bundle=server.bundle, server=server, authority=authority)
    return report, a.departments


def _of(
    dept: str, whole: tuple[Report, list[dict[str, Any]]]
) -> tuple[list[Finding], list[dict[str, Any]], dict[str, Any] | None]:
    """What the what-if shows of ``dept``: its findings, its errors and the county's, its entry."""
    report, entries = whole
    entry = next((d for d in entries if d["code"] == dept), None)
    return (
        [f for f in report.findings if f.department == dept],
        [e for e in report.errors if e.get("dept") in (dept, "")],
        {k: v for k, v in entry.items() if k not in PROVINCE_KEYS} if entry else None,
    )


def _dump(x: Any) -> bytes:
    return orjson.dumps(x, option=orjson.OPT_SORT_KEYS, default=Finding.as_json)


def _changed(doc: dict[str, Any], dept: str, how: str) -> LoadedSnapshot:
    doc = orjson.loads(orjson.dumps(doc))
    if how == "unit":
        doc["department"]["data_unit"] = None  # A7: no dedicated unit
    elif how == "fact":
        doc["department"]["head_is_first_responsible"] = None  # a missing fact: an error
    else:
        doc["department"]["name"] = doc["department"]["name"] + "（更名）"
    return validate_document(doc, f"假设分析 what-if/{dept}")


def test_what_if_equals_the_whole_county_for_every_department(county: str, server: OpaServer) -> None:
    period = 2025
    _, rows = latest_snapshots(period, None, county)
    hows = ["unit", "fact", "name"]
    fast_seen = whole_seen = 0
    base = _whole_county(period, "", None, server, county)
    for i, row in enumerate(rows):
        doc = orjson.loads(row.content)
        changed = _changed(doc, row.dept, hows[i % 3])
        r = whatif.what_if(period, row.dept, changed, url=county, server=server)
        assert r is not None
        whole = row.dept == AUTHORITY or hows[i % 3] == "name"
        assert r.whole_county is whole
        fast_seen += not whole
        whole_seen += whole
        if not whole:
            # only the changed department went to OPA; the platform's entry (with the authority's
            # department) came from the cache
            assert (r.after.run["evaluated_departments"], r.after.run["reused_departments"]) == (1, 1)
        want_before = _of(row.dept, base)
        want_after = _of(row.dept, _whole_county(period, row.dept, changed, server, county))
        stored = row.snapshot()
        assert isinstance(stored, DepartmentSnapshot) and isinstance(changed.snapshot, DepartmentSnapshot)
        got_scores = data_scores(period, r, changed, server)
        for report, (findings, errors, entry), got_score in zip(
            (r.before, r.after), (want_before, want_after), got_scores, strict=True
        ):
            assert _dump([f for f in report.findings if f.department == row.dept]) == _dump(findings), (
                row.dept
            )
            assert _dump([e for e in report.errors if e.get("dept") in (row.dept, "")]) == _dump(errors), (
                row.dept
            )
            assert _dump(got_score) == _dump(entry), row.dept
    assert fast_seen >= 10 and whole_seen >= 7


def data_scores(
    period: int, r: whatif.WhatIfReports, changed: LoadedSnapshot, server: OpaServer
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    from evaluator.consumers.assess import score_what_if

    stored, now = orjson.loads(r.stored.content), orjson.loads(changed.canonical)
    return score_what_if(
        period, r.before, r.after, stored, now, name=r.stored.name, authority=r.authority, server=server
    )


def test_the_dashboard_what_if_reads_no_other_snapshot_and_writes_no_entry_for_the_change(
    county: str, server: OpaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = 2025
    _, rows = latest_snapshots(period, None, county)
    row = next(r for r in rows if r.dept != AUTHORITY)
    me = User("dept", Role.DEPARTMENT, row.dept)
    doc = orjson.loads(row.content)
    doc["department"]["data_unit"] = None
    cache_dir = Path(api.ResultCache().root)
    entries = sorted(cache_dir.rglob("*.json")) if cache_dir.exists() else []
    api.evaluate_stored(period, url=county, server=server, store=False)  # the official run fills the cache
    filled = sorted(cache_dir.rglob("*.json"))
    assert len(filled) >= len(entries)
    read: list[str] = []
    real = whatif.snapshot_version

    def spy(h: Any, url: str | None = None) -> Any:
        read.append(h.dept)
        return real(h, url)

    monkeypatch.setattr(whatif, "snapshot_version", spy)
    service = Evaluations()
    try:
        w = data.what_if(me, period, row.dept, doc, service, county)
    finally:
        service.stop()
    assert w is not None and any(f.rule_id == "A7" for f in w.added)
    assert w.score_before is not None and w.score_after is not None
    assert w.score_after["total"] < w.score_before["total"]
    # the department's own row; the platform's was read by an earlier what-if of this county (kept)
    assert set(read) <= {row.dept, ""}
    assert sorted(cache_dir.rglob("*.json")) == filled  # the changed snapshot's answer is not cached
    assert isinstance(w.report, Report)


def test_what_a_what_if_keeps_is_frozen_out_of_the_cyclic_collector(county: str, server: OpaServer) -> None:
    """decision 0038: after a county's first what-if, the entries it keeps (the platform's, with the county's
    findings) are no longer walked by the collector; a second what-if of the same county freezes nothing new."""
    import gc

    period = 2025
    _, rows = latest_snapshots(period, None, county)
    row = next(r for r in rows if r.dept != AUTHORITY)
    gc.unfreeze()
    whatif._frozen.clear()
    try:
        r = whatif.what_if(
            period, row.dept, _changed(orjson.loads(row.content), row.dept, "unit"), url=county, server=server
        )
        assert r is not None
        kept = [e for c in whatif._caches.values() for e in c._kept.values()]
        assert kept and gc.get_freeze_count() > 0
        tracked = {id(o) for o in gc.get_objects()}
        assert not any(id(e) in tracked for e in kept)
        frozen = gc.get_freeze_count()
        whatif.what_if(
            period, row.dept, _changed(orjson.loads(row.content), row.dept, "fact"), url=county, server=server
        )
        assert gc.get_freeze_count() <= frozen  # only fewer: frozen objects are still freed when dropped
    finally:
        gc.unfreeze()


def test_a_what_if_after_an_import_reads_the_new_version(county: str, server: OpaServer) -> None:
    """The what-if keeps the period's snapshot index while the store's stamp stays (whatif._heads): a new
    version imported after a what-if is the next what-if's "before"."""
    from evaluator.store.snapshots import latest_stamp, store_snapshots

    period = 2025
    _, rows = latest_snapshots(period, None, county)
    row = next(r for r in rows if r.dept != AUTHORITY)
    first = whatif.what_if(
        period, row.dept, _changed(orjson.loads(row.content), row.dept, "unit"), url=county, server=server
    )
    assert first is not None and first.stored.version == row.version
    stamp = latest_stamp(period, county)
    doc = orjson.loads(row.content)
    doc["department"]["head_is_first_responsible"] = not doc["department"]["head_is_first_responsible"]
    store_snapshots([validate_document(doc, "reimport.json")], county)
    assert latest_stamp(period, county) != stamp
    second = whatif.what_if(period, row.dept, _changed(doc, row.dept, "unit"), url=county, server=server)
    assert second is not None and second.stored.version == row.version + 1
    assert (
        orjson.loads(second.stored.content)["department"]["head_is_first_responsible"]
        is doc["department"]["head_is_first_responsible"]
    )


def test_the_sides_scored_apart_equal_the_sides_scored_together(
    county: str, server: OpaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A what-if with thousands of findings (the authority's at province scale) scores its two sides in two
    requests at once (scoring._SIDES_APART): the same entries as in one request."""
    from evaluator.consumers.assess import scoring

    period = 2025
    _, rows = latest_snapshots(period, None, county)
    for row in rows[:4]:
        changed = _changed(orjson.loads(row.content), row.dept, "unit")
        r = whatif.what_if(period, row.dept, changed, url=county, server=server)
        assert r is not None
        together = data_scores(period, r, changed, server)
        monkeypatch.setattr(scoring, "_SIDES_APART", 0)
        apart = data_scores(period, r, changed, server)
        monkeypatch.undo()
        assert _dump(apart) == _dump(together) and together[0] is not None, row.dept


def test_the_authority_s_what_if_reads_the_index_of_the_others_answers(
    county: str, server: OpaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a whole-county run (which writes the index of the departments' answers about others beside
    their entries, incremental._about_others), the authority's own what-if reads that one entry instead of
    every department's — and shows what two whole-county evaluations show of the authority."""
    period = 2025
    _, rows = latest_snapshots(period, None, county)
    row = next(r for r in rows if r.dept == AUTHORITY)
    api.evaluate_stored(period, url=county, server=server, store=False)  # writes the index
    changed = _changed(orjson.loads(row.content), row.dept, "unit")
    read: list[str] = []
    real = whatif._KeptCache.get

    def spy(self: whatif._KeptCache, key: str) -> Any:
        read.append(key)
        return real(self, key)

    monkeypatch.setattr(whatif._KeptCache, "get", spy)
    whatif._caches.clear()  # no entry kept from an earlier test
    r = whatif.what_if(period, row.dept, changed, url=county, server=server)
    assert r is not None and r.whole_county
    assert len(read) <= 4  # both sides: the platform's entry and the index (no department's entry)
    assert r.after.run["reused_departments"] == len(rows) - 1
    for report, whole in (
        (r.before, _whole_county(period, "", None, server, county)),
        (r.after, _whole_county(period, row.dept, changed, server, county)),
    ):
        findings, errors, _ = _of(row.dept, whole)
        assert _dump([f for f in report.findings if f.department == row.dept]) == _dump(findings)
        assert _dump([e for e in report.errors if e.get("dept") in (row.dept, "")]) == _dump(errors)
