"""The authority's upload (评估 page) in the browser goes through intake's ``load_batch``, as ``govshare
import`` does: the same refusals, every error of a file at once, nothing stored on an error; after an
import the import report lists what the reader normalised (``LoadedSnapshot.normalised``); the same file
uploaded again is stored once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dashboard import data
from evaluator.intake.files import SnapshotFileError, load_bytes, load_files
from fixtures.generator.build import COUNTY_DIR, INVALID_DIR
from tests.support.browser import Context, login, settle, shot
from tests.test_xlsx_intake import _messy  # the clerk's workbook with seven values a person meant

CATALOG = COUNTY_DIR.parent / "catalog_export"


def _upload(page: Any, *paths: Path) -> None:
    """Choose the files in the upload box; wait for the check's verdict."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(p) for p in paths])
    page.get_by_text(re.compile("^校验(未)?通过")).first.wait_for(timeout=60000)
    settle(page)


def _import(page: Any) -> str:
    page.get_by_role("button", name="导入并评价").click()
    page.get_by_text("完成", exact=True).first.wait_for(timeout=180000)
    settle(page)
    return str(page.inner_text("body"))


def test_a_workbook_uploaded_twice_is_stored_once_and_its_normalisations_are_shown(
    server: dict[str, Any], ctx: Context
) -> None:
    path = server["tmp"] / "统计局-填报.xlsx"
    path.write_bytes(_messy())
    loaded = load_bytes(path.read_bytes(), path.name, ".xlsx")
    notes = [n.message for n in loaded.normalised]
    assert len(notes) == 7
    dept = loaded.dept
    before = data.history(server["admin"], dept, server["url"])
    page = ctx.page()
    login(page, server["base"], "b-upload", path="evaluate")
    _upload(page, path)
    assert "校验通过：1 份快照" in page.inner_text("body")
    body = _import(page)
    assert "已写入 1 份新版本，0 份与已存版本相同" in body, body[:3000]
    assert f"导入报告：以下 {len(notes)} 处取值已按说明读取，请核对" in body
    table = page.locator('[data-testid="stDataFrame"]').filter(has_text="说明").last
    table.scroll_into_view_if_needed()
    shot(page, "authority-evaluate-import-report")
    after = data.history(server["admin"], dept, server["url"])
    assert len(after) == len(before) + 1

    page.reload()  # a new page: an empty upload box
    page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached", timeout=30000)
    settle(page)
    _upload(page, path)
    body = _import(page)
    assert "已写入 0 份新版本，1 份与已存版本相同" in body, body[:3000]
    assert f"导入报告：以下 {len(notes)} 处取值已按说明读取，请核对" in body
    assert len(data.history(server["admin"], dept, server["url"])) == len(after)
    shot(page, "authority-evaluate-uploaded-again")


def test_a_bad_file_shows_every_error_at_once_and_stores_nothing(
    server: dict[str, Any], ctx: Context
) -> None:
    bad = INVALID_DIR / "51-all-faults.xlsx"
    with pytest.raises(SnapshotFileError) as cli:  # what govshare import says about the same file
        load_files([bad])
    errors = cli.value.errors
    assert len(errors) > 1
    versions = {d: len(data.history(server["admin"], d, server["url"])) for d in server["names"]}
    page = ctx.page()
    login(page, server["base"], "b-upload", path="evaluate")
    _upload(page, bad)
    body = page.inner_text("body")
    assert f"校验未通过：1 个文件共 {len(errors)} 处错误，未写入任何内容" in body, body[:2000]
    assert page.get_by_role("button", name="导入并评价").count() == 0
    page.get_by_text("每处错误的全文").first.click()
    settle(page)
    body = page.inner_text("body")
    for e in errors:
        assert e.message in body, e.message
    shot(page, "authority-evaluate-bad-file")
    assert {d: len(data.history(server["admin"], d, server["url"])) for d in server["names"]} == versions


def test_a_catalog_export_joins_its_department_snapshot_in_one_upload(
    server: dict[str, Any], ctx: Context
) -> None:
    """load_batch, not file by file: the 1272-guide catalog export (CSV) becomes the catalog of the
    department snapshot uploaded with it, as in ``govshare import``."""
    pair = [CATALOG / "11-jiaotongyunshuju-no-catalog.yaml", CATALOG / "11-jiaotongyunshuju-catalog.csv"]
    assert len(load_files(pair)) == 1
    page = ctx.page()
    login(page, server["base"], "b-upload", path="evaluate")
    _upload(page, *pair)
    body = page.inner_text("body")
    assert "校验通过：1 份快照" in body, body[:2000]
    assert "校验未通过" not in body
    shot(page, "authority-evaluate-catalog-export")
