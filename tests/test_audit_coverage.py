"""Every change of state and every export is in the hash-chained audit log (issue 11, Art. 33).

Imports, evaluations, notice numbering, issuance and transitions, waivers (add, revoke), dashboard
logins (success, failure, blocked), user management and exports (assess/funding CSV and XLSX, the
Excel template, notice DOCX/PDF) each append an entry with who, when, what and the hashes involved;
``govshare audit verify`` passes afterwards. Real OPA, real SQLite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from dashboard import auth
from evaluator.cli.main import app
from evaluator.consumers import notices as N
from evaluator.consumers import waivers
from evaluator.evaluate import api
from evaluator.store import audit, users
from tests.support import snapshots as S

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    monkeypatch.setenv("GOVSHARE_USER", "审计测试员")


def _bad_dept() -> dict[str, Any]:
    d = S.department(
        catalog=[
            {
                "id": "R-1",
                "code": f"R-{S.DEPT[-4:]}-1",
                "name": "低保对象信息",
                "share_attribute": "有条件共享",
                "share_bases": [{"rank": "部门文件", "title": "县测试局关于数据管理的通知"}],
            }
        ],
    )
    d["department"]["name"] = "县测试局"
    return d


def _load(tmp: Path) -> None:
    folder = tmp / "in"
    folder.mkdir()
    for i, d in enumerate([S.platform(), _bad_dept()]):
        (folder / f"{i:02d}.yaml").write_text(
            yaml.safe_dump(d, allow_unicode=True, explicit_end=True), "utf-8"
        )
    res = runner.invoke(app, ["import", str(folder)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    # 2: missing facts in this small snapshot; the run is stored all the same
    assert res.exit_code == 2, res.output
    assert api.latest_period() == 2025


def _by_action() -> dict[str, list[audit.AuditEntry]]:
    out: dict[str, list[audit.AuditEntry]] = {}
    for e in reversed(audit.entries(limit=10_000)):
        out.setdefault(e.action, []).append(e)
    return out


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_every_kind_of_change_and_export_is_audited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the block after the free failures lasts an hour here, not 2 s: on a loaded machine four argon2
    # checks can take longer than 2 s, and the fourth attempt then counted as a failure, not as blocked
    monkeypatch.setattr(users, "BASE_DELAY_SECONDS", 3600)
    _load(tmp_path)
    # notices: number, issue (with the hashes of the DOCX and PDF), a transition
    out_dir = tmp_path / "notices"
    issued = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), actor="王科长", out_dir=out_dir)
    notice = issued.issued[0]
    assert notice.due_on is not None
    N.transition(
        notice.number, "overdue", actor="王科长", reason="期满未报送", on=notice.due_on + dt.timedelta(days=1)
    )
    # waivers: add and revoke
    w = waivers.add_waiver(
        rule_id="A37.1",
        department=S.DEPT,
        period=2025,
        subject="R-1",
        ground="尽职",
        grantor="李主任",
        granted_on=dt.date(2026, 1, 5),
        evidence="会议纪要",
    )
    assert w.id is not None
    waivers.revoke_waiver(w.id, actor="李主任", reason="证据不足")
    # dashboard users and logins: success, failure, blocked
    auth.add_user("zhang", "correct horse battery", "authority", must_change=False)
    auth.authenticate("zhang", "correct horse battery")
    for _ in range(auth.FREE_FAILURES + 1):
        with pytest.raises(auth.AuthError):
            auth.authenticate("zhang", "wrong password!!")
    with pytest.raises(auth.AuthError, match="稍后再试"):
        auth.authenticate("zhang", "correct horse battery")
    # exports: assessment CSV, funding XLSX, the Excel template
    csv_out, xlsx_out, tpl = tmp_path / "a.csv", tmp_path / "f.xlsx", tmp_path / "t.xlsx"
    for args, code in (
        (["assess", "--period", "2025", "--format", "csv", "--output", str(csv_out)], 2),  # run errors
        (["funding", "--period", "2025", "--format", "xlsx", "--output", str(xlsx_out)], 2),
        (["template", "--output", str(tpl)], 0),
    ):
        res = runner.invoke(app, args)
        assert res.exit_code == code, res.output

    got = _by_action()
    for action in (
        "import",
        "evaluate",
        "notice.number",
        "notice.issue",
        "notice.transition",
        "waiver.add",
        "waiver.revoke",
        "user.add",
        "login.success",
        "login.failure",
        "login.blocked",
        "export",
    ):
        assert got.get(action), f"no audit entry for {action}: {sorted(got)}"

    issue = got["notice.issue"][0]
    assert issue.actor == "王科长" and issue.details["number"] == notice.number
    files = {Path(f["path"]).suffix: f["sha256"] for f in issue.details["files"]}
    assert set(files) == {".docx", ".pdf"}
    for f in notice.files:
        assert files[Path(f).suffix] == _sha(Path(f))
    tr = got["notice.transition"][0].details
    # the 办理日期 given (not today) kept in the reason: the event's time is when it was entered
    assert (tr["from"], tr["to"], tr["reason"]) == (
        N.ISSUED,
        N.OVERDUE,
        "期满未报送（办理日期：2025年10月29日）",
    )
    assert got["waiver.add"][0].actor == "李主任" and got["waiver.add"][0].details["evidence_sha256"]
    assert got["waiver.revoke"][0].details["revoke_reason"] == "证据不足"
    assert got["login.success"][0].actor == "zhang"
    assert got["login.failure"][-1].details["failures"] == auth.FREE_FAILURES  # then blocked
    exported = {f["path"]: f["sha256"] for e in got["export"] for f in e.details["files"]}
    csv_files = sorted(tmp_path.glob("a-*.csv"))  # one CSV a table
    assert csv_files
    for p in (*csv_files, xlsx_out, tpl):
        assert exported[str(p)] == _sha(p), p
    formats = {(e.details["command"], e.details["format"]) for e in got["export"]}
    assert ("template", "xlsx") in formats
    assert {"csv", "xlsx"} <= {f for _, f in formats}
    ev = got["evaluate"][0].details
    assert ev["bundle_hash"] and ev["report_sha256"] and ev["snapshots"][0]["sha256"]
    assert all(e.actor for es in got.values() for e in es)

    res = runner.invoke(app, ["audit", "verify"])
    assert res.exit_code == 0, res.output


def test_a_refused_waiver_or_notice_leaves_no_entry(tmp_path: Path) -> None:
    _load(tmp_path)
    before = len(audit.entries(limit=10_000))
    with pytest.raises(N.NoticeError):
        waivers.add_waiver(
            rule_id="*",
            department=S.DEPT,
            period=2025,
            subject="R-1",
            ground="尽职",
            grantor="李主任",
            granted_on=dt.date(2026, 1, 5),
            evidence="x",
        )
    with pytest.raises(N.NoticeError):
        N.issue(2025, "91411325000000000X", issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "o")
    assert len(audit.entries(limit=10_000)) == before
    assert api.latest_period() == 2025
