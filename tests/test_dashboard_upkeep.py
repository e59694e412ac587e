"""The authority's upkeep page (dashboard/views/upkeep.py) in Streamlit's AppTest: the banner from
1 November, next year's holidays checked, shown month by month, confirmed, audited and in force; a
bad year refused with where; the page is the authority's only. The dashboard's idle timeout and login
lifetime are the authority's dated setting (``govshare authority set dashboard``, the page's 仪表盘登录
tab): the shipped policies/dashboard/data.yaml is the default, the version in force overrides it from its
effective date, an invalid one is refused and located, a login through the gate carries the values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, select
from starlette.requests import Request
from typer.testing import CliRunner

from dashboard import auth
from dashboard.gate import SESSION_COOKIE, SETTINGS, _signed_in, session_settings
from evaluator.cli.main import app
from evaluator.consumers import upkeep
from evaluator.settings import PROJECT_ROOT
from evaluator.store.db import engine
from evaluator.store.sessions import DashboardSessionRow
from tests.test_dashboard import PASSWORD, _login  # the same login as the other pages' tests

FIXTURE = yaml.safe_load(
    (PROJECT_ROOT / "tests" / "support" / "calendar-2027-test-fixture.yaml").read_text("utf-8")
)
runner = CliRunner()


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVSHARE_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("GOVSHARE_DATABASE_URL", f"sqlite:///{tmp_path}/govshare.db")
    monkeypatch.setenv("GOVSHARE_TODAY", "2026-12-01")
    for var in ("GOVSHARE_POLICIES", "GOVSHARE_POLICY_PUBKEY", "GOVSHARE_REQUIRE_SIGNED"):
        monkeypatch.delenv(var, raising=False)
    url = f"sqlite:///{tmp_path}/govshare.db"
    auth.add_user("auth", PASSWORD, "authority", None, must_change=False, url=url)
    auth.add_user("legal", PASSWORD, "legal", None, must_change=False, url=url)
    yield tmp_path


def _days(values: list[object]) -> str:
    return ",".join(str(v) for v in values)


def test_the_authority_adds_next_year_on_the_dashboard(dirs: Path) -> None:
    at = _login("auth")
    assert any("2027年工作日历尚未补充" in w.value for w in at.warning)  # the banner, on every page
    at.switch_page("views/upkeep.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("主管部门维护")
    at.text_input(key="cal_notice").input(FIXTURE["notice"])
    at.text_area(key="cal_holidays").input(_days(FIXTURE["holidays"]))
    at.text_area(key="cal_workdays").input(_days([*FIXTURE["extra_workdays"], "2027-02-17"]))
    at.button(key="FormSubmitter:add_year-校验并逐月显示").click().run()
    assert any("--workdays 2027-02-17：这一天是星期三" in c.value for c in at.code), [
        e.value for e in at.error
    ]
    assert not (dirs / "data" / "authority" / "calendar").exists()
    at.text_area(key="cal_workdays").input(_days(FIXTURE["extra_workdays"]))
    at.button(key="FormSubmitter:add_year-校验并逐月显示").click().run()
    assert any("2027年10月" in c.value for c in at.code)  # shown month by month before anything is stored
    assert not (dirs / "data" / "authority" / "calendar").exists()
    at.button(key="cal_confirm").click().run()
    assert not at.exception, at.exception
    assert any("已补充 2027 年" in s.value for s in at.success)
    res = runner.invoke(app, ["calendar", "due", "2026-12-20", "10"])
    assert (res.exit_code, res.stdout.strip()) == (0, "2027年1月4日"), res.output
    listing = runner.invoke(app, ["audit", "list", "--limit", "5"])
    assert "补充工作日历" in listing.stdout and "dashboard:auth" in listing.stdout
    at.switch_page("views/overview.py").run()
    assert not any("尚未补充" in w.value for w in at.warning)


def test_the_page_is_the_authoritys_only(dirs: Path) -> None:
    at = _login("legal")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/upkeep.py")
    assert not any("尚未补充" in w.value for w in at.warning)


# ---------------------------------------------------------------------------------------------
# The dashboard's idle timeout and login lifetime: the authority's dated setting, the shipped default


def _shipped() -> tuple[int, int]:
    s = yaml.safe_load(SETTINGS.read_text("utf-8"))["dashboard"]["session"]
    return int(s["idle_minutes"]) * 60, int(s["lifetime_hours"]) * 3600


def _setting(idle: int, hours: int) -> dict[str, object]:
    return {"dashboard": {"session": {"idle_minutes": idle, "lifetime_hours": hours}}}


def test_the_shipped_value_is_the_default_and_the_authoritys_dated_version_overrides_it(dirs: Path) -> None:
    assert _shipped() == (30 * 60, 10 * 3600)
    assert session_settings() == _shipped()
    upkeep.set_kind("dashboard", _setting(5, 8), dt.date(2026, 12, 1), "dashboard:auth", "内数据〔2026〕9号")
    assert session_settings() == (5 * 60, 8 * 3600)
    # a version effective later takes over on its day, not before
    upkeep.set_kind("dashboard", _setting(15, 6), dt.date(2026, 12, 10), "dashboard:auth")
    assert session_settings() == (5 * 60, 8 * 3600)
    versions = upkeep.history("dashboard")
    assert [(v.number, v.effective_from) for v in versions] == [
        (1, dt.date(2026, 12, 1)),
        (2, dt.date(2026, 12, 10)),
    ]
    assert (dirs / "data" / "authority" / "dashboard" / "0001.yaml").is_file()


def test_the_day_a_later_version_takes_effect(dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upkeep.set_kind("dashboard", _setting(5, 8), dt.date(2026, 12, 1), "dashboard:auth")
    upkeep.set_kind("dashboard", _setting(15, 6), dt.date(2026, 12, 10), "dashboard:auth")
    monkeypatch.setenv("GOVSHARE_TODAY", "2026-12-10")
    assert session_settings() == (15 * 60, 6 * 3600)


def test_an_invalid_setting_is_refused_and_located(dirs: Path) -> None:
    with pytest.raises(upkeep.AuthorityFileError) as e:
        upkeep.set_kind("dashboard", _setting(0, 8), dt.date(2026, 12, 1), "dashboard:auth")
    assert "/dashboard/session/idle_minutes" in str(e.value)
    assert upkeep.history("dashboard") == []
    assert session_settings() == _shipped()


def test_govshare_authority_set_dashboard(dirs: Path) -> None:
    path = dirs / "dashboard.yaml"
    path.write_text(yaml.safe_dump(_setting(12, 9)), "utf-8")
    result = runner.invoke(app, ["authority", "set", "dashboard", str(path), "--effective", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "第 1 版" in result.output
    assert session_settings() == (12 * 60, 9 * 3600)
    path.write_text(yaml.safe_dump(_setting(12, 99)), "utf-8")
    result = runner.invoke(app, ["authority", "set", "dashboard", str(path)])
    assert result.exit_code == 2
    assert "lifetime_hours" in result.output


def test_a_login_through_the_gate_carries_the_setting_in_force(dirs: Path) -> None:
    url = f"sqlite:///{dirs}/govshare.db"
    upkeep.set_kind("dashboard", _setting(7, 3), dt.date(2026, 12, 1), "dashboard:auth")
    user = auth.authenticate("legal", PASSWORD, url=url)
    request = Request(
        {
            "type": "http",
            "scheme": "http",
            "server": ("127.0.0.1", 8501),
            "path": "/auth/login",
            "headers": [],
        }
    )
    resp = _signed_in(request, user, "/")
    assert resp.status_code == 303
    assert f"{SESSION_COOKIE}=" in resp.headers["set-cookie"]
    with Session(engine(url)) as s:
        rows = list(s.exec(select(DashboardSessionRow).where(DashboardSessionRow.username == "legal")))
    assert [r.idle_seconds for r in rows] == [7 * 60]
    assert [r.lifetime_seconds for r in rows] == [3 * 3600]
