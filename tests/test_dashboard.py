"""Dashboard: users and login, role isolation in the data layer, every page for every role (AppTest).

A real database (SQLite in a temp folder) holding the imported, evaluated and scored county; real OPA.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboard import auth, data
from dashboard.auth import AuthError, Role, User
from evaluator.cli import app
from evaluator.opa import OpaServer, build_bundle
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
    os.environ["GOVSHARE_DATABASE_URL"] = url
    server = OpaServer(build_bundle())
    try:
        info = load_county(tmp, url, server)
        from evaluator import assess

        for p in info["periods"]:
            assess.assess_period(p, url=url, server=server)
        authority = User("t", Role.AUTHORITY, None)
        period = info["periods"][-1]
        names = data.dept_names(authority, period, url)
        with_findings = sorted({f["department"] for f in data.findings(authority, period, url=url)})
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
        if old is None:
            os.environ.pop("GOVSHARE_DATABASE_URL", None)
        else:
            os.environ["GOVSHARE_DATABASE_URL"] = old


# ---------------------------------------------------------------------------------------------
# Users and login


def test_password_is_hashed_with_argon2(county: dict[str, Any]) -> None:
    from sqlmodel import Session

    from evaluator.store import engine

    with Session(engine(county["url"])) as s:
        row = s.get(auth.UserRow, "auth")
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
    with pytest.raises(AuthError, match="秒后再试"):
        auth.authenticate("slow", PASSWORD, url)
    # another username is not affected; an unknown username is throttled the same way
    assert auth.authenticate("legal", PASSWORD, url).role is Role.LEGAL
    for _ in range(auth.FREE_FAILURES + 1):
        with pytest.raises(AuthError):
            auth.authenticate("nobody", "x" * 12, url)
    with pytest.raises(AuthError, match="秒后再试"):
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
    assert mine and {f["department"] for f in mine} == {own}
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

    from evaluator.store import RunRow, engine

    url, period, own, other = county["url"], county["period"], county["own"], county["other"]
    me = User("dept", Role.DEPARTMENT, own)
    with Session(engine(url)) as s:
        runs_before = s.exec(select(func.count()).select_from(RunRow)).one()
    snap = data.snapshot(me, period, own, url)
    assert snap is not None
    doc = snap.model_dump(mode="json")
    doc["department"]["head_is_first_responsible"] = None  # a missing fact
    server = OpaServer(build_bundle())
    try:
        r = data.what_if(me, period, own, doc, server, url)
        assert r is not None
        assert r.errors, "a missing fact must be an error"
        assert {f["department"] for f in r.after} <= {own}
        other_doc = snap.model_dump(mode="json")
        assert data.what_if(me, period, other, other_doc, server, url) is None
        # a new finding costs points: the score after the change is lower, and both are shown
        worse = snap.model_dump(mode="json")
        worse["department"]["data_unit"] = None  # A7: no dedicated unit
        w = data.what_if(me, period, own, worse, server, url)
        assert w is not None and any(f["rule_id"] == "A7" for f in w.added)
        assert w.score_before is not None and w.score_after is not None
        assert w.score_after["total"] < w.score_before["total"]
    finally:
        server.stop()
    with Session(engine(url)) as s:
        assert s.exec(select(func.count()).select_from(RunRow)).one() == runs_before


# ---------------------------------------------------------------------------------------------
# Every page for every role (Streamlit AppTest)


def _login(username: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_login_refuses_a_wrong_password(county: dict[str, Any]) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert at.text_input(key="login_username") is not None
    at.text_input(key="login_username").input("budget")
    at.text_input(key="login_password").input("not-the-password")
    at.button[0].click().run()
    assert any("用户名或密码错误" in e.value for e in at.error)
    assert not at.session_state["username"] if "username" in at.session_state else True


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
        started = time.monotonic()
        at.switch_page(f"views/{page}.py").run()
        elapsed = time.monotonic() - started
        assert not at.exception, (page, [e.value for e in at.exception])
        refused = any("无权访问" in e.value for e in at.error)
        assert refused == (page not in ALLOWED[role]), (role, page, [e.value for e in at.error])
        if page in ALLOWED[role] and page != "statute":
            assert elapsed < 2.0, (page, elapsed)
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
    at.session_state["username"] = "dept"
    at.run()
    assert any("无权访问" in e.value for e in at.error)
    assert not at.dataframe
