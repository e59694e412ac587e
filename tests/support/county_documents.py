"""The fixture county's documents as the tests read them: every notice and the 请示 (fixtures/county, 2025)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from evaluator.consumers import notices as N
from evaluator.evaluate import api
from evaluator.store.notices import NoticeRow

ROOT = Path(__file__).resolve().parent.parent.parent


def issue_and_escalate(out: Path) -> tuple[list[NoticeRow], NoticeRow]:
    """The fixture county imported and evaluated; a notice to every department with something to rectify
    (issued 2026-03-02); 民政局's goes overdue (2026-03-24) and, after a re-evaluation, to a 请示. The data
    folder and notice settings are the caller's (GOVSHARE_DATA_DIR, GOVSHARE_NOTICE_SETTINGS)."""
    api.import_paths([ROOT / "fixtures" / "county"])
    api.evaluate_stored(2025)
    issued = N.issue(2025, issued_on=dt.date(2026, 3, 2), out_dir=out).issued
    mz = next(n for n in issued if n.department_name == "内乡县民政局")
    N.transition(mz.number, "overdue", actor="王科长", reason="期满未报送整改报告", on=dt.date(2026, 3, 24))
    time.sleep(1.05)  # the re-evaluation must finish in a later second (runs sort by second)
    api.evaluate_stored(2025)
    _, letter = N.transition(mz.number, "escalated", actor="王科长", reason="期满仍未整改", out_dir=out)
    assert letter is not None
    return issued, letter
