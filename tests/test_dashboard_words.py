"""The department page says each finding's evidence with the notice's words (#16, decision 0034): for every
fixture-county notice, the dashboard's ``evidence_words`` of the findings it lists are exactly the notice's
附件 cells (涉及的资源或系统, 证据), and its requirements the notice's 整改要求 — one phrasing, not two."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from dashboard import data
from dashboard.auth import Role, User
from evaluator.consumers import notices as N
from evaluator.evaluate import api

ROOT = Path(__file__).resolve().parent.parent


def test_the_department_page_says_the_evidence_as_its_notice_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evaluator.consumers.notices import numbering
    from evaluator.consumers.notices import render as R

    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVSHARE_NOTICE_SETTINGS", str(ROOT / "tests" / "support" / "notice_settings.yaml"))
    models: dict[str, dict[str, Any]] = {}

    def render_pdf(d: dict[str, Any], path: Path) -> Any:
        models[d["addressee"]] = d
        return R.render_pdf(d, path)

    monkeypatch.setattr(numbering, "render_pdf", render_pdf)
    api.import_paths([ROOT / "fixtures" / "county"])
    api.evaluate_stored(2025)
    issued = N.issue(2025, issued_on=dt.date(2026, 3, 2), out_dir=tmp_path / "out")
    admin = User("t", Role.AUTHORITY, None)
    assert len(issued.issued) > 5
    for row in issued.issued:
        [notice] = [n for n in data.notices(admin, 2025, row.department) if n["number"] == row.number]
        said = data.evidence_words(admin, 2025, row.department)
        # a department user gets its own department's words, and nothing of another's
        own = User("d", Role.DEPARTMENT, row.department)
        assert data.evidence_words(own, 2025, row.department) == said
        other = next(n for n in issued.issued if n.department != row.department).department
        assert data.evidence_words(own, 2025, other) == {}
        cells = Counter((r[2], r[3]) for r in models[row.department_name]["attachment"]["rows"])
        shown = Counter((said[f.key]["where"], said[f.key]["evidence"]) for f in notice["findings"])
        assert shown == cells, row.department_name
        for f in notice["findings"]:
            requirement = said[f.key]["requirement"]
            assert requirement and requirement in "".join(
                b.get("text", "") for b in models[row.department_name]["blocks"]
            ), (row.department_name, f.rule_id)
