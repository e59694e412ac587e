"""The authority's upkeep page (dashboard/views/upkeep.py) in Streamlit's AppTest: the banner from
1 November, next year's holidays checked, shown month by month, confirmed, audited and in force; a
bad year refused with where; the page is the authority's only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dashboard import auth
from evaluator.cli.main import app
from evaluator.settings import PROJECT_ROOT
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
    assert any("2027 年工作日历尚未补充" in w.value for w in at.warning)  # the banner, on every page
    at.switch_page("views/upkeep.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("主管部门维护")
    at.text_input(key="cal_notice").input(FIXTURE["notice"])
    at.text_area(key="cal_holidays").input(_days(FIXTURE["holidays"]))
    at.text_area(key="cal_workdays").input(_days([*FIXTURE["extra_workdays"], "2027-02-17"]))
    at.button(key="FormSubmitter:add_year-校验并逐月显示 / check").click().run()
    assert any("--workdays 2027-02-17：这一天是星期三" in c.value for c in at.code), [
        e.value for e in at.error
    ]
    assert not (dirs / "data" / "authority" / "calendar").exists()
    at.text_area(key="cal_workdays").input(_days(FIXTURE["extra_workdays"]))
    at.button(key="FormSubmitter:add_year-校验并逐月显示 / check").click().run()
    assert any("2027年10月" in c.value for c in at.code)  # shown month by month before anything is stored
    assert not (dirs / "data" / "authority" / "calendar").exists()
    at.button(key="cal_confirm").click().run()
    assert not at.exception, at.exception
    assert any("已补充 2027 年" in s.value for s in at.success)
    res = runner.invoke(app, ["calendar", "due", "2026-12-20", "10"])
    assert (res.exit_code, res.stdout.strip()) == (0, "2027-01-04"), res.output
    listing = runner.invoke(app, ["audit", "list", "--limit", "5"])
    assert "calendar.add_year" in listing.stdout and "dashboard:auth" in listing.stdout
    at.switch_page("views/overview.py").run()
    assert not any("尚未补充" in w.value for w in at.warning)


def test_the_page_is_the_authoritys_only(dirs: Path) -> None:
    at = _login("legal")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/upkeep.py")
    assert not any("尚未补充" in w.value for w in at.warning)
