"""The catalog a department already keeps: an export laid out by the element set of the
政务信息资源目录编制指南（试行）(发改高技〔2017〕1272号), which Art. 17 names, read as the catalog part
of the department's snapshot. Writing one from a snapshot is ``evaluator.intake.catalog_writer``.

One table (an XLSX sheet 「政务信息资源目录」 or a UTF-8 CSV), one row per resource, headed by the guide's
elements; the facts the rules need beyond the guide's elements travel in ``扩展：`` columns. Cells are
read like the template's (``cells.read_cell``: 是/否, dates, full-width codes), each normalisation listed
in the import report; every error names the file, the row and the column. The export is imported in
the same batch as the department's snapshot (which then carries no catalog of its own):
``govshare import 部门快照.yaml 目录导出.xlsx``.

Not stored, because no rule reads them: 信息资源摘要, 发布日期 (the first publication, not the last refresh
that Art. 72 judges: that is ``扩展：最近挂载更新日期``), 关联资源代码.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from evaluator.intake.cells import read_cell
from evaluator.intake.layout import NO, YES, Column
from evaluator.intake.problems import ImportProblem, SnapshotFileError, echo
from evaluator.model.enums import (
    AggregationMode,
    AggregationStatus,
    BaseDatabase,
    BasisRank,
    OpenAttribute,
    Sensitivity,
    ShareAttribute,
    SharingMethod,
    UpdateCycle,
)

SHEET = "政务信息资源目录"
BASE_CLASS, DEPT_CLASS = "基础信息资源", "部门信息资源"
PART_SEP = re.compile(r"[；;\r\n]+")
ITEM = re.compile(r"^(?P<name>.+?)[（(](?P<code>[^，,（()）]+)(?P<rest>(?:[，,][^，,（()）]*)*)[）)]$")
BASIC = "基础项"

# (header, kind, field path in the catalog entry, enum); kind "-" is read but not stored.
CORE: list[tuple[str, str, tuple[str, ...], Any]] = [
    ("信息资源分类", "class", ("base_database",), BaseDatabase),
    ("信息资源名称", "text", ("name",), None),
    ("信息资源代码", "code", ("code",), None),
    ("信息资源提供方", "-", (), None),
    ("信息资源提供方代码", "provider", (), None),
    ("信息资源摘要", "-", (), None),
    ("信息资源格式", "text", ("format",), None),
    ("信息项信息", "items", ("items",), None),
    ("共享属性", "enum", ("share_attribute",), ShareAttribute),
    ("共享条件", "bases", ("share_bases",), None),
    ("共享方式", "enum", ("sharing_method",), SharingMethod),
    ("是否向社会开放", "open", (), None),
    ("开放条件", "bases", ("open_bases",), None),
    ("更新周期", "enum", ("update_cycle",), UpdateCycle),
    ("发布日期", "-", (), None),
    ("关联资源代码", "-", (), None),
]
EXTENSIONS: list[tuple[str, str, tuple[str, ...], Any]] = [
    ("扩展：记录标识", "code", ("id",), None),
    ("扩展：开放属性", "enum", ("open_attribute",), OpenAttribute),
    ("扩展：涉及国家秘密", "bool", ("involves_state_secret",), None),
    ("扩展：敏感类别", "list", ("sensitivity",), Sensitivity),
    ("扩展：已脱敏", "bool", ("desensitised",), None),
    ("扩展：产生系统标识", "code", ("system_id",), None),
    ("扩展：汇聚状态", "enum", ("aggregation", "status"), AggregationStatus),
    ("扩展：汇聚方式", "enum", ("aggregation", "mode"), AggregationMode),
    ("扩展：非实时汇聚已备案", "bool", ("aggregation", "filed_with_authority"), None),
    ("扩展：未汇聚已以接口提供", "bool", ("aggregation", "interface_offered"), None),
    ("扩展：不能汇聚依据", "bases", ("aggregation", "no_aggregation_bases"), None),
    ("扩展：服务接口", "interfaces", ("interfaces",), None),
    ("扩展：最近挂载更新日期", "date", ("last_refreshed",), None),
    # snapshot 1.1
    ("扩展：非实时汇聚备案日期", "date", ("aggregation", "filed_on"), None),
    ("扩展：非实时汇聚备案周期", "enum", ("aggregation", "filed_cycle"), UpdateCycle),
    ("扩展：主管部门汇聚要求", "request", ("aggregation", "authority_request"), None),
    ("扩展：不属公共服务数据的理由", "text", ("outside_public_service",), None),
]
HEADERS = [h for h, *_ in CORE + EXTENSIONS]
SPEC = {h: (k, p, e) for h, k, p, e in CORE + EXTENSIONS}


@dataclass
class CatalogPart:
    """A catalog export as read: its provider's code, the entries, where each came from."""

    source: str
    provider: str | None
    entries: list[dict[str, Any]] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # entry → (row, field → column)
    notes: list[ImportProblem] = field(default_factory=list)


def is_catalog_export(sheetnames: list[str]) -> bool:
    return SHEET in sheetnames


def alone(name: str) -> SnapshotFileError:
    return SnapshotFileError(
        [
            ImportProblem(
                name,
                "",
                None,
                "这是政务信息资源目录导出，须与该部门的快照一同导入（govshare import 部门快照 目录导出）/ "
                "a catalog export is imported together with its department's snapshot",
            )
        ]
    )


def merge(loaded: list[Any], parts: list[CatalogPart]) -> tuple[list[Any], list[ImportProblem]]:
    """Each export becomes the catalog of the department snapshot with its provider's code."""
    from evaluator.intake.validate import validate_document

    errors: list[ImportProblem] = []
    out = list(loaded)
    seen: dict[str, str] = {}
    for part in parts:
        code = part.provider
        if code is None:
            errors.append(
                ImportProblem(
                    part.source,
                    "",
                    None,
                    f"{_where(part.source, 2)}未填写信息资源提供方代码 / provider code missing",
                )
            )
            continue
        if code in seen:
            errors.append(
                ImportProblem(
                    part.source,
                    "",
                    None,
                    f"同一部门 {code} 的目录导出出现两次（另见 {seen[code]}）/ two exports for one department",
                )
            )
            continue
        seen[code] = part.source
        i = next((k for k, snap in enumerate(out) if snap.dept == code), None)
        if i is None:
            errors.append(
                ImportProblem(
                    part.source,
                    "",
                    None,
                    f"{_where(part.source, 2)}提供方代码 {code} 在本批次中没有对应的部门快照：请与该部门的快照一同导入 / "
                    "no department snapshot for the provider in this import",
                )
            )
            continue
        target = out[i]
        if target.snapshot.catalog:
            errors.append(
                ImportProblem(
                    target.source,
                    "/catalog",
                    None,
                    f"部门快照已含目录（{len(target.snapshot.catalog)} 条），又有目录导出 {part.source}：目录只能由一处提供 / "
                    "the snapshot already has a catalog",
                )
            )
            continue
        doc = target.snapshot.model_dump(mode="json")
        doc["catalog"] = part.entries
        try:
            out[i] = validate_document(doc, target.source, normalised=[*target.normalised, *part.notes])
        except SnapshotFileError as e:
            errors += [locate(p, part) or p for p in e.errors]
    return out, errors


def _where(name: str, row: int, col: str | None = None) -> str:
    cell = f"第 {row} 行 {col} 列" if col else f"第 {row} 行"
    en = f"row {row} column {col}" if col else f"row {row}"
    return f"【目录导出「{name.rsplit('/', 1)[-1]}」{cell} / catalog export {en}】"


# ---------------------------------------------------------------------------------------------
# Reading


def read_catalog_rows(rows: list[list[Any]], name: str) -> CatalogPart:
    """Header row first, then one row per resource (values as read from XLSX or CSV)."""
    problems: list[ImportProblem] = []
    if not rows:
        raise SnapshotFileError([ImportProblem(name, "", None, f"{_where(name, 1)}目录导出为空 / empty")])
    heads = [str(h).strip() if h is not None else "" for h in rows[0]]
    col_of = {h: i for i, h in enumerate(heads) if h}
    missing = [h for h, *_ in CORE if h not in col_of]
    if missing:
        problems.append(
            ImportProblem(
                name,
                "",
                None,
                f"{_where(name, 1)}缺少 1272 号指南规定的列：{'、'.join(missing)} / columns missing",
            )
        )
    for h, i in col_of.items():
        if h not in SPEC:
            problems.append(
                ImportProblem(
                    name,
                    "",
                    None,
                    f"{_where(name, 1, get_column_letter(i + 1))}未知列 {echo(h)} / unknown column",
                )
            )
    if problems:
        raise SnapshotFileError(problems)
    part = CatalogPart(name, None)
    for r, values in enumerate(rows[1:], start=2):
        cells = {h: values[i] if i < len(values) else None for h, i in col_of.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        entry, letters = _entry(cells, col_of, r, name, part, problems)
        part.entries.append(entry)
        part.rows.append((r, letters))
    if not part.entries:
        problems.append(
            ImportProblem(name, "", None, f"{_where(name, 2)}目录导出没有任何资源 / no resources")
        )
    if problems:
        raise SnapshotFileError(problems)
    return part


def _entry(
    cells: dict[str, Any],
    col_of: dict[str, int],
    r: int,
    name: str,
    part: CatalogPart,
    problems: list[ImportProblem],
) -> tuple[dict[str, Any], dict[str, str]]:
    entry: dict[str, Any] = {}
    letters: dict[str, str] = {}
    opened: bool | None = None
    for head, raw in cells.items():
        kind, path, enum = SPEC[head]
        letter = get_column_letter(col_of[head] + 1)
        where = _where(name, r, letter)
        if path:
            letters.setdefault(path[0] if path[0] != "aggregation" else ".".join(path), letter)

        def fail(msg: str, where: str = where) -> None:
            problems.append(ImportProblem(name, "", None, f"{where}{msg}"))

        if kind == "-" or raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if kind in ("items", "bases", "interfaces", "class", "provider", "request"):
            text = str(raw).strip()
            if kind == "items":
                value: Any = _items(text, fail)
            elif kind == "bases":
                value = _bases(text, fail)
            elif kind == "interfaces":
                value = _interfaces(text, fail)
            elif kind == "class":
                value = _class(text, fail)
            elif kind == "request":
                value = _request(text, fail)
            else:
                got = read_cell(raw, Column(("provider",), head, "text", code=True, upper=True))
                if part.provider not in (None, got.value):
                    fail(
                        f"提供方代码 {echo(got.value)} 与前面各行的 {echo(part.provider)} 不同：一份导出只能是一个部门的目录"
                    )
                part.provider = got.value
                continue
        else:
            col_kind = {"code": "text", "open": "bool"}.get(kind, kind)
            col = Column(path, head, col_kind, enum, "enum" if enum else "text", code=kind == "code")
            got = read_cell(raw, col)
            part.notes += [ImportProblem(name, "", None, f"{where}{n}") for n in got.notes]
            if got.error:
                fail(got.error)
                continue
            value = got.value
        if kind == "open":
            opened = bool(value)
            continue
        if value is None:
            continue
        node = entry
        for p in path[:-1]:
            node = node.setdefault(p, {})
        node[path[-1]] = value
    entry.setdefault("id", entry.get("code"))
    if "open_attribute" not in entry and opened is not None:
        conditional = bool(entry.get("open_bases"))
        entry["open_attribute"] = (
            OpenAttribute.NOT_OPEN.value
            if not opened
            else OpenAttribute.CONDITIONAL.value
            if conditional
            else OpenAttribute.UNCONDITIONAL.value
        )
    elif opened is not None and (entry["open_attribute"] == OpenAttribute.NOT_OPEN.value) == opened:
        col = get_column_letter(col_of["是否向社会开放"] + 1)
        problems.append(
            ImportProblem(
                name,
                "",
                None,
                f"{_where(name, r, col)}“是否向社会开放”为 {echo(YES if opened else NO)}，与扩展：开放属性 "
                f"{echo(entry['open_attribute'])} 矛盾 / open flag contradicts the open attribute",
            )
        )
    return entry, letters


def _items(text: str, fail: Any) -> list[dict[str, Any]]:
    items = []
    for part in (p.strip() for p in PART_SEP.split(text) if p.strip()):
        m = ITEM.match(part)
        if not m:
            fail(f"信息项应写作“名称（编码）”或“名称（编码，基础项）”：读到 {echo(part)}")
            continue
        rest = [x.strip() for x in re.split("[，,]", m["rest"]) if x.strip()]
        items.append({"code": m["code"].strip(), "name": m["name"].strip(), "basic": BASIC in rest})
    return items


def _bases(text: str, fail: Any) -> list[dict[str, Any]]:
    ranks = {r.value for r in BasisRank}
    out = []
    for part in (p.strip() for p in PART_SEP.split(text) if p.strip()):
        rank, sep, rest = part.partition("：")
        if not sep or rank.strip() not in ranks:
            fail(f"依据应写作“位阶：名称｜条款”，位阶为 {'、'.join(sorted(ranks))} 之一：读到 {echo(part)}")
            continue
        title, _, article = rest.partition("｜")
        basis: dict[str, Any] = {"rank": rank.strip(), "title": title.strip()}
        if article.strip():
            basis["article"] = article.strip()
        out.append(basis)
    return out


def _yes_no(text: str) -> bool | None:
    return {YES: True, NO: False}.get(text.strip())


def _interfaces(text: str, fail: Any) -> list[dict[str, Any]]:
    out = []
    for part in (p.strip() for p in PART_SEP.split(text) if p.strip()):
        bits = [b.strip() for b in part.split("｜")]
        flags = [_yes_no(b) for b in bits[2:5]]
        if len(bits) not in (5, 6, 7) or any(f is None for f in flags):
            fail(
                "服务接口应写作“标识｜名称｜已发布｜已提供接口规范｜已提供调用说明［｜发布日期｜发布人］”"
                f"（第 3–5 项填是/否）：读到 {echo(part)}"
            )
            continue
        interface: dict[str, Any] = {
            "id": bits[0],
            "name": bits[1],
            "published": flags[0],
            "spec_provided": flags[1],
            "instructions_provided": flags[2],
        }
        for key, text in zip(("published_on", "published_by"), bits[5:], strict=False):
            if text:
                interface[key] = _date_text(text, fail) if key == "published_on" else text
        out.append(interface)
    return out


def _date_text(text: str, fail: Any) -> str | None:
    got = read_cell(text, Column(("date",), "日期", "date"))
    if got.error:
        fail(got.error)
    return got.value if isinstance(got.value, str) else None


def _request(text: str, fail: Any) -> dict[str, Any] | None:
    bits = [b.strip() for b in text.split("｜")]
    if len(bits) != 3 or not bits[1]:
        fail(f"主管部门汇聚要求应写作“要求日期｜答复｜答复日期”（日期未知可空）：读到 {echo(text)}")
        return None
    request: dict[str, Any] = {"answer": bits[1]}
    for key, value in (("requested", bits[0]), ("answered", bits[2])):
        if value:
            request[key] = _date_text(value, fail)
    return request


def _class(text: str, fail: Any) -> str | None:
    head, _, sub = text.replace("／", "/").partition("/")
    if head.strip() == BASE_CLASS:
        values = {b.value for b in BaseDatabase}
        if sub.strip() in values:
            return sub.strip()
        fail(
            f"基础信息资源应写明所属基础数据库：{BASE_CLASS}/（{'、'.join(sorted(values))}）：读到 {echo(text)}"
        )
    return None


def read_catalog_csv(text: str, name: str) -> CatalogPart:
    return read_catalog_rows([list(r) for r in csv.reader(io.StringIO(text))], name)


def read_catalog_sheet(wb: Any, name: str) -> CatalogPart:
    ws = wb[SHEET]
    return read_catalog_rows([list(r) for r in ws.iter_rows(values_only=True)], name)


def locate(p: ImportProblem, part: CatalogPart) -> ImportProblem | None:
    """A problem at /catalog/i/… of the merged snapshot, located in the export; None if elsewhere."""
    m = re.match(r"^/catalog/(\d+)(?:/([^/]+)(?:/(?:\d+/)?([^/]+))?)?", p.pointer)
    if not m or int(m[1]) >= len(part.rows):
        return None
    row, letters = part.rows[int(m[1])]
    key = f"aggregation.{m[3]}" if m[2] == "aggregation" and m[3] else (m[2] or "id")
    col = letters.get(key) or letters.get(m[2] or "") or letters.get("code")

    def first_at(m: re.Match[str]) -> str:
        k = re.match(r"^/catalog/(\d+)$", m[2])
        if not k or int(k[1]) >= len(part.rows):
            return m[0]
        at = part.rows[int(k[1])][0]
        return f"首次出现于第 {at} 行" if m[1].startswith("首") else f"first at row {at}"

    message = re.sub(r"(首次出现于 |first at )(/[^\s）)]*)", first_at, p.message)
    return ImportProblem(part.source, p.pointer, p.record_id, f"{_where(part.source, row, col)}{message}")
