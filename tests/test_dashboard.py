"""Dashboard: users and login, role isolation in the data layer, every page for every role (AppTest).

A real database (SQLite in a temp folder) holding the imported, evaluated and scored county; real OPA.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboard import auth, data
from dashboard.auth import AuthError, Role, User
from dashboard.ui import FINDING_COLUMNS, TOKEN_STATE, findings_frame, wkey
from evaluator.cli.main import app
from evaluator.engine import OpaServer, build_bundle
from evaluator.evaluate.service import Evaluations
from evaluator.store import sessions
from tests.support.dashboard_county import load_county

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PASSWORD = "correct-horse-battery"
PAGES = ["overview", "department", "funding", "rectification", "statute", "evaluate", "whatif"]
ALLOWED = {
    "authority": set(PAGES),
    "budget": {"overview", "department", "funding", "statute", "whatif"},
    "department": {"overview", "department", "statute", "whatif"},
    "legal": {"overview", "department", "statute", "whatif"},
}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("dash")
    url = f"sqlite:///{tmp}/govshare.db"
    old = os.environ.get("GOVSHARE_DATABASE_URL")
    old_dir = os.environ.get("GOVSHARE_DATA_DIR")
    os.environ["GOVSHARE_DATABASE_URL"] = url
    os.environ["GOVSHARE_DATA_DIR"] = str(tmp)  # notice files of the page's actions go here
    server = OpaServer(build_bundle())
    try:
        info = load_county(tmp, url, server)
        from evaluator.consumers import assess

        for p in info["periods"]:
            assess.assess_period(p, url=url, server=server)
        authority = User("t", Role.AUTHORITY, None)
        period = info["periods"][-1]
        names = data.dept_names(authority, period, url)
        with_findings = sorted({f.department for f in data.findings(authority, period, url=url)})
        own = with_findings[0]
        other = next(c for c in names if c != own)
        for name, role, dept in [
            ("auth", "authority", None),
            ("budget", "budget", None),
            ("dept", "department", own),
            ("legal", "legal", None),
        ]:
            auth.add_user(name, PASSWORD, role, dept, must_change=False, url=url)
        yield {"url": url, "period": period, "own": own, "other": other, "names": names, **info}
    finally:
        server.stop()
        for name, value in (("GOVSHARE_DATABASE_URL", old), ("GOVSHARE_DATA_DIR", old_dir)):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# ---------------------------------------------------------------------------------------------
# Users and login


def test_password_is_hashed_with_argon2(county: dict[str, Any]) -> None:
    from sqlmodel import Session

    from evaluator.store.db import engine
    from evaluator.store.users import UserRow

    with Session(engine(county["url"])) as s:
        row = s.get(UserRow, "auth")
        assert row is not None
        assert row.password_hash.startswith("$argon2id$")
        assert PASSWORD not in row.password_hash


def test_failed_logins_are_slowed_per_username(county: dict[str, Any]) -> None:
    url = county["url"]
    auth.add_user("slow", PASSWORD, "legal", must_change=False, url=url)
    for _ in range(auth.FREE_FAILURES):
        with pytest.raises(AuthError, match="用户名或密码错误"):
            auth.authenticate("slow", "wrong-password", url)
    # now even the right password is refused until the backoff has passed
    with pytest.raises(AuthError, match="稍后再试") as refused:
        auth.authenticate("slow", PASSWORD, url)
    assert "秒" not in str(refused.value)  # how long is not told
    # the owner's own browser (a trusted device of "slow") is not blocked by guesses from elsewhere
    device = sessions.device_of(sessions.trust_device("slow", url), "slow", url)
    assert device is not None
    assert auth.authenticate("slow", PASSWORD, url, device=device).username == "slow"
    # a device token of another user is no device of this one
    assert sessions.device_of(sessions.trust_device("legal", url), "slow", url) is None
    # another username is not affected; an unknown username is throttled the same way
    assert auth.authenticate("legal", PASSWORD, url).role is Role.LEGAL
    for _ in range(auth.FREE_FAILURES + 1):
        with pytest.raises(AuthError):
            auth.authenticate("nobody", "x" * 12, url)
    with pytest.raises(AuthError, match="稍后再试"):
        auth.authenticate("nobody", "x" * 12, url)
    assert auth.delay_for(auth.FREE_FAILURES) == auth.BASE_DELAY_SECONDS
    assert auth.delay_for(100) == auth.MAX_DELAY_SECONDS


def test_one_time_password_must_be_changed(county: dict[str, Any]) -> None:
    url = county["url"]
    auth.add_user("fresh", "one-time-pass-1", "budget", url=url)
    u = auth.authenticate("fresh", "one-time-pass-1", url)
    assert u.must_change
    with pytest.raises(AuthError, match="至少"):
        auth.change_password("fresh", "one-time-pass-1", "short", url)
    u = auth.change_password("fresh", "one-time-pass-1", "a-new-long-password", url)
    assert not u.must_change
    assert auth.authenticate("fresh", "a-new-long-password", url).username == "fresh"


def test_roles_and_departments_are_checked(county: dict[str, Any]) -> None:
    with pytest.raises(AuthError, match="部门"):
        auth.add_user("x1", PASSWORD, "department", None, url=county["url"])
    with pytest.raises(AuthError, match="未知角色"):
        auth.add_user("x2", PASSWORD, "admin", None, url=county["url"])
    with pytest.raises(AuthError, match="已存在"):
        auth.add_user("auth", PASSWORD, "authority", None, url=county["url"])


def test_cli_users_add_reads_stdin_and_demo_prints_one_time_passwords(county: dict[str, Any]) -> None:
    runner = CliRunner()
    r = runner.invoke(
        app,
        [
            "users",
            "add",
            "--username",
            "cli-user",
            "--role",
            "department",
            "--department",
            county["own"],
            "--password-stdin",
        ],
        input="from-stdin-password\n",
    )
    assert r.exit_code == 0, r.output
    assert auth.authenticate("cli-user", "from-stdin-password", county["url"]).dept == county["own"]
    r = runner.invoke(app, ["users", "demo"])
    assert r.exit_code == 0, r.output
    for name, _ in auth.DEMO_USERS:
        assert name in r.output
        u = auth.get_user(name, county["url"])
        assert u is not None and u.must_change
    assert "一次性密码" in r.output


# ---------------------------------------------------------------------------------------------
# Role isolation in the data layer


def test_department_user_sees_only_its_own_department(county: dict[str, Any]) -> None:
    url, period, own, other = county["url"], county["period"], county["own"], county["other"]
    me = User("dept", Role.DEPARTMENT, own)
    assert data.departments(me, period, url) == [{"code": own, "name": county["names"][own]}]
    mine = data.findings(me, period, url=url)
    assert mine and {f.department for f in mine} == {own}
    assert data.findings(me, period, other, url) == []
    assert data.snapshot(me, period, other, url) is None
    assert data.history(me, other, url) == []
    assert data.notices(me, period, other, url) == []
    assert data.waivers(me, period, other, url) == []
    assert {t["dept"] for t in data.trend(me, url)} <= {own}
    a = data.assessment(me, period, url)
    assert a is not None and [d["code"] for d in a["departments"]] == [own]
    assert "funding" not in a
    run = data.run_info(me, period, url)
    assert run is not None and all(e.get("dept") in (own, "") for e in run.errors)
    with pytest.raises(data.Forbidden):
        data.funding_findings(me, period, url)
    with pytest.raises(data.Forbidden):
        data.rectification_findings(me, period, url)


def test_findings_tables_say_what_a_finding_is_about_in_words(county: dict[str, Any]) -> None:
    """Staff read a finding by department name, article, duty and message with Chinese dates; the record's own
    number comes last (to find it in the department's system); no JSON pointer, no ISO date."""
    fs = data.findings(User("t", Role.AUTHORITY, None), county["period"], url=county["url"])
    # the machine's text with an ISO date and padded numbers, as some rules' messages have it
    fs = [*fs, fs[0].model_copy(update={"message_zh": "截至 2026-02-27 仍未办结，超出 3 个工作日"})]
    df = findings_frame(fs)
    assert df.iloc[-1]["说明"] == "截至2026年2月27日仍未办结，超出3个工作日"
    assert (
        list(df.columns)
        == FINDING_COLUMNS
        == ["部门", "条款", "问题", "程度", "维度", "说明", "规则", "记录编号"]
    )
    assert len(df) == len(fs)
    for (_, row), f in zip(df.iterrows(), fs, strict=True):
        assert (row["部门"], row["问题"], row["记录编号"]) == (f.department_name, f.title_zh, f.subject)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", row["说明"]), row["说明"]
        assert not any(str(v).startswith("/") for v in row.values), row


def test_funding_is_for_budget_and_authority(county: dict[str, Any]) -> None:
    url, period = county["url"], county["period"]
    for role in (Role.AUTHORITY, Role.BUDGET):
        data.funding_findings(User("x", role, None), period, url)
        assert "funding" in (data.assessment(User("x", role, None), period, url) or {})
    with pytest.raises(data.Forbidden):
        data.funding_findings(User("x", Role.LEGAL, None), period, url)
    with pytest.raises(data.Forbidden):
        data.rectification_findings(User("x", Role.BUDGET, None), period, url)


def test_what_if_changes_findings_and_stores_nothing(county: dict[str, Any]) -> None:
    from sqlmodel import Session, func, select

    from evaluator.store.db import engine
    from evaluator.store.runs import RunRow

    url, period, own, other = county["url"], county["period"], county["own"], county["other"]
    me = User("dept", Role.DEPARTMENT, own)
    with Session(engine(url)) as s:
        runs_before = s.exec(select(func.count()).select_from(RunRow)).one()
    snap = data.snapshot(me, period, own, url)
    assert snap is not None
    doc = snap.model_dump(mode="json")
    doc["department"]["head_is_first_responsible"] = None  # a missing fact
    service = Evaluations()
    try:
        r = data.what_if(me, period, own, doc, service, url)
        assert r is not None
        assert r.errors, "a missing fact must be an error"
        assert {f.department for f in r.after} <= {own}
        other_doc = snap.model_dump(mode="json")
        assert data.what_if(me, period, other, other_doc, service, url) is None
        # a new finding costs points: the score after the change is lower, and both are shown
        worse = snap.model_dump(mode="json")
        worse["department"]["data_unit"] = None  # A7: no dedicated unit
        w = data.what_if(me, period, own, worse, service, url)
        assert w is not None and any(f.rule_id == "A7" for f in w.added)
        assert w.score_before is not None and w.score_after is not None
        assert w.score_after["total"] < w.score_before["total"]
    finally:
        service.stop()
    with Session(engine(url)) as s:
        assert s.exec(select(func.count()).select_from(RunRow)).one() == runs_before


# ---------------------------------------------------------------------------------------------
# Every page for every role (Streamlit AppTest)


def _token(username: str) -> str:
    """A live session of ``username``, as the login gate starts one (AppTest has no HTTP, no cookie)."""
    return sessions.start(username, idle=600, lifetime=3600)


def _login(username: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[TOKEN_STATE] = _token(username)
    at.run()
    assert not at.exception, at.exception
    return at


def test_without_a_live_session_no_page_is_shown(county: dict[str, Any]) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert any("登录已结束" in w.value for w in at.warning)
    assert not at.dataframe and not at.metric
    # an ended session (logout, here or in another tab) is no session
    at = _login("budget")
    assert not at.warning
    assert sessions.end_all("budget") >= 1
    at.run()
    assert any("登录已结束" in w.value for w in at.warning)
    assert not at.dataframe


def test_a_session_ends_after_the_idle_timeout(county: dict[str, Any]) -> None:
    token = sessions.start("legal", idle=60, lifetime=3600)
    assert sessions.resume(token) is not None
    from sqlmodel import Session

    from evaluator.store.db import engine
    from evaluator.store.sessions import DashboardSessionRow, _digest

    with Session(engine(county["url"])) as s:
        row = s.get(DashboardSessionRow, _digest(token))
        assert row is not None
        row.last_seen = row.last_seen - timedelta(seconds=61)
        s.add(row)
        s.commit()
    assert sessions.resume(token) is None
    assert sessions.resume(token) is None  # and it is gone


def test_the_idle_timeout_is_the_authoritys_setting() -> None:
    import yaml

    from dashboard.gate import SETTINGS, session_settings

    doc = yaml.safe_load(SETTINGS.read_text("utf-8"))["dashboard"]["session"]
    assert session_settings() == (doc["idle_minutes"] * 60, doc["lifetime_hours"] * 3600)


def test_hostile_text_is_escaped_for_markdown_and_plotly() -> None:
    from dashboard.ui import label, md

    hostile = "[指南](http://198.51.100.7/x) ![](http://198.51.100.7/p.png) <b>!</b> :red[x] $x$"
    escaped = md(hostile)
    assert "](" not in escaped.replace("\\](", "").replace("\\]\\(", "")
    assert "<b>" not in escaped and "&lt;b&gt;" in escaped
    assert label("<a href='http://x'>名</a>") == "&lt;a href=&#x27;http://x&#x27;&gt;名&lt;/a&gt;"


@pytest.mark.parametrize(
    "username,role", [("auth", "authority"), ("budget", "budget"), ("dept", "department"), ("legal", "legal")]
)
def test_every_page_for_every_role(county: dict[str, Any], username: str, role: str) -> None:
    at = _login(username)
    for page in PAGES:
        if page not in ALLOWED[role]:
            # a page outside the role's navigation cannot be reached at all
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(f"views/{page}.py")
            continue
        # (page times are measured in benchmarks/, not asserted here: a shared machine makes them flaky)
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        refused = any("无权访问" in e.value for e in at.error)
        assert refused == (page not in ALLOWED[role]), (role, page, [e.value for e in at.error])
        if page == "overview" and not refused:
            assert at.title[0].value.startswith("总览")
            shown = " ".join(str(m.value) for m in at.metric)
            assert shown


def test_department_user_asking_for_another_department_by_url_gets_nothing(county: dict[str, Any]) -> None:
    at = _login("dept")
    at.query_params["dept"] = county["other"]
    at.switch_page("views/department.py").run()
    assert any("无权查看" in e.value for e in at.error)
    text = " ".join(str(getattr(el, "value", "")) for el in at.main)
    assert county["names"][county["other"]] not in text
    # the own department by URL works
    at.query_params["dept"] = county["own"]
    at.switch_page("views/department.py").run()
    assert not any("无权查看" in e.value for e in at.error)


def test_authority_sees_another_department_by_url(county: dict[str, Any]) -> None:
    at = _login("auth")
    at.query_params["dept"] = county["other"]
    at.switch_page("views/department.py").run()
    assert not at.error or not any("无权查看" in e.value for e in at.error)
    assert at.selectbox(key="dept_select").value == county["other"]


@pytest.mark.parametrize("page", ["funding", "rectification", "evaluate"])
def test_pages_guard_their_roles_themselves(county: dict[str, Any], page: str) -> None:
    """Defence in depth: run a restricted page's script directly as a department user."""
    at = AppTest.from_file(str(Path(APP).parent / "views" / f"{page}.py"), default_timeout=60)
    at.session_state[TOKEN_STATE] = _token("dept")
    at.run()
    assert any("无权访问" in e.value for e in at.error)
    assert not at.dataframe


# ---------------------------------------------------------------------------------------------
# Rectification page: notices, waivers, audited downloads (run last: they change the county)


def _exports(url: str) -> list[Any]:
    from evaluator.store import audit

    return [e for e in audit.entries(1000, url) if e.action == "export"]


def _notice_dept(county: dict[str, Any], skip: set[str]) -> str:
    """A department with an unwaived Art. 67 ground and no notice yet (never the authority)."""
    from evaluator.consumers import notices as N

    me = User("auth", Role.AUTHORITY, None)
    authority = N.authority_of(county["period"], county["url"])
    have = {n["department"] for n in data.notices(me, county["period"], url=county["url"])}
    grounds = N.grounds(data.rectification_findings(me, county["period"], county["url"]))
    return next(d for d in sorted(grounds) if d != authority and d not in have | skip)


def _rect(at: AppTest) -> AppTest:
    import streamlit as st

    st.cache_data.clear()  # the tests change the store behind the page's 60 s query cache
    at.switch_page("views/rectification.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_rectification_actions_are_refused_to_other_roles_in_the_data_layer(county: dict[str, Any]) -> None:
    url, period = county["url"], county["period"]
    f = data.findings(User("a", Role.AUTHORITY, None), period, url=url)[0]
    for role, dept in ((Role.BUDGET, None), (Role.LEGAL, None), (Role.DEPARTMENT, county["own"])):
        u = User("x", role, dept)
        calls = [
            lambda u=u: data.waivable_findings(u, period, url=url),
            lambda u=u: data.grant_waiver(
                u, period, f, ground="尽职", grantor="x", granted_on=date.today(), evidence="x", url=url
            ),
            lambda u=u: data.revoke_waiver(u, 1, "x", url=url),
            lambda u=u: data.waivers_pending(u, period, url=url),
            lambda u=u: data.issue_notices(u, period, county["own"], url=url),
            lambda u=u: data.move_notice(u, "1", "已反馈", "x", url=url),
            lambda u=u: data.overdue_notices(u, period, url=url),
            lambda u=u: data.reevaluate(u, period, None, url=url),  # type: ignore[arg-type]
        ]
        for call in calls:
            with pytest.raises(data.Forbidden):
                call()


def test_rectification_page_issues_for_one_department_and_moves_the_notice(county: dict[str, Any]) -> None:
    from evaluator.store import audit

    url, period = county["url"], county["period"]
    dept = _notice_dept(county, set())
    at = _rect(_login("auth"))
    at.selectbox(key="issue_dept").select(dept).run()
    at.button(key=wkey("issue", period, dept)).click().run()
    assert not data.notices(User("auth", Role.AUTHORITY, None), period, url=url)  # a preview only
    at.button(key=wkey("issue_confirm", period, dept)).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已下发 1 份" in s.value for s in at.success), [e.value for e in at.error]
    me = User("auth", Role.AUTHORITY, None)
    mine = [n for n in data.notices(me, period, url=url) if n["department"] == dept]
    assert len(mine) == 1 and mine[0]["state"] == "已下发"
    n = mine[0]
    assert all(Path(p).is_file() and Path(p).is_relative_to(data.notices_dir()) for p in n["files"])
    issued = [e for e in audit.entries(200, url) if e.action == "notice.issue" and e.details["id"] == n["id"]]
    assert issued and issued[0].actor == "auth"
    # only that department got a notice
    assert {x["department"] for x in data.notices(me, period, url=url)} == {dept}

    # 已下发 → 已反馈 from the page, with who and why
    at.selectbox(key=f"to_{n['id']}").select("已反馈")
    at.text_input(key=f"why_{n['id']}").input("收到书面整改报告")
    at.button(key=f"move_{n['id']}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已转为“已反馈”" in s.value for s in at.success), [e.value for e in at.error]
    events = data.notice_events(me, n["id"], url)
    assert events[-1]["from_state"] == "已下发" and events[-1]["to_state"] == "已反馈"
    assert events[-1]["actor"] == "auth" and events[-1]["reason"] == "收到书面整改报告"

    # a transition without a reason is refused with the module's Chinese message, nothing changes
    at.selectbox(key=f"to_{n['id']}").select("逾期")
    at.button(key=f"move_{n['id']}").click().run()
    assert any("须写明经办人和理由" in e.value for e in at.error)
    assert data.notices(me, period, url=url)[0]["state"] == "已反馈"

    # issuing again for the same department is refused: an open notice exists
    at.selectbox(key="issue_dept").select(dept).run()
    at.button(key=wkey("issue", period, dept)).click().run()
    at.button(key=wkey("issue_confirm", period, dept)).click().run()
    assert any("已有未办结的整改通知书" in e.value for e in at.error), [e.value for e in at.error]


def test_rectification_page_lists_overdue_notices(county: dict[str, Any]) -> None:
    from evaluator.consumers import notices as N

    url, period = county["url"], county["period"]
    dept = _notice_dept(county, set())
    # a notice issued long ago is past its time limit today
    old = N.issue(
        period, dept, issued_on=date(period, 1, 5), actor="test", out_dir=data.notices_dir(), url=url
    )
    number = old.issued[0].number
    me = User("auth", Role.AUTHORITY, None)
    assert [n["number"] for n in data.overdue_notices(me, period, url=url)] == [number]
    assert data.overdue_notices(me, period, today=date(period, 1, 6), url=url) == []
    at = _login("auth")
    _rect(at)
    shown = [df.value for df in at.dataframe if "文号" in df.value.columns]
    assert shown and number in set(shown[0]["文号"]), shown
    # and it can be marked 逾期 from the page
    nid = old.issued[0].id
    at.selectbox(key=f"to_{nid}").select("逾期")
    at.text_input(key=f"why_{nid}").input("期限届满未报送整改报告")
    at.button(key=f"move_{nid}").click().run()
    assert not at.error, [e.value for e in at.error]
    assert next(n for n in data.notices(me, period, url=url) if n["id"] == nid)["state"] == "逾期"


def test_every_download_is_audited_with_who_and_the_sha256(county: dict[str, Any]) -> None:
    import hashlib

    url, period = county["url"], county["period"]
    me = User("auth", Role.AUTHORITY, None)
    at = _rect(_login("auth"))
    n = next(x for x in data.notices(me, period, url=url) if x["files"])
    for fmt in ("docx", "pdf"):
        before = len(_exports(url))
        at.download_button(key=f"dl_{n['id']}_{fmt}").click().run()
        assert not at.exception, [e.value for e in at.exception]
        got = _exports(url)
        assert len(got) == before + 1
        e = got[0]
        path = next(p for p in n["files"] if p.endswith(fmt))
        assert e.actor == "auth" and e.details["what"] == "notice" and e.details["number"] == n["number"]
        assert e.details["sha256"] == hashlib.sha256(Path(path).read_bytes()).hexdigest()

    at.switch_page("views/funding.py").run()
    for fmt in ("csv", "xlsx"):
        payload = data.funding_export(me, period, "csv", url) if fmt == "csv" else None
        at.download_button(key=f"funding_export_{fmt}").click().run()
        e = _exports(url)[0]
        assert e.actor == "auth" and e.details["what"] == "funding" and e.details["format"] == fmt
        if payload is not None:  # CSV bytes are deterministic; XLSX carries a timestamp
            assert e.details["sha256"] == hashlib.sha256(payload).hexdigest()
        assert len(e.details["sha256"]) == 64 and e.details["bytes"] > 0

    # a department user's assessment export holds its own department only, and is audited as theirs
    dept_at = _login("dept")
    dept_at.switch_page("views/overview.py").run()
    dept_at.download_button(key="assess_export_csv").click().run()
    e = _exports(url)[0]
    assert e.actor == "dept" and e.details["what"] == "assessment" and e.details["role"] == "department"
    text = data.assessment_export(User("dept", Role.DEPARTMENT, county["own"]), period, "csv", url)
    assert text is not None and hashlib.sha256(text).hexdigest() == e.details["sha256"]
    assert county["names"][county["other"]] not in text.decode("utf-8-sig")
    with pytest.raises(data.Forbidden):
        data.funding_export(User("dept", Role.DEPARTMENT, county["own"]), period, "csv", url)


def test_rectification_page_grants_and_revokes_a_waiver_then_re_evaluates(county: dict[str, Any]) -> None:
    from evaluator.consumers.waivers import list_waivers
    from evaluator.store import audit

    url, period = county["url"], county["period"]
    me = User("auth", Role.AUTHORITY, None)
    at = _rect(_login("auth"))
    dept = at.selectbox(key="waiver_dept").value
    f = [x for x in data.waivable_findings(me, period, url=url) if x.department == dept][0]
    fk = f.key
    assert at.selectbox(key=wkey("waiver_finding", period, dept)).value == fk
    at.selectbox(key=wkey("waiver_ground", period, fk)).select("不可抗力")
    at.text_input(key=wkey("waiver_grantor", period, fk)).input("县数据局 张三")
    at.text_area(key=wkey("waiver_evidence", period, fk)).input(
        "2025年7月洪灾停电证明（县应急局〔2025〕3号）"
    )
    at.button(key=wkey("waiver_submit", period, fk)).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已免责" in s.value and "下次评价" in s.value for s in at.success), [e.value for e in at.error]
    ws = [
        w
        for w in list_waivers(period, url)
        if (w.rule_id, w.department, w.subject) == (f.rule_id, dept, f.subject)
    ]
    assert len(ws) == 1 and ws[0].ground == "不可抗力" and ws[0].grantor == "县数据局 张三"
    added = next(
        e for e in audit.entries(50, url) if e.action == "waiver.add" and e.details["id"] == ws[0].id
    )
    assert added.actor == "auth"
    # not reflected yet: the page offers to re-evaluate
    assert data.waivers_pending(me, period, url) == 1
    assert any("重新评价" in w.value for w in at.warning)
    assert all(_key(x) != _key(f) for x in data.waivable_findings(me, period, url=url))

    at.button(key="waiver_reevaluate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已重新评价" in s.value for s in at.success), [e.value for e in at.error]
    marked = [x for x in data.findings(me, period, url=url) if _key(x) == _key(f)]
    assert marked and marked[0].waived
    assert data.waivers_pending(me, period, url) == 0

    # revoke: the record stays, revoked with who and why
    at.selectbox(key="revoke_id").select(ws[0].id)
    at.text_input(key="revoke_reason").input("证明材料不实")
    at.button(key="revoke_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已撤销免责" in s.value for s in at.success), [e.value for e in at.error]
    kept = [w for w in list_waivers(period, url, all_=True) if w.id == ws[0].id]
    assert kept and kept[0].revoked_by == "auth" and kept[0].revoke_reason == "证明材料不实"
    assert data.waivers_pending(me, period, url) == 1
    # a finding not in the latest run cannot be waived
    ghost = f.model_copy(update={"subject": "不存在的记录", "key": f"{f.key}不存在的记录"})
    from evaluator.consumers.notices import NoticeError

    with pytest.raises(NoticeError, match="不在"):
        data.grant_waiver(
            me, period, ghost, ground="尽职", grantor="x", granted_on=date.today(), evidence="x", url=url
        )


def _key(f: dict[str, Any]) -> tuple[str, str, str]:
    return (f.rule_id, f.department, f.subject)
