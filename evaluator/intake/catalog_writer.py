"""Writing a department snapshot's catalog as an export laid out by the 1272 guide's elements (XLSX or
UTF-8 CSV): the inverse of :mod:`evaluator.intake.catalog_export`, for the fixture county and for a
department that wants to start from its snapshot. Reading it back gives the same catalog (same hash,
``tests/test_catalog_export.py``)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from evaluator.intake.catalog_export import BASE_CLASS, BASIC, DEPT_CLASS, HEADERS, SHEET
from evaluator.intake.layout import LIST_SEP, NO, YES
from evaluator.model.enums import OpenAttribute


def export_rows(dept: dict[str, Any]) -> list[list[str]]:
    """The header row and one row per catalog entry of a department snapshot (as JSON data)."""
    rows = [list(HEADERS)]
    org = dept["department"]
    for e in dept.get("catalog") or []:
        agg = e.get("aggregation") or {}
        values = {
            "信息资源分类": f"{BASE_CLASS}/{e['base_database']}" if e.get("base_database") else DEPT_CLASS,
            "信息资源名称": e["name"],
            "信息资源代码": e["code"],
            "信息资源提供方": org["name"],
            "信息资源提供方代码": org["code"],
            "信息资源格式": e.get("format"),
            "信息项信息": LIST_SEP.join(
                f"{i['name']}（{i['code']}{'，' + BASIC if i.get('basic') else ''}）"
                for i in e.get("items") or []
            ),
            "共享属性": e.get("share_attribute"),
            "共享条件": _bases_text(e.get("share_bases")),
            "共享方式": e.get("sharing_method"),
            "是否向社会开放": None
            if e.get("open_attribute") is None
            else (NO if e["open_attribute"] == OpenAttribute.NOT_OPEN.value else YES),
            "开放条件": _bases_text(e.get("open_bases")),
            "更新周期": e.get("update_cycle"),
            "扩展：记录标识": e["id"],
            "扩展：开放属性": e.get("open_attribute"),
            "扩展：涉及国家秘密": YES if e.get("involves_state_secret") else NO,
            "扩展：敏感类别": LIST_SEP.join(e.get("sensitivity") or []),
            "扩展：已脱敏": YES if e.get("desensitised") else NO,
            "扩展：产生系统标识": e.get("system_id"),
            "扩展：汇聚状态": agg.get("status"),
            "扩展：汇聚方式": agg.get("mode"),
            "扩展：非实时汇聚已备案": (YES if agg.get("filed_with_authority") else NO) if agg else None,
            "扩展：未汇聚已以接口提供": (YES if agg.get("interface_offered") else NO) if agg else None,
            "扩展：不能汇聚依据": _bases_text(agg.get("no_aggregation_bases")),
            "扩展：服务接口": LIST_SEP.join(_interface_text(i) for i in e.get("interfaces") or []),
            "扩展：最近挂载更新日期": e.get("last_refreshed"),
            "扩展：非实时汇聚备案日期": agg.get("filed_on"),
            "扩展：非实时汇聚备案周期": agg.get("filed_cycle"),
            "扩展：主管部门汇聚要求": _request_text(agg.get("authority_request")),
            "扩展：不属公共服务数据的理由": e.get("outside_public_service"),
        }
        rows.append(["" if values.get(h) is None else str(values[h]) for h in HEADERS])
    return rows


def _interface_text(i: dict[str, Any]) -> str:
    flags = [YES if i[k] else NO for k in ("published", "spec_provided", "instructions_provided")]
    extra = [i.get("published_on") or "", i.get("published_by") or ""]
    while extra and not extra[-1]:
        extra.pop()
    return "｜".join([i["id"], i["name"], *flags, *extra])


def _request_text(r: dict[str, Any] | None) -> str | None:
    if not r:
        return None
    return "｜".join([r.get("requested") or "", r["answer"], r.get("answered") or ""])


def _bases_text(bases: list[dict[str, Any]] | None) -> str:
    return LIST_SEP.join(
        f"{b['rank']}：{b['title']}" + (f"｜{b['article']}" if b.get("article") else "") for b in bases or []
    )


def export_csv(dept: dict[str, Any]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(export_rows(dept))
    return buf.getvalue().encode("utf-8")


def export_workbook(dept: dict[str, Any]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    for r, row in enumerate(export_rows(dept), start=1):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=v or None)
            if r == 1:
                cell.font = Font(bold=True)
    for c in range(1, len(HEADERS) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 18
    return wb
