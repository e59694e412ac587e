"""Incremental scoring (issue 20, decision 0020): each department's assessment entry is cached under the
hash of its findings, its roster entry, the period and the bundle; ranks and county-wide figures are
computed by Rego on all entries every time.

On the fixture county stored in a temporary database, the assessment with the cache is byte for byte a
full scoring's — cold, warm, after one department re-submits, after an indicator-system change — and
scores only the departments whose inputs changed; a forged entry is refused (exit 2).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from evaluator.consumers.assess import scoring
from evaluator.consumers.assess.roster import gather
from evaluator.consumers.assess.scoring import Assessment, score_stored
from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate import api
from evaluator.store.result_cache import CacheTampered, ScoreCache
from tests.support.stored_county import assess_refuses, resubmit_tongjiju, store_county

ROOT = Path(__file__).resolve().parents[1]
TONGJIJU = "114113250052001145"  # 内乡县统计局


class CountingCache(ScoreCache):
    """The store's score cache, counting what it served and what it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.hits = 0
        self.puts = 0

    def get(self, key: str) -> dict[str, Any] | None:
        entry = super().get(key)
        self.hits += entry is not None
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        self.puts += 1
        super().put(key, entry)


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, OpaServer]]:
    """The fixture county stored, and an OPA on the project's bundle."""
    files = store_county(tmp_path, monkeypatch)
    srv = OpaServer(build_bundle())
    yield files, srv
    srv.stop()


def _both(server: OpaServer, cache: ScoreCache) -> tuple[Assessment, Assessment]:
    """The period scored with ``cache`` and in full, from one evaluation of the stored snapshots."""
    platform_row, rows = gather(2025, None)
    report = api.evaluate_stored(2025, server=server, store=False)
    args = (2025, report, platform_row, rows)
    inc = score_stored(*args, bundle=server.bundle, server=server, cache=cache)
    full = score_stored(*args, bundle=server.bundle, server=server)
    return inc, full


def _scored(a: Assessment) -> int:
    return sum(1 for d in a.departments if d["status"] == "已报送")


def test_cold_warm_resubmitted_and_new_indicators_are_byte_identical_to_a_full_scoring(
    county: tuple[Path, OpaServer], tmp_path: Path
) -> None:
    files, server = county
    cache = CountingCache()
    cold, full = _both(server, cache)
    n = _scored(full)
    assert n > 10 and (cache.hits, cache.puts) == (0, n)
    assert cold.to_json() == full.to_json()
    assert full.findings and any(d["rank"] and d["tie_count"] for d in full.departments)

    cache.hits = cache.puts = 0
    warm, full = _both(server, cache)
    assert (cache.hits, cache.puts) == (n, 0)
    assert warm.to_json() == full.to_json()

    # one department re-submits with a new finding: only it is scored again, and every rank still agrees
    resubmit_tongjiju(files)
    cache.hits = cache.puts = 0
    after, full = _both(server, cache)
    assert (cache.hits, cache.puts) == (n - 1, 1)
    assert after.to_json() == full.to_json()
    assert after.to_json() != warm.to_json()
    assert after.department(TONGJIJU)["deducted"] > warm.department(TONGJIJU)["deducted"]

    # a changed indicator system (another bundle): every department is scored again
    root = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", root)
    data = root / "assessment" / "data.yaml"
    doc = yaml.safe_load(data.read_text("utf-8"))
    for period in doc["indicators"]["values"].values():
        by = period["value"]["deductions"]["by_severity"]
        by.update({k: v + 1 for k, v in by.items() if v})
    data.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    other = OpaServer(build_bundle(root=root))
    try:
        cache.hits = cache.puts = 0
        changed, full = _both(other, cache)
    finally:
        other.stop()
    assert (cache.hits, cache.puts) == (0, n)
    assert changed.to_json() == full.to_json()
    assert changed.department(TONGJIJU)["deducted"] > after.department(TONGJIJU)["deducted"]


def test_a_forged_score_entry_is_refused_exit_2(county: tuple[Path, OpaServer]) -> None:
    _, server = county
    _both(server, ScoreCache())
    entries = sorted(ScoreCache().root.rglob("*.json"))
    docs = [(p, orjson.loads(p.read_bytes())) for p in entries]
    victim, doc = next((p, d) for p, d in docs if d["entry"]["scored"]["deducted"] > 0)
    doc["entry"]["scored"]["deducted"] = 0  # full marks: the forgery the HMAC must stop
    victim.write_bytes(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))
    with pytest.raises(CacheTampered, match="校验码不符"):
        _both(server, ScoreCache())
    assess_refuses("评价计分缓存")


def test_another_opa_version_scores_again_and_a_period_scoring_prunes_what_it_no_longer_uses(
    county: tuple[Path, OpaServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    files, server = county
    platform_row, rows = gather(2025, None)
    report = api.evaluate_stored(2025, server=server, store=False)
    args = (2025, report, platform_row, rows)

    def scored(cache: ScoreCache) -> Assessment:
        return score_stored(*args, bundle=server.bundle, server=server, cache=cache, live="assess-2025")

    cache = CountingCache()
    first = scored(cache)
    n = _scored(first)
    entries = sorted(p.stem for p in cache.root.glob("??/*.json"))
    assert len(entries) == n
    # the entries' output depends on the OPA that computed them: another version scores everything again,
    # and its scoring prunes the entries of the old version (no scoring can use them any more)
    monkeypatch.setattr(scoring, "opa_version", lambda: "0.0.0-other")
    cache.hits = cache.puts = 0
    again = scored(cache)
    assert (cache.hits, cache.puts) == (0, n)
    assert again.to_json() == first.to_json()
    now = sorted(p.stem for p in cache.root.glob("??/*.json"))
    assert len(now) == n and not set(now) & set(entries)
    assert orjson.loads((cache.root / "live" / "assess-2025.json").read_bytes()) == now
