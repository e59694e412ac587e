"""The command line's tables are for the person reading them (issue 14 item 4, issue 16): departments and
resources by name, Chinese dates, Beijing time; no snapshot record id, JSON pointer, machine key or UTC
ISO time. ``--format json`` stays machine-readable. Fixture county, real OPA, one SQLite database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.evaluate import api

COUNTY = Path(__file__).resolve().parents[1] / "fixtures" / "county"
ZJ = "11411325005200109K"  # 内乡县住房和城乡建设局: one A14 finding (record zj-req-1)
runner = CliRunner()
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T|\+00:00")
ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("tables")
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVSHARE_DATA_DIR", str(tmp / "data"))
    mp.delenv("GOVSHARE_DATABASE_URL", raising=False)
    api.import_paths(sorted(COUNTY.glob("*.yaml")))
    api.evaluate_stored(2025)
    yield tmp
    mp.undo()


def _ok(args: list[str]) -> str:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_funding_says_what_was_found_and_what_to_do_without_record_ids(county: Path) -> None:
    text = _ok(["funding", "--period", "2025"])
    assert "以数据服务接口方式向内乡县自然资源局申请数据资源" in text and "按第十四条整改" in text
    assert "zj-req-1" not in text and "/share_requests" not in text and "#/" not in text
    assert "114113250052001044" not in text
    assert "run " not in text  # no run id in the header (was: 运行 run <uuid>)
    doc = orjson.loads(_ok(["funding", "--period", "2025", "--format", "json"]))
    assert doc["run_id"]  # the JSON keeps it


def test_assessment_deductions_have_no_record_ids_or_pointers(county: Path) -> None:
    text = _ok(["assess", "--period", "2025"])
    assert "zj-req-1" not in text and "#/" not in text and "/2025/v1" not in text


def test_a_waiver_defaults_to_today_in_beijing_and_is_listed_in_words(
    county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVSHARE_TODAY", "2026-03-02")  # the county's day (overlay.today), not UTC's
    added = _ok(
        ["waivers", "add", "--rule", "A14", "--department", ZJ, "--period", "2025", "--subject", "zj-req-1",
         "--ground", "尽职", "--grantor", "王科长", "--evidence", "已履行合理注意义务"]
    )  # fmt: skip
    assert (
        "内乡县住房和城乡建设局 2025 年度 第十四条：以数据服务接口方式向内乡县自然资源局申请数据资源「不动产登记信息」"
        in added
    )
    assert "2026年3月2日" in added and "zj-req-1" not in added
    listed = _ok(["waivers", "list", "--period", "2025"])
    assert "内乡县住房和城乡建设局" in listed and "2026年3月2日" in listed
    assert ZJ not in listed and "zj-req-1" not in listed and not ISO_DATE.search(listed)
    log = _ok(["audit", "list", "--limit", "3"])
    assert "认定免责" in log and "waiver.add" not in log
    assert not ISO_TIME.search(log) and re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}", log)
    assert "部门 内乡县住房和城乡建设局" in log and "认定日期 2026年3月2日" in log
    raw = orjson.loads(_ok(["audit", "list", "--limit", "3", "--format", "json"]))
    assert any(e["action"] == "waiver.add" and e["details"]["granted_on"] == "2026-03-02" for e in raw)


def test_notices_list_and_show_use_chinese_dates_and_beijing_time(county: Path) -> None:
    _ok(["notices", "issue", "--period", "2025", "--department", "11411325005200111U", "--date", "2026-03-02",
         "--out", str(county / "out")])  # fmt: skip
    listed = _ok(["notices", "list", "--period", "2025"])
    assert "2026年3月2日" in listed and "（含当日）" in listed and "内乡县农业农村局" in listed
    assert not ISO_DATE.search(listed) and "│ id" not in listed
    number = re.search(r"\S+〔2026〕\d+号", listed)
    assert number is not None
    shown = _ok(["notices", "show", number[0]])
    assert "11411325005200111U" not in shown and "/2025/v1" not in shown and "ny-qi-1" not in shown
    assert "第六十五条" in shown and not ISO_TIME.search(shown)
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}", shown)


def test_the_out_of_scope_list_names_the_body_and_what_is_out_of_scope(county: Path) -> None:
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    assert res.exit_code == 1, res.output
    assert "国网内乡县供电公司：「人力资源与薪酬管理系统」（第七十一条" in res.stdout
    assert "91411325MA4000920N：" not in res.stdout and "gd-sys-hr" not in res.stdout


def test_calendar_due_prints_a_chinese_date_and_iso_on_request(county: Path) -> None:
    assert _ok(["calendar", "due", "2025-10-15", "5"]).strip() == "2025年10月22日"
    assert _ok(["calendar", "due", "2025-10-15", "5", "--iso"]).strip() == "2025-10-22"


def test_the_evaluation_header_says_year_departments_and_beijing_time(county: Path) -> None:
    """The table's first line is for a county user: year, departments, when (Beijing time), snapshots;
    the run id, OPA version and bundle hash only in --format json (as assess and funding do)."""
    res = runner.invoke(app, ["evaluate", "--period", "2025"])
    assert res.exit_code == 1, res.output
    head = res.stdout.splitlines()[0]
    run = orjson.loads(runner.invoke(app, ["evaluate", "--period", "2025", "--format", "json"]).stdout)["run"]
    assert run["id"] and run["bundle_hash"] and run["opa_version"]  # the JSON keeps the machine ids
    assert re.fullmatch(
        r"评价年度 2025 · 部门数 21 · 评价时间 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d（北京时间） · 快照 22 份",
        head,
    ), head
    assert run["opa_version"] not in head and "run" not in head
    one = runner.invoke(app, ["evaluate", "--period", "2025", "--department", "114113250052001044"])
    assert one.stdout.splitlines()[0].endswith(" · 只列出内乡县自然资源局的发现项"), one.stdout
