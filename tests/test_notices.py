"""Art. 67 notices and Art. 68 waivers on the real OPA and a real SQLite database."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.consumers import notices as N
from evaluator.consumers import waivers
from evaluator.consumers.notices import lifecycle, numbering
from evaluator.consumers.notices import words as W
from evaluator.evaluate import api
from evaluator.model.results import Finding
from evaluator.store.db import session
from evaluator.store.notices import NoticeEventRow, NoticeRow
from evaluator.store.runs import latest_county_run
from tests.support import snapshots as S

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))


_bad_dept = S.art67_department


def _load(tmp: Path, docs: list[dict[str, Any]]) -> None:
    folder = tmp / "in"
    folder.mkdir(exist_ok=True)
    for f in folder.iterdir():
        f.unlink()
    for i, d in enumerate(docs):
        (folder / f"{i:02d}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, explicit_end=True), "utf-8"
        )
    api.import_paths([folder])
    _evaluate_again()


def _grounds() -> dict[str, list[Finding]]:
    got = latest_county_run(2025)
    assert got is not None
    return N.grounds(got[1])


def _pages(pdf: Path, tmp: Path) -> list[tuple[int, int, int]]:
    """Render each page with pdftoppm (grey) and return (width, height, dark pixels) per page."""
    import subprocess

    prefix = tmp / f"page-{pdf.stem[:8]}"
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(prefix)], check=True)
    out = []
    for p in sorted(tmp.glob(f"{prefix.name}-*.pgm")):
        data = p.read_bytes()
        parts = data.split(b"\n", 3)  # P5, "w h", maxval, pixels
        w, h = (int(x) for x in parts[1].split())
        pixels = parts[3][: w * h]
        out.append((w, h, sum(1 for b in pixels if b < 128)))
    return out


def test_issue_writes_docx_and_pdf_with_deadline_across_holiday(tmp_path: Path) -> None:
    _load(tmp_path, [S.platform(), _bad_dept()])
    res = N.issue(2025, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "out")  # the whole county
    assert {r.department for r in res.issued} == set(_grounds()) - {S.AUTHORITY}
    assert len(res.issued) == len(set(_grounds()) - {S.AUTHORITY})
    # the authority's own findings (A60.2 here) get no notice from itself
    assert S.AUTHORITY in _grounds() and [d for d, _ in res.skipped] == [S.AUTHORITY]
    n = next(r for r in res.issued if r.department == S.DEPT)
    assert n.number.startswith("内数据〔2025〕") and n.state == N.ISSUED
    # 15 working days from 2025-09-30 across the National Day holiday (10-01..10-08, 10-11 a working Saturday)
    assert n.working_days == 15 and n.due_on == dt.date(2025, 10, 28)
    assert {f.rule_id for f in n.findings} >= {"A37.1"}
    docx, pdf = (Path(p) for p in n.files)
    assert docx.suffix == ".docx" and docx.stat().st_size > 5000
    from docx import Document

    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert n.number in text and "即于2025年10月28日前（含当日）完成整改" in text
    assert "《办法》第三十七条规定：“" in text and "第（一）项" in text
    dx = Document(str(docx))
    xml = dx.styles.element.xml  # the faces are in named styles (公文正文, 发文机关标志, …)
    assert "仿宋_GB2312" in xml and "方正小标宋简体" in xml and 'w:color w:val="E60012"' in xml
    sec = dx.sections[0]
    mm = lambda v: round(v / 36000)  # noqa: E731 - EMU to mm
    assert (mm(sec.page_width), mm(sec.page_height)) == (210, 297)
    assert (mm(sec.top_margin), mm(sec.bottom_margin), mm(sec.left_margin), mm(sec.right_margin)) == (
        37,
        35,
        28,
        26,
    )
    import subprocess

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts
    r = runner.invoke(app, ["notices", "show", n.number])
    assert r.exit_code == 0 and "已下发" in r.output
    r = runner.invoke(app, ["notices", "list", "--period", "2025"])
    assert r.exit_code == 0 and "整改通知" in r.output
    pages = _pages(pdf, tmp_path)
    assert 2 <= len(pages) <= 10 and len(pages) % 2 == 0  # the 版记 ends the document on an even page
    for i, (w, h, dark) in enumerate(pages, 1):
        assert abs(h / w - 297 / 210) < 0.02  # A4
        # a page with only its page number has < 10 dark pixels at 30 dpi; only the page before the
        # 版记 page may be blank (GB/T 9704: added when the body ends on an even page without room)
        assert dark > 100 or i == len(pages) - 1, f"page {i} is blank"


def test_no_art67_finding_is_refused(tmp_path: Path) -> None:
    _load(tmp_path, [S.platform(), _bad_dept(), S.department(code=S.OTHER)])
    _waive_all(S.OTHER)  # every Art. 67 ground of OTHER waived: nothing left to notify
    _evaluate_again()
    assert S.OTHER not in _grounds()
    with pytest.raises(N.NoticeError) as e:
        N.issue(2025, S.OTHER, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "out")
    assert e.value.refused and "不予下发" in str(e.value)
    r = runner.invoke(
        app, ["notices", "issue", "--period", "2025", "--department", S.OTHER, "--out", str(tmp_path)]
    )
    assert r.exit_code == 2 and "不予下发" in r.output
    assert N.list_notices(2025) == []


def test_two_notices_issued_at_once_never_share_a_number(tmp_path: Path) -> None:
    _load(tmp_path, [S.platform(), _bad_dept(), _bad_dept(S.OTHER, "县另一局")])
    results: list[Any] = []
    errors: list[BaseException] = []

    def go(dept: str) -> None:
        try:
            results.append(N.issue(2025, dept, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / dept))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=go, args=(d,)) for d in (S.DEPT, S.OTHER)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = sorted(n.number for r in results for n in r.issued)
    assert numbers == ["内数据〔2025〕1号", "内数据〔2025〕2号"]


def test_failed_files_void_the_number_never_reuse_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(tmp_path, [S.platform(), _bad_dept(), _bad_dept(S.OTHER, "县另一局")])

    def boom(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(numbering, "render_pdf", boom)
    with pytest.raises(N.NoticeError, match="作废"):
        N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "out")
    monkeypatch.undo()
    monkeypatch.setenv(
        "GOVSHARE_NOTICE_SETTINGS", str(Path(__file__).parent / "support" / "notice_settings.yaml")
    )
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    res = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "out")
    rows = N.list_notices(2025)
    assert [(r.number, r.state) for r in rows] == [
        ("内数据〔2025〕1号", N.VOID),
        ("内数据〔2025〕2号", N.ISSUED),
    ]
    assert res.issued[0].number == "内数据〔2025〕2号"
    _, events = N.get("内数据〔2025〕1号")
    assert events[-1].to_state == N.VOID and "disk full" in events[-1].reason


def _failing_check_for(dept: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The document of ``dept`` fails a wording check (as a finding with an evidence field that has no
    Chinese label does, notices.words)."""
    real = lifecycle.notice_document

    def build(row: Any, *a: Any) -> dict[str, Any]:
        if row.department == dept:
            raise W.WordsError(f"证据字段 x 没有中文写法 / no label ({dept})")
        return real(row, *a)

    monkeypatch.setattr(lifecycle, "notice_document", build)


def test_a_failed_check_takes_no_number_and_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every document's words are checked before the first number is taken: one department's failed check
    refuses the whole issue; no number is allocated (not even to be voided), no file written."""
    _load(tmp_path, [S.platform(), _bad_dept(), _bad_dept(S.OTHER, "县另一局")])
    _failing_check_for(S.OTHER, monkeypatch)
    out = tmp_path / "out"
    for dept in (None, S.OTHER):
        with pytest.raises(W.WordsError, match="没有中文写法"):
            N.issue(2025, dept, issued_on=dt.date(2025, 9, 30), out_dir=out)
    assert N.list_notices(2025) == []
    assert not out.exists() or sorted(out.iterdir()) == []
    r = runner.invoke(
        app, ["notices", "issue", "--period", "2025", "--date", "2025-09-30", "--out", str(out)]
    )
    assert r.exit_code == 2, r.output
    assert N.list_notices(2025) == [] and (not out.exists() or sorted(out.iterdir()) == [])
    monkeypatch.undo()
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(
        "GOVSHARE_NOTICE_SETTINGS", str(Path(__file__).parent / "support" / "notice_settings.yaml")
    )
    res = N.issue(2025, issued_on=dt.date(2025, 9, 30), out_dir=out)  # the first number is the first used
    assert sorted(n.number for n in res.issued) == ["内数据〔2025〕1号", "内数据〔2025〕2号"]


def test_a_failed_draft_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--draft`` for every department writes every 草稿 or none: a failure while writing the second
    removes the first's files too; nothing is stored."""
    _load(tmp_path, [S.platform(), _bad_dept(), _bad_dept(S.OTHER, "县另一局")])
    out = tmp_path / "out"
    real = numbering.render_pdf
    calls: list[Path] = []

    def second_fails(doc: dict[str, Any], path: Path) -> Any:
        calls.append(path)
        if len(calls) == 2:
            path.write_bytes(b"%PDF-1.7 half")
            raise OSError("disk full")
        return real(doc, path)

    monkeypatch.setattr(numbering, "render_pdf", second_fails)
    with pytest.raises(OSError, match="disk full"):
        N.issue(2025, issued_on=dt.date(2025, 9, 30), out_dir=out, draft=True)
    assert len(calls) == 2 and sorted(out.iterdir()) == []
    assert N.list_notices(2025) == []
    _failing_check_for(S.OTHER, monkeypatch)
    with pytest.raises(W.WordsError):
        N.issue(2025, issued_on=dt.date(2025, 9, 30), out_dir=out, draft=True)
    assert len(calls) == 2 and sorted(out.iterdir()) == []  # the check failed before any file


def test_waiver_marks_finding_and_removes_it_from_the_notice(tmp_path: Path) -> None:
    _load(tmp_path, [S.platform(), _bad_dept()])
    f = next(x for x in _grounds()[S.DEPT] if x.rule_id == "A37.1")
    r = runner.invoke(
        app,
        [
            "waivers",
            "add",
            "--rule",
            "A37.1",
            "--department",
            S.DEPT,
            "--period",
            "2025",
            "--subject",
            f.subject,
            "--ground",
            "不可抗力",
            "--grantor",
            "王科长",
            "--evidence",
            "2025年7月洪灾致机房停电，县应急局证明",
            "--date",
            "2026-03-02",
        ],
    )
    assert r.exit_code == 0, r.output
    report = _evaluate_again()
    waived = [x for x in report.findings if x.rule_id == "A37.1" and x.subject == f.subject]
    assert waived and all(x.waived for x in waived)  # still visible, marked
    assert waived[0].waiver
    assert waived[0].waiver["ground"] == "不可抗力" and waived[0].waiver["grantor"] == "王科长"
    remaining = _grounds().get(S.DEPT, [])
    assert all(not (x.rule_id == "A37.1" and x.subject == f.subject) for x in remaining)
    if remaining:
        n = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "o").issued[0]
        assert all(x.rule_id != "A37.1" or x.subject != f.subject for x in n.findings)
    else:
        with pytest.raises(N.NoticeError, match="不予下发"):
            N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "o")
    # a blanket waiver is refused
    with pytest.raises(N.NoticeError, match="通配"):
        waivers.add_waiver(
            rule_id="A37.1",
            department=S.DEPT,
            period=2025,
            subject="*",
            ground="尽职",
            grantor="王科长",
            granted_on=dt.date(2026, 3, 2),
            evidence="x",
        )


def test_waiver_counts_in_neither_score_nor_funding(tmp_path: Path) -> None:
    assess = pytest.importorskip("evaluator.consumers.assess")
    _load(tmp_path, [S.platform(), _bad_dept()])
    before = assess.assess_period(2025)
    _waive_all(S.DEPT)
    _evaluate_again()
    after = assess.assess_period(2025)
    assert before.result != after.result
    assert _dept_score(after, S.DEPT) > _dept_score(before, S.DEPT)
    fund_before = next(x for x in before.result["funding"] if x["code"] == S.DEPT)
    fund_after = next(x for x in after.result["funding"] if x["code"] == S.DEPT)
    assert any(f["rule_id"] == "A37.1" for f in fund_before["findings"])  # A37.1 bears on funding
    assert fund_after["findings"] == []


def _dept_score(a: Any, dept: str) -> float:
    for d in a.result.get("departments", []):
        if d["code"] == dept:
            return float(d["total"] if "total" in d else d["score"])
    raise AssertionError(f"no score for {dept}: {list(a.result)}")


def test_lifecycle_overdue_escalation_referral(tmp_path: Path) -> None:
    _load(tmp_path, [S.platform(), _bad_dept()])
    n = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "out").issued[0]
    # not yet overdue on the due date itself
    with pytest.raises(N.NoticeError, match="尚未逾期"):
        N.transition(n.number, "逾期", actor="王科长", reason="到期核查", on=dt.date(2025, 10, 28))
    # escalation straight from issued is not allowed
    with pytest.raises(N.NoticeError, match="不能转为"):
        N.transition(n.number, "escalated", actor="王科长", reason="x", on=dt.date(2025, 10, 29))
    r = runner.invoke(
        app,
        [
            "notices",
            "transition",
            n.number,
            "--to",
            "overdue",
            "--by",
            "王科长",
            "--reason",
            "期满未报送整改报告",
            "--date",
            "2025-10-29",
        ],
    )
    assert r.exit_code == 0, r.output
    # the 请示 lists only what a re-evaluation after the time limit still finds: none yet, refused
    with pytest.raises(N.NoticeError, match="期满后尚未重新评价"):
        N.transition(n.number, "已报请督促", actor="王科长", reason="逾期未整改", on=dt.date(2025, 10, 30))
    _evaluate_again()
    # the 请示 cannot predate the re-evaluation it reports (that ran today)
    with pytest.raises(N.NoticeError, match="早于期满后的重新评价"):
        N.transition(n.number, "已报请督促", actor="王科长", reason="逾期未整改", on=dt.date(2025, 10, 30))
    row, letter = N.transition(
        n.number, "已报请督促", actor="王科长", reason="逾期未整改", out_dir=tmp_path / "out"
    )
    assert row.state == N.ESCALATED and letter is not None
    year = N.beijing_today().year  # the 请示 is dated today: the next number of this year's sequence
    expected = "内数据〔2025〕2号" if year == 2025 else f"内数据〔{year}〕1号"
    assert letter.kind == "escalation" and letter.number == expected and letter.parent_id == n.id
    assert all(Path(p).exists() for p in letter.files)
    assert _pages(Path(letter.files[1]), tmp_path)
    from docx import Document

    dx = Document(letter.files[0])
    text = "\n".join([p.text for p in dx.paragraphs] + [c.text for t in dx.tables for c in t._cells])
    assert "整改政务数据共享管理问题的请示" in text and "妥否，请批示。" in text and "的报告" not in text
    assert "印发" in text and "抄送" not in text  # the shipped settings copy the 请示 to no one
    assert f"仍有{len(letter.findings)}项未整改" in text and letter.findings == n.findings
    row, _ = N.transition(n.number, "referred", actor="李局长", reason="情节严重，移送县纪委监委")
    assert row.state == N.REFERRED
    _, events = N.get(n.number)
    assert [(e.from_state, e.to_state) for e in events] == [
        (None, N.DRAFT),
        (N.DRAFT, N.ISSUED),
        (N.ISSUED, N.OVERDUE),
        (N.OVERDUE, N.ESCALATED),
        (N.ESCALATED, N.REFERRED),
    ]
    assert all(e.actor and e.reason and e.at for e in events)
    with session() as s:
        assert len(s.exec(__import__("sqlmodel").select(NoticeRow)).all()) == 2
        assert len(s.exec(__import__("sqlmodel").select(NoticeEventRow)).all()) == 5 + 2


def test_verified_only_when_a_later_run_no_longer_finds_the_problems(tmp_path: Path) -> None:
    _load(tmp_path, [S.platform(), _bad_dept()])
    n = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "out").issued[0]
    N.transition(n.number, "reported", actor="王科长", reason="收到整改报告", on=dt.date(2025, 10, 20))
    with pytest.raises(N.NoticeError, match="尚无新的全县评价"):
        N.transition(n.number, "verified", actor="王科长", reason="核查")
    _evaluate_again()
    with pytest.raises(N.NoticeError, match="仍发现"):
        N.transition(n.number, "verified", actor="王科长", reason="核查")
    _load(tmp_path, [S.platform(), S.department()])  # the department fixed its catalog
    left = {(f.rule_id, f.subject) for f in _grounds().get(S.DEPT, [])}
    assert ("A37.1", "R-1") not in left
    if left & {(f.rule_id, f.subject) for f in n.findings}:
        with pytest.raises(N.NoticeError, match="仍发现"):
            N.transition(n.number, "verified", actor="王科长", reason="复查")
        _waive_all(S.DEPT)  # the rest: duty of care shown (Art. 68)
        _evaluate_again()
    row, _ = N.transition(n.number, "verified", actor="王科长", reason="复查通过")
    assert row.state == N.VERIFIED


def test_a_run_of_one_department_never_verifies_another_departments_notice(tmp_path: Path) -> None:
    """Issue 14: a notice for 民政局 was moved to 已整改 (“评价 … 已不再发现通知所列问题”) after a run that
    evaluated only 公安局 (``evaluate --department``): that run was "the latest run" and did not find
    民政局's problems because it did not look. Only a county run is the evidence."""
    _load(tmp_path, [S.platform(), _bad_dept(S.DEPT, "县民政局"), _bad_dept(S.OTHER, "县公安局")])
    n = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "out").issued[0]
    N.transition(n.number, "reported", actor="王科长", reason="收到整改报告", on=dt.date(2025, 10, 20))
    time.sleep(1.05)
    only = api.evaluate_stored(2025, S.OTHER)  # 公安局 only, with 民政局's problems unchanged
    assert only.findings and {f.department for f in only.findings} == {S.OTHER}
    with pytest.raises(N.NoticeError, match="尚无新的全县评价") as e:
        N.transition(n.number, "verified", actor="王科长", reason="核查")
    assert e.value.refused
    r = runner.invoke(
        app, ["notices", "transition", n.number, "--to", "verified", "--by", "王科长", "--reason", "核查"]
    )
    assert r.exit_code == 2 and "尚无新的全县评价" in r.output, r.output
    row, events = N.get(n.number)
    assert row.state == N.REPORTED and [ev.to_state for ev in events][-2:] == [N.ISSUED, N.REPORTED]
    # a county run after it is the evidence again: it still finds 民政局's problems
    _evaluate_again()
    with pytest.raises(N.NoticeError, match="仍发现"):
        N.transition(n.number, "verified", actor="王科长", reason="核查")


def _waive_all(dept: str) -> None:
    for f in _grounds().get(dept, []):
        waivers.add_waiver(
            rule_id=f.rule_id,
            department=dept,
            period=2025,
            subject=f.subject,
            ground="尽职",
            grantor="王科长",
            granted_on=dt.date(2026, 3, 2),
            evidence="已履行合理注意义务",
        )


def _evaluate_again() -> Any:
    # runs are ordered by finished_at, stored to the second: two runs within one second tie
    # (store.latest_county_run_id), so a later run must finish in a later second to be "the latest".
    time.sleep(1.05)
    return api.evaluate_stored(2025)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_eight_allocations_at_once_get_eight_numbers(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Eight threads allocate at the same instant: numbers 1..8, each once (unique (year, seq) + retry)."""
    url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    from evaluator.store.db import engine

    engine(url)  # store.engine() creates the tables on first use and is not itself thread-safe
    if url:
        with session(url) as s:  # the PostgreSQL database is shared by the session's tests
            for ev in s.exec(__import__("sqlmodel").select(NoticeEventRow)).all():
                s.delete(ev)
            s.commit()
            for row in s.exec(__import__("sqlmodel").select(NoticeRow)).all():
                s.delete(row)
            s.commit()
    cfg = N.settings()
    barrier = threading.Barrier(8)
    got: list[str] = []
    errors: list[BaseException] = []

    def go(i: int) -> None:
        template = NoticeRow(
            kind="notice",
            year=0,
            seq=0,
            number="",
            department=f"D{i}",
            department_name=f"部门{i}",
            period=2025,
            run_id="r",
            issued_on=dt.date(2026, 3, 2),
            state=N.DRAFT,
            findings=[],
            files=[],
            created_at=dt.datetime.now(dt.UTC),
        )
        barrier.wait()
        try:
            got.append(numbering.allocate(url, cfg, template, "t", "并发测试").number)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(got, key=lambda n: int(n.split("〕")[1][:-1])) == [
        f"内数据〔2026〕{i}号" for i in range(1, 9)
    ]
