"""Every export in one format: real XLSX and CSV, Chinese headers with the English beneath, widths, wrap,
autofilter, frozen header, a BOM in every CSV, no stray apostrophe; the public summary adds up."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.consumers.exports import FORMULA_START, MAX_WIDTH, _width, csv_text, split_header, to_xlsx
from evaluator.evaluate import api

ROOT = Path(__file__).resolve().parent.parent

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))


def _county() -> None:
    api.import_paths([ROOT / "fixtures" / "county"])
    api.evaluate_stored(2025)


def test_xlsx_format(tmp_path: Path) -> None:
    long = "很长的说明文字" * 20
    path = tmp_path / "t.xlsx"
    to_xlsx(
        {"表": [["部门 department", "说明 note", "数 n"], ["县测试局", long, 3], ["=1+1", "-", -2]]}, path
    )
    ws = openpyxl.load_workbook(path)["表"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[:2] == [("部门", "说明", "数"), ("department", "note", "n")]
    assert rows[3] == ("=1+1", "-", -2)  # text as text: no apostrophe, no formula
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:C4"
    assert ws.column_dimensions["A"].width == 12 and ws.column_dimensions["B"].width == 62
    assert ws["B3"].alignment.wrap_text and ws["A1"].font.b


def test_csv_format() -> None:
    text = csv_text([["部门 department", "数 n"], ["=cmd", -1], ["—", 2.5]])
    assert text.startswith("\ufeff部门,数\r\ndepartment,n\r\n")
    assert text.endswith("'=cmd,-1\r\n—,2.5\r\n")  # only the formula-like text is neutralised
    assert split_header("评价（满分20） dimension 1") == ("评价（满分20）", "dimension 1")


def test_public_summary_is_a_real_workbook_that_adds_up(tmp_path: Path) -> None:
    _county()
    out = tmp_path / "public.xlsx"
    r = runner.invoke(
        app, ["assess", "--period", "2025", "--public", "--draft", "--format", "xlsx", "--output", str(out)]
    )
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)  # Excel opens it: a real workbook, not Markdown
    assert wb.sheetnames == ["评估结果", "存在问题"]
    ws = wb["评估结果"]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    assert head[0] == "名次" and "加分" in head and "分项得分合计" in head and rows[1][0] == "rank"
    assert rows[2][0].startswith("草稿，不得公布")
    i_sub, i_bonus, i_total = head.index("分项得分合计"), head.index("加分"), head.index("总分")
    dims = [j for j, h in enumerate(head) if "满分" in str(h)]
    scored = [r for r in rows[3:] if isinstance(r[i_total], int | float)]
    assert scored
    for row in scored:
        assert row[i_sub] == pytest.approx(sum(row[j] for j in dims))
        assert row[i_sub] + row[i_bonus] == pytest.approx(row[i_total])  # the page adds up, bonus shown
    problems = [r[1] for r in wb["存在问题"].iter_rows(min_row=4, values_only=True)]
    assert problems and not any(re.search(r"扣\s*0\s*分", str(p)) for p in problems)
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:")


def test_every_csv_has_a_bom_and_chinese_headers(tmp_path: Path) -> None:
    _county()
    out = tmp_path / "public.csv"
    r = runner.invoke(
        app, ["assess", "--period", "2025", "--public", "--draft", "--format", "csv", "--output", str(out)]
    )
    assert r.exit_code == 0, r.output
    files = sorted(tmp_path.glob("public-*.csv"))
    assert [f.name for f in files] == ["public-存在问题.csv", "public-评估结果.csv"]
    for f in files:
        data = f.read_bytes()
        assert data.startswith("\ufeff".encode()) and not data.startswith(("\ufeff" * 2).encode())
        assert "#" not in data.decode("utf-8-sig").splitlines()[0]  # a table, not Markdown
    r = runner.invoke(app, ["evaluate", "--period", "2025", "--format", "csv"])
    assert r.exit_code == 1, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("\ufeff部门代码,部门,规则,条款,严重程度") and lines[1].startswith(
        "department,"
    )
    body = "\n".join(lines[2:])
    assert ",major," not in body and ",security," not in body and ("较重" in body or "一般" in body)


CJK = re.compile(r"[\u4e00-\u9fff]")


def _cell(v: Any) -> str:
    """A value as the CSV writes it (before neutralisation)."""
    return "" if v is None else str(v)


def _check_xlsx(path: Path, english: set[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet: a Chinese header row, an English one under it (bold, frozen), the autofilter over all
    the data, every column a width, long text wrapped, text shown without a stray apostrophe, no English
    code (severity, dimension) as a value."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        zh, en = rows[0], rows[1]
        assert all(isinstance(h, str) and CJK.search(h) for h in zh), (path.name, ws.title, zh)
        assert all(isinstance(h, str) and h and h.isascii() for h in en), (path.name, ws.title, en)
        assert all(c.font.b for c in ws[1]) and all(c.font.b for c in ws[2])
        last = get_column_letter(len(zh))
        assert ws.freeze_panes == "A3" and ws.auto_filter.ref == f"A2:{last}{ws.max_row}", ws.title
        for j in range(1, len(zh) + 1):
            width = ws.column_dimensions[get_column_letter(j)].width
            assert width and width >= min(_width(zh[j - 1]), MAX_WIDTH), (ws.title, zh[j - 1], width)
        for row in ws.iter_rows(min_row=3):
            for c in row:
                if isinstance(c.value, str):
                    assert not c.value.startswith("'"), (ws.title, c.coordinate, c.value)
                    assert c.value not in english, (ws.title, c.coordinate, c.value)
                    if _width(c.value) > MAX_WIDTH:
                        assert c.alignment.wrap_text, (ws.title, c.coordinate)
        out[ws.title] = rows
    return out


def _check_csv(data: bytes, rows: list[tuple[Any, ...]]) -> None:
    """One BOM, then the workbook's sheet row for row: the same headers, the same values (a formula-like
    text with the leading apostrophe, only there)."""
    assert data.startswith("\ufeff".encode()) and not data.startswith(("\ufeff" * 2).encode())
    got = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(got) == len(rows)
    for line, want in zip(got, rows, strict=True):
        expected = [_cell(v) for v in want]
        expected = ["'" + v if v[:1] in FORMULA_START else v for v in expected]
        while expected and expected[-1] == "" and len(expected) > len(line):  # a sheet's row is full width
            expected.pop()
        assert line == expected, (line, expected)


def test_every_export_in_one_format(tmp_path: Path) -> None:
    """Every table the product exports — evaluation, assessment (one year and several), funding, the public
    summary, the dashboard's downloads — as XLSX and as CSV, checked as one format (issue 16 item 7)."""
    from dashboard import data
    from dashboard.auth import Role, User
    from evaluator.store.runs import latest_county_run

    _county()
    got = latest_county_run(2025)
    assert got is not None
    english = {f.severity for f in got[1]} | {f.dimension for f in got[1] if f.dimension}
    assert {"major", "security"} <= english
    exports = {
        "assess": ["assess", "--period", "2025"],
        "trend": ["assess", "--periods", "2025"],
        "funding": ["funding", "--period", "2025"],
        "public": ["assess", "--period", "2025", "--public", "--draft"],
    }
    sheets_seen = 0
    for name, args in exports.items():
        xlsx = tmp_path / f"{name}.xlsx"
        r = runner.invoke(app, [*args, "--format", "xlsx", "--output", str(xlsx)])
        assert r.exit_code in (0, 1), (name, r.output)
        sheets = _check_xlsx(xlsx, english)
        sheets_seen += len(sheets)
        r = runner.invoke(app, [*args, "--format", "csv", "--output", str(tmp_path / f"{name}.csv")])
        assert r.exit_code in (0, 1), (name, r.output)
        for title, rows in sheets.items():
            one = tmp_path / (f"{name}-{title}.csv" if len(sheets) > 1 else f"{name}.csv")
            _check_csv(one.read_bytes(), rows)
    assert sheets_seen == 3 + 1 + 3 + 2
    # the dashboard's downloads: the same tables, the same format
    me = User("t", Role.AUTHORITY, None)
    for name, export in (("dash-assess", data.assessment_export), ("dash-funding", data.funding_export)):
        raw = export(me, 2025, "xlsx")
        assert raw is not None
        (tmp_path / f"{name}.xlsx").write_bytes(raw)
        sheets = _check_xlsx(tmp_path / f"{name}.xlsx", english)
        first = export(me, 2025, "csv")
        assert first is not None
        _check_csv(first, next(iter(sheets.values())))
    # the evaluation's CSV (standard output): the same format, Chinese values
    r = runner.invoke(app, ["evaluate", "--period", "2025", "--format", "csv"])
    assert r.exit_code == 1, r.output
    lines = list(csv.reader(io.StringIO(r.stdout.removeprefix("\ufeff"))))
    assert r.stdout.startswith("\ufeff") and all(CJK.search(h) for h in lines[0])
    assert all(h and h.isascii() for h in lines[1]) and len(lines[0]) == len(lines[1])
    assert not {c for line in lines[2:] for c in line} & english
