"""The scoring's roster reads each stored department snapshot once — its bonus facts and whether it reports
projects — and an incremental scoring reads them through the roster cache (evaluator/store/result_cache.py,
``RosterCache``): after one department re-submits only its new snapshot is parsed; the facts are the ones
read from the snapshots; a forged entry is refused (exit 2), never scored."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from evaluator.consumers.assess import roster as roster_module
from evaluator.consumers.assess.roster import gather, project_rows, stored_facts
from evaluator.store.result_cache import CacheTampered, RosterCache
from tests.support.stored_county import assess_refuses, resubmit_tongjiju, store_county


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The departments whose stored snapshot the roster parsed, in order."""
    seen: list[str] = []
    real = roster_module._stored

    def spy(row: object) -> dict[str, object]:
        seen.append(row.dept)  # type: ignore[attr-defined]
        return real(row)  # type: ignore[arg-type]

    monkeypatch.setattr(roster_module, "_stored", spy)
    return seen


def test_each_snapshot_is_parsed_once_then_only_what_was_stored_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    files = store_county(tmp_path, monkeypatch)
    _, rows = gather(2025, None)
    plain = stored_facts(rows)
    assert sorted(parsed) == sorted(r.dept for r in rows)  # once each, for the roster and the projects
    with_projects = {r.dept for r in rows if plain[r.sha256].projects}
    assert with_projects and with_projects == {p["department"] for p in project_rows(rows, plain)}
    assert any(f.facts["application_scenarios"] for f in plain.values())

    cache = RosterCache()
    parsed.clear()
    assert stored_facts(rows, cache) == plain and len(parsed) == len(rows)  # cold: every one parsed
    parsed.clear()
    assert stored_facts(rows, RosterCache()) == plain and parsed == []  # warm, a new process: none

    result = resubmit_tongjiju(files)
    _, rows = gather(2025, None)
    again = stored_facts(rows, RosterCache())
    assert parsed == [result.dept]  # only the re-submitted snapshot
    parsed.clear()
    assert again == stored_facts(rows) and len(parsed) == len(rows)


def test_a_forged_roster_entry_is_refused_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_county(tmp_path, monkeypatch)
    _, rows = gather(2025, None)
    stored_facts(rows, RosterCache())
    entries = sorted(RosterCache().root.glob("??/*.json"))
    assert len(entries) == len(rows)
    docs = [(p, orjson.loads(p.read_bytes())) for p in entries]
    victim, doc = docs[0]
    doc["entry"]["facts"]["application_scenarios"].append("forged-scenario")  # a bonus the HMAC must stop
    victim.write_bytes(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))
    with pytest.raises(CacheTampered, match="校验码不符"):
        stored_facts(rows, RosterCache())
    assess_refuses("计分名录缓存")
