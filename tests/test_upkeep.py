"""The authority's yearly upkeep (issue 21): next year's holidays, its settings, its indicator system,
its letterhead — from the command line, validated, audited, in force for the next evaluation, kept in
the data directory across an upgrade of the package.

Every test has its own data and build directories; the shipped policies are never written. The 2027
arrangement used here is a test fixture (tests/support/calendar-2027-test-fixture.yaml), shaped like the
State Council's notice but invented: the software ships no 2027 data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.engine import overlay, policies_dir
from evaluator.settings import PROJECT_ROOT

runner = CliRunner()
FIXTURE_2027 = PROJECT_ROOT / "tests" / "support" / "calendar-2027-test-fixture.yaml"
_FIX = {
    k: v if isinstance(v, str) else [str(d) for d in v]
    for k, v in yaml.safe_load(FIXTURE_2027.read_text("utf-8")).items()
}


@pytest.fixture(autouse=True)
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVSHARE_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("GOVSHARE_TODAY", "2026-12-01")
    for var in (
        "GOVSHARE_DATABASE_URL",
        "GOVSHARE_POLICIES",
        "GOVSHARE_POLICY_PUBKEY",
        "GOVSHARE_REQUIRE_SIGNED",
    ):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def _gs(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def _add(*extra: str, holidays: str | None = None, workdays: str | None = None) -> tuple[int, str, str]:
    return _gs(
        "calendar",
        "add-year",
        "2027",
        "--notice",
        _FIX["notice"],
        "--holidays",
        holidays if holidays is not None else ",".join(_FIX["holidays"]),
        "--workdays",
        workdays if workdays is not None else ",".join(_FIX["extra_workdays"]),
        "--by",
        "县数据局 王五",
        "--yes",
        *extra,
    )


def _versions(tmp: Path, kind: str) -> list[str]:
    folder = tmp / "data" / "authority" / kind
    return sorted(p.name for p in folder.glob("*.yaml")) if folder.is_dir() else []


def test_adding_2027_makes_a_deadline_into_2027_computable(dirs: Path) -> None:
    code, _, err = _gs("calendar", "due", "2026-12-20", "10")
    assert code == 2
    assert "govshare calendar add-year 2027" in err  # the failure names the command that fixes it
    code, out, err = _add()
    assert code == 0, err
    assert "2027年10月" in out and "班" in out and "休" in out  # shown back month by month
    code, out, err = _gs("calendar", "due", "2026-12-20", "10")
    assert (code, out.strip()) == (0, "2027年1月4日"), err  # 1-3 Jan off in the fixture
    code, out, _ = _gs("calendar", "show", "2027")
    assert code == 0 and "国办发明电〔2026〕99号" in out and " 4    5 " in out
    code, out, _ = _gs("audit", "list", "--limit", "5")
    assert "补充工作日历" in out and "县数据局 王五" in out and "99号" in out
    assert _versions(dirs, "calendar") == ["0001.yaml"]


def test_the_file_form_gives_the_same_year(dirs: Path) -> None:
    code, _, err = _gs("calendar", "add-year", "2027", "--file", str(FIXTURE_2027), "--yes")
    assert code == 0, err
    assert _gs("calendar", "due", "2026-12-20", "10")[1].strip() == "2027年1月4日"


def test_nothing_is_stored_without_confirmation(dirs: Path) -> None:
    res = runner.invoke(app, ["calendar", "add-year", "2027", "--file", str(FIXTURE_2027)], input="n\n")
    assert res.exit_code == 2 and "未写入" in res.stderr
    assert _versions(dirs, "calendar") == []


def test_a_make_up_day_on_a_wednesday_is_refused_with_where(dirs: Path) -> None:
    code, _, err = _add(workdays="2027-02-14,2027-02-17")
    assert code == 2
    assert "govshare calendar add-year 2027 --workdays 2027-02-17：这一天是星期三" in err
    assert _versions(dirs, "calendar") == []


def test_a_missing_1_october_is_refused(dirs: Path) -> None:
    days = [d for d in _FIX["holidays"] if not d.startswith("2027-10")] + ["2027-10-02..2027-10-07"]
    code, _, err = _add(holidays=",".join(days))
    assert code == 2
    assert "--holidays：缺少 2027-10-01（国庆节）" in err
    assert _versions(dirs, "calendar") == []


def test_a_gap_year_is_refused(dirs: Path) -> None:
    code, _, err = _gs(
        "calendar",
        "add-year",
        "2028",
        "--notice",
        "国办发明电〔2027〕5号",
        "--holidays",
        "2028-01-01,2028-05-01,2028-10-01",
        "--yes",
    )
    assert code == 2
    assert (
        "年份须连续，工作日历止于 2026 年，2027 年尚无数据；请先补充 govshare calendar add-year 2027" in err
    )
    assert _versions(dirs, "calendar") == []


def test_only_the_new_years_eve_the_notice_names_may_lie_outside_the_year(dirs: Path) -> None:
    code, _, err = _add(holidays=",".join(_FIX["holidays"]) + ",2026-12-30")
    assert code == 2 and "--holidays 2026-12-30：不在 2027 年内" in err
    code, _, err = _add(holidays=",".join(_FIX["holidays"]) + ",2026-12-31")
    assert code == 0, err


def test_a_notice_number_is_required(dirs: Path) -> None:
    code, _, err = _gs("calendar", "add-year", "2027", "--holidays", ",".join(_FIX["holidays"]), "--yes")
    assert code == 2 and "--notice：须填写国务院办公厅通知文号" in err


@pytest.mark.parametrize(("today", "reminded"), [("2026-10-31", False), ("2026-11-01", True)])
def test_the_reminder_from_1_november(monkeypatch: pytest.MonkeyPatch, today: str, reminded: bool) -> None:
    monkeypatch.setenv("GOVSHARE_TODAY", today)
    code, _, err = _gs("calendar", "status")
    assert code == 0  # a reminder is not an error, and never 1 ("findings")
    assert err.count("2027年工作日历尚未补充") == (1 if reminded else 0)  # once, not twice
    assert ("govshare calendar add-year 2027" in err) is reminded


def test_no_reminder_once_next_year_is_added() -> None:
    assert _add()[0] == 0
    code, _, err = _gs("calendar", "status")
    assert code == 0 and "尚未补充" not in err


# --------------------------------------------------------------------------- settings, indicators, notices


def _settings(tmp: Path, **changes: object) -> Path:
    data = {k: v for k, v in overlay.shipped_data("settings").items() if k != "placeholder"}
    data["basis_zh"] = "内数据〔2026〕8号 内乡县政务数据质量要求"
    data.update(changes)
    path = tmp / "settings.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def test_settings_are_validated_with_every_error_located(dirs: Path) -> None:
    data = overlay.shipped_data("settings")
    bad = dict(data["quality_thresholds"])
    bad["population"] = {**bad["population"], "accuracy_min": {"values": {"2027-01-01": {"value": 1.5}}}}
    del bad["other"]
    code, _, err = _gs(
        "authority", "set", "settings", str(_settings(dirs, quality_thresholds=bad, placeholder=True))
    )
    assert code == 2
    assert (
        "字段 /quality_thresholds/population/accuracy_min/values/2027-01-01/value：1.5 is greater than the maximum of 1"
        in err
    )
    assert "字段 /quality_thresholds：'other' is a required property" in err
    assert _versions(dirs, "settings") == []


def test_the_shipped_example_cannot_be_submitted_as_the_authoritys(dirs: Path) -> None:
    path = dirs / "same.yaml"
    assert _gs("authority", "export", "settings", "-o", str(path))[0] == 0
    code, _, err = _gs("authority", "set", "settings", str(path))
    assert code == 2 and "与随软件提供的示例完全相同" in err


def test_a_settings_version_is_in_force_from_its_date_and_audited(
    dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    th = overlay.shipped_data("settings")["quality_thresholds"]
    th["population"]["accuracy_min"]["values"]["2027-01-01"] = {"value": 0.99}
    code, out, err = _gs(
        "authority",
        "set",
        "settings",
        str(_settings(dirs, quality_thresholds=th)),
        "--effective",
        "2027-01-01",
    )
    assert code == 0, err
    assert "2027-01-01 起生效" in out
    shipped = yaml.safe_load((policies_dir() / "authority" / "data.yaml").read_text("utf-8"))
    assert shipped["placeholder"] is True  # not yet in force on 2026-12-01
    monkeypatch.setenv("GOVSHARE_TODAY", "2027-01-01")
    effective = yaml.safe_load((policies_dir() / "authority" / "data.yaml").read_text("utf-8"))
    assert effective["quality_thresholds"]["population"]["accuracy_min"]["values"]["2027-01-01"] == {
        "value": 0.99
    }
    assert "placeholder" not in effective
    code, out, _ = _gs("audit", "list", "--limit", "5")
    assert "提交主管部门的设定" in out
    assert "第 1 版" in _gs("authority", "history", "settings")[1]


def test_an_indicator_system_still_titled_as_the_example_is_refused(dirs: Path) -> None:
    path = dirs / "ind.yaml"
    assert _gs("authority", "export", "indicators", "-o", str(path))[0] == 0
    code, _, err = _gs("authority", "set", "indicators", str(path))
    assert code == 2 and "仍是示例的标题或版本" in err
    doc = yaml.safe_load(path.read_text("utf-8"))
    value = doc["indicators"]["values"]["2022-01-01"]["value"]
    value["title"] = "内乡县政务数据管理工作情况评价指标体系"
    value["version"] = "内数据〔2026〕9号"
    value["dimensions"]["catalog"]["weight"] = 20
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    code, _, err = _gs("authority", "set", "indicators", str(path))
    assert code == 2 and "权重合计 105，应为 100" in err
    value["dimensions"]["catalog"]["weight"] = 15
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    code, _, err = _gs("authority", "set", "indicators", str(path))
    assert code == 0, err
    effective = yaml.safe_load((policies_dir() / "assessment" / "data.yaml").read_text("utf-8"))
    assert effective["indicators"]["values"]["2022-01-01"]["value"]["version"] == "内数据〔2026〕9号"
    assert "project_gates" in effective


def test_the_notice_settings_replace_only_the_letterhead(dirs: Path) -> None:
    data = overlay.shipped_data("notices")
    data["signer_zh"] = "赵六"
    data["contact"] = {"office_zh": "数据资源股", "person_zh": "钱七", "phone": "0377-65123456"}
    path = dirs / "n.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    code, _, err = _gs("authority", "set", "notices", str(path))
    assert code == 0, err
    effective = yaml.safe_load((policies_dir() / "notices" / "data.yaml").read_text("utf-8"))
    assert effective["signer_zh"] == "赵六" and effective["contact"]["person_zh"] == "钱七"
    assert effective["rectification_article"] == 67  # the shipped parts stay
    from evaluator.consumers.notices import placeholders, settings

    assert placeholders(settings()) == []  # the letterhead is the authority's: notices may be issued


def test_an_upgrade_keeps_the_authoritys_files(dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade replaces the code and policies/ and leaves the data directory alone: the authority's
    versions are still there, still in force, and built on the new shipped policies."""
    old = dirs / "site" / "policies"
    shutil.copytree(PROJECT_ROOT / "policies", old, ignore=shutil.ignore_patterns("adoption.json"))
    monkeypatch.setenv("GOVSHARE_POLICIES", str(old))
    assert _add()[0] == 0
    data = overlay.shipped_data("notices")
    data["signer_zh"] = "赵六"
    (dirs / "n.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert _gs("authority", "set", "notices", str(dirs / "n.yaml"))[0] == 0
    before = {k: _versions(dirs, k) for k in ("calendar", "notices")}
    # the upgrade: the package's policies are removed and the new release's put in their place
    shutil.rmtree(old)
    shutil.copytree(PROJECT_ROOT / "policies", old, ignore=shutil.ignore_patterns("adoption.json"))
    params = old / "params" / "data.yaml"
    params.write_text(params.read_text("utf-8") + "\n# 新版本 / next release\n", "utf-8")
    assert {k: _versions(dirs, k) for k in ("calendar", "notices")} == before
    assert _gs("calendar", "due", "2026-12-20", "10")[1].strip() == "2027年1月4日"
    effective = policies_dir()
    assert "新版本" in (effective / "params" / "data.yaml").read_text("utf-8")
    assert yaml.safe_load((effective / "notices" / "data.yaml").read_text("utf-8"))["signer_zh"] == "赵六"


def test_a_hand_broken_authority_file_stops_evaluation_with_the_file_named(dirs: Path) -> None:
    assert _add()[0] == 0
    f = dirs / "data" / "authority" / "calendar" / "0001.yaml"
    f.write_text(f.read_text("utf-8").replace("2027-10-01", "2027-10-0x"), "utf-8")
    code, _, err = _gs("calendar", "due", "2026-12-20", "10")
    assert code == 2
    assert str(f) in err and "govshare calendar add-year" in err


def _replace_indicators(tmp: Path) -> None:
    path = tmp / "ind.yaml"
    assert _gs("authority", "export", "indicators", "-o", str(path))[0] == 0
    doc = yaml.safe_load(path.read_text("utf-8"))
    value = doc["indicators"]["values"]["2022-01-01"]["value"]
    value["title"] = "内乡县政务数据管理工作情况评价办法"
    value["version"] = "内数据〔2026〕9号"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    code, _, err = _gs("authority", "set", "indicators", str(path), "--by", "县数据局")
    assert code == 0, err


def test_the_summary_is_published_only_under_the_authoritys_indicator_system(dirs: Path) -> None:
    assert _gs("import", str(PROJECT_ROOT / "fixtures" / "county"))[0] == 0
    code, out, err = _gs("assess", "--period", "2025", "--public")
    assert code == 2 and "评价指标体系仍是示例" in err and out == ""
    _replace_indicators(dirs)
    code, out, err = _gs("assess", "--period", "2025", "--public", "--reevaluate")
    assert code == 0, err
    assert "评价依据：《内乡县政务数据管理工作情况评价办法》（版本：内数据〔2026〕9号）" in out
    assert "示例" not in out.splitlines()[2]


def test_adoption_signs_the_shipped_policies_plus_the_authoritys_files(
    dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = dirs / "keys"
    code, _, err = _gs("policy", "keygen", "--private", str(keys / "k.pem"), "--public", str(keys / "p.pem"))
    assert code == 0, err
    monkeypatch.setenv("GOVSHARE_POLICY_PUBKEY", str(keys / "p.pem"))
    monkeypatch.setenv("GOVSHARE_REQUIRE_SIGNED", "1")
    assert _add()[0] == 0
    code, _, err = _gs("calendar", "due", "2026-12-20", "10")
    assert code == 2 and "GOVSHARE_REQUIRE_SIGNED" in err  # not adopted yet: refused
    code, _, err = _gs("policy", "adopt", "--key", str(keys / "k.pem"), "--by", "王局长")
    assert code == 0, err
    assert (dirs / "data" / "authority" / "adoption.json").is_file()  # kept with the authority's files
    code, out, err = _gs("calendar", "due", "2026-12-20", "10")
    assert (code, out.strip()) == (0, "2027年1月4日"), err
    assert _gs("policy", "status")[0] == 0
    files = [str(PROJECT_ROOT / "fixtures" / "county" / f) for f in ("00-platform.yaml", "01-dashujuju.yaml")]
    code, out, err = _gs("evaluate", *files, "--format", "json")
    assert code == 1 and '"signed": true' in out, err  # findings, under the signed bundle
    _replace_indicators(dirs)  # any later change needs a new adoption: OPA refuses the old signature
    code, _, err = _gs("evaluate", *files, "--format", "json")
    assert code == 2 and "签名校验失败" in err and "digest mismatch" in err
    assert _gs("policy", "adopt", "--key", str(keys / "k.pem"))[0] == 0
    assert _gs("evaluate", *files, "--format", "json")[0] in (0, 1)


def test_a_version_scheduled_ahead_takes_over_on_its_day(dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def signer(name: str, effective: str) -> None:
        data = overlay.shipped_data("notices")
        data["signer_zh"] = name
        (dirs / "n.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        code, _, err = _gs("authority", "set", "notices", str(dirs / "n.yaml"), "--effective", effective)
        assert code == 0, err

    def in_force() -> str:
        return str(yaml.safe_load((policies_dir() / "notices" / "data.yaml").read_text("utf-8"))["signer_zh"])

    signer("新局长", "2027-01-01")  # version 1, scheduled
    signer("赵六", "2026-12-01")  # version 2, today
    assert in_force() == "赵六"
    monkeypatch.setenv("GOVSHARE_TODAY", "2027-01-01")
    assert in_force() == "新局长"
