"""Incremental re-evaluation (issue 20 item 2, docs/decisions/0020-incremental-evaluation.md).

On the fixture county stored in a temporary database: the incremental path gives the full run's report
byte for byte — cold, warm, and after one department re-submits — and evaluates only what changed; a
platform change or a new waiver re-evaluates everything; an edited cache entry is refused (exit 2).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate import api, incremental, runner
from evaluator.store.result_cache import CacheTampered, ResultCache
from tests.support.stored_county import store_county

TONGJIJU = "114113250052001145"  # 内乡县统计局, the fixture department with no deliberate break
DEPARTMENTS = 21
INDEX = 1  # the entry of the departments' answers about others (incremental._about_others)


@pytest.fixture(scope="module")
def server() -> Iterator[OpaServer]:
    srv = OpaServer(build_bundle())
    yield srv
    srv.stop()


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return store_county(tmp_path, monkeypatch)


def _stable(report: Any) -> bytes:
    doc = dict(report.as_dict(), run=dict(report.run))
    for k in ("id", "started_at", "finished_at", "reused_departments", "evaluated_departments"):
        doc["run"].pop(k, None)
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)


def _entries(cache: ResultCache) -> list[Path]:
    return sorted(cache.root.glob("??/*.json"))


def _counts(report: Any) -> tuple[int, int]:
    return report.run["reused_departments"], report.run["evaluated_departments"]


def test_cold_and_warm_runs_are_byte_identical_to_a_full_run(county: Path, server: OpaServer) -> None:
    full = api.evaluate_stored(2025, server=server, store=False, reuse=False)
    assert "reused_departments" not in full.run
    cold = api.evaluate_stored(2025, server=server, store=False)
    assert _counts(cold) == (0, DEPARTMENTS)
    assert _stable(cold) == _stable(full)
    warm = api.evaluate_stored(2025, server=server, store=False)
    assert _counts(warm) == (DEPARTMENTS, 0)
    assert _stable(warm) == _stable(full)
    assert full.findings and full.exit_code == 1


def test_one_department_resubmits_only_it_is_evaluated_and_the_report_equals_a_full_run(
    county: Path, server: OpaServer
) -> None:
    before = api.evaluate_stored(2025, server=server, store=False)
    assert not [f for f in before.findings if f.department == TONGJIJU]
    f = county / "15-tongjiju.yaml"
    f.write_text(
        f.read_text("utf-8").replace("head_is_first_responsible: true", "head_is_first_responsible: false"),
        "utf-8",
    )
    (result,) = api.import_paths([f])
    assert result.version == 2 and not result.unchanged
    after = api.evaluate_stored(2025, server=server, store=False)
    assert _counts(after) == (DEPARTMENTS - 1, 1)
    full = api.evaluate_stored(2025, server=server, store=False, reuse=False)
    assert _stable(after) == _stable(full)
    assert [x.rule_id for x in after.findings if x.department == TONGJIJU], "the change is a finding"


def test_a_platform_change_re_evaluates_every_department(county: Path, server: OpaServer) -> None:
    api.evaluate_stored(2025, server=server, store=False)
    f = county / "00-platform.yaml"
    text = f.read_text("utf-8")
    # a shared item renamed in the platform's register: the county data every rule reads has changed
    f.write_text(text.replace("item_name: 婚姻状况", "item_name: 婚姻登记信息", 1), "utf-8")
    api.import_paths([f])
    old = set(_entries(ResultCache()))
    again = api.evaluate_stored(2025, server=server, store=False)
    assert _counts(again) == (0, DEPARTMENTS)
    # every entry of the old platform is superseded: pruned by the run, its own entries left
    now = set(_entries(ResultCache()))
    assert len(now) == len(old) == DEPARTMENTS + INDEX and not now & old
    assert _stable(again) == _stable(api.evaluate_stored(2025, server=server, store=False, reuse=False))


def test_an_edited_cache_entry_is_refused_not_read_as_findings(county: Path, server: OpaServer) -> None:
    api.evaluate_stored(2025, server=server, store=False)
    cache = ResultCache()
    entries = _entries(cache)
    # one a department, the authority's with the platform's, and the index of the answers about others
    assert len(entries) == DEPARTMENTS - 1 + 1 + INDEX
    victim = next(p for p in entries if b'"findings":[{' in p.read_bytes())
    doc = orjson.loads(victim.read_bytes())
    doc["entry"]["raw"]["findings"] = []  # "no findings": the forgery the HMAC must stop
    victim.write_bytes(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))
    with pytest.raises(CacheTampered, match="校验码不符"):
        api.evaluate_stored(2025, server=server, store=False)
    res = CliRunner().invoke(app, ["evaluate", "--period", "2025", "--format", "json"])
    assert res.exit_code == 2, res.output
    assert "校验码不符" in res.output
    # --full evaluates every department again and rewrites the cache
    res = CliRunner().invoke(app, ["evaluate", "--period", "2025", "--format", "json", "--full"])
    assert res.exit_code == 1, res.output
    assert orjson.loads(res.stdout)["run"]["findings_count"] > 0
    assert _counts(api.evaluate_stored(2025, server=server, store=False)) == (DEPARTMENTS, 0)


def test_a_run_prunes_superseded_entries_and_keeps_what_a_run_can_use(
    county: Path, server: OpaServer
) -> None:
    api.evaluate_stored(2025, server=server, store=False)
    cache = ResultCache()
    first = {p.stem for p in _entries(cache)}
    assert len(first) == DEPARTMENTS + INDEX
    # an entry of an older bundle (no run uses it), and one that another period's last run used
    stale, other = "a" * 64, "b" * 64
    for k in (stale, other):
        cache.put(k, {"raw": {}, "kinds": {}})
        os.utime(cache.root / k[:2] / f"{k}.json", (1, 1))
    cache.record_live("county-2024", [other])
    f = county / "15-tongjiju.yaml"
    f.write_text(
        f.read_text("utf-8").replace("head_is_first_responsible: true", "head_is_first_responsible: false"),
        "utf-8",
    )
    api.import_paths([f])
    after = api.evaluate_stored(2025, server=server, store=False)
    assert _counts(after) == (DEPARTMENTS - 1, 1)
    now = {p.stem for p in _entries(cache)}
    # the re-submitted department's old entry and the stale one are gone; 2024's is kept
    assert other in now and stale not in now
    now.discard(other)
    # the department's entry and the index of the others' answers (a department's key changed)
    assert len(now - first) == 1 + INDEX and len(first - now) == 1 + INDEX
    assert orjson.loads((cache.root / "live" / "county-2025.json").read_bytes()) == sorted(now)
    # the next run still reuses every department
    assert _counts(api.evaluate_stored(2025, server=server, store=False)) == (DEPARTMENTS, 0)


def test_prune_keeps_an_entry_written_after_the_pruning_run_started(county: Path) -> None:
    cache = ResultCache()
    key = "c" * 64
    started = time.time()
    cache.put(key, {"raw": {}, "kinds": {}})  # another run's, not yet recorded as live
    assert cache.prune(started) == 0 and cache.get(key) is not None
    assert cache.prune(time.time() + 1) == 1 and cache.get(key) is None
    (cache.root / "live").mkdir(parents=True, exist_ok=True)
    (cache.root / "live" / "county-2025.json").write_text('{"not": "a list"}')
    with pytest.raises(CacheTampered, match="不是键的列表"):
        cache.prune(time.time())


def test_the_shared_cache_serves_kept_entries_and_still_refuses_a_changed_file(
    county: Path, server: OpaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = api.evaluate_stored(2025, server=server, store=False, reuse=False)
    api.evaluate_stored(2025, server=server, store=False)  # fills the process's cache (and its files)
    cache = ResultCache.shared()
    assert cache is ResultCache.shared()

    def no_mac(key: str, body: bytes) -> str:
        raise AssertionError("a kept entry whose file is unchanged is not read or HMAC-checked again")

    with monkeypatch.context() as m:
        m.setattr(cache, "_mac", no_mac)
        warm = api.evaluate_stored(2025, server=server, store=False)
    assert _counts(warm) == (DEPARTMENTS, 0) and _stable(warm) == _stable(full)
    # each read is a copy: a caller changing what it got does not change the next read
    victim = next(p for p in _entries(cache) if b'"findings":[{' in p.read_bytes())
    got = cache.get(victim.stem)
    assert got is not None and got["raw"]["findings"]
    got["raw"]["findings"].clear()
    again = cache.get(victim.stem)
    assert again is not None and again["raw"]["findings"]
    # a file changed behind the process's back is read again, and its forgery refused
    doc = orjson.loads(victim.read_bytes())
    doc["entry"]["raw"]["findings"] = []
    victim.write_bytes(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))
    with pytest.raises(CacheTampered, match="校验码不符"):
        api.evaluate_stored(2025, server=server, store=False)


def test_the_kept_answers_about_departments_are_the_filtered_ones() -> None:
    """A what-if filters an entry to the answers about its department (incremental._about); the kept
    filter (grouped by department once an entry key) gives the same merged answer, every time."""
    raw = {
        "findings": [{"dept": "A", "k": 1}, {"dept": "B", "k": 2}, {"k": 3}, {"dept": "A", "k": 4}],
        "errors": [{"dept": "", "e": 1}, {"e": 2}, {"dept": "B", "e": 3}, {"dept": "A", "e": 4}],
        "out_of_scope": [{"dept": "B", "o": 1}, {"dept": "C", "o": 2}],
        "rule_packages": ["p"],
    }
    for shown in ({"A"}, {"B"}, {"A", "C"}, {"D"}, {"A"}):
        s = frozenset(shown)
        want = runner.merge([incremental._about(raw, s)])
        assert runner.merge([incremental._about_kept("0" * 64, raw, s)]) == want, shown
