"""Render an official document (整改通知书, 请示) after GB/T 9704-2012 《党政机关公文格式》, 文件格式.

One document model (a plain dict, built by :mod:`evaluator.consumers.notices.document`) and two renderers
that lay it out the same way (docs/decisions/0016-documents.md; tests/test_notice_layout.py measures both):

- :func:`render_pdf` — Typst (the ``typst`` wheel); the standard faces first, then free faces from
  Debian's packages (FandolFang 仿宋 and FandolKai 楷体 from texlive-lang-chinese, Noto CJK).
- :func:`render_docx` — python-docx, editable by the office; it names the standard faces
  (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) in named styles, with the document grid
  (22 lines × 28 characters), zh-CN language and honest core properties. The PDF is rendered first and
  tells the DOCX where its page breaks before the 版记 fall, so both end on the same even page.

Layout: A4; 版心 156 × 225 mm (top 37 mm, left 28 mm); 发文机关标志 red, its top edge 35 mm below the
版心's; 发文字号 two lines below it (上行文: left, 签发人 right); the red rule 4 mm below; the title two
lines below the rule; 主送机关 one line below the title; body 3号 仿宋; 附件说明; the sealed signature
(成文日期 four characters from the right, 发文机关署名 centred over it, two lines for the seal); 附注;
the 附件 on a page of its own; the 版记 at the foot of the last page, which is even; page numbers
"— 1 —" 4号 宋体 7 mm below the 版心, odd pages right, even pages left (none on a blank page and the
版记 page after it). A draft carries the watermark 草稿 on every page.

Document model::

    {"kind": "notice" | "escalation", "draft": bool, "issuer_mark": str, "number": str,
     "signer": str | None, "title": str, "addressee": str,
     "blocks": [{"t": "p" | "h1" | "h2", "text": str}, ...], "closing": str,
     "attachment_note": str | None, "signature": str, "date_zh": str, "annotation": str | None,
     "attachment": {"title": str, "columns": [str], "rows": [[str]]} | None,
     "copy_to": str, "printer": str, "print_date_zh": str}
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

RED = "E60012"

# Office faces (the DOCX names them); the PDF falls back to the Debian faces after them.
XBS = "方正小标宋简体"
FS = "仿宋_GB2312"
HEI = "黑体"
KAI = "楷体_GB2312"
SONG = "宋体"

BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
SMALL_PT = 14.0  # 4号: 版记, page numbers, the attachment table
MARK_PT = 26.0  # 发文机关标志: GB/T 9704 fixes no size; fits the 版心 width
LINE_PT = 28.9  # 22 lines in the 225 mm 版心 height
TRACKING_PT = -0.25  # 28 characters of 16 pt (less this spacing each) in the 156 mm 版心 width
CHAR_PT = BODY_PT + TRACKING_PT
#: Word and LibreOffice set adjacent punctuation full width where Typst halves it (“》（”, “：“”): a
#: little more negative spacing in the DOCX keeps its lines as long as the PDF's (measured: page counts)
DOCX_TRACKING_PT = -0.4
GAP_PT = LINE_PT - BODY_PT


@dataclass(frozen=True)
class Breaks:
    """Where the PDF put the 版记: on a page of its own (after a page break), after a blank page too."""

    banji_page: bool = False
    blank_page: bool = False


# ---------------------------------------------------------------------------------------------
# DOCX

#: pPr children that come after pBdr in the OOXML schema (CT_PPrBase sequence)
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_BORDER_ORDER = ("top", "left", "bottom", "right", "between", "bar")


def _set_fonts(font: Any, element: Any, east: str, size: float, color: str | None = None) -> None:
    font.size = Pt(size)
    font.name = "Times New Roman"
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:ascii"), "Times New Roman")
    rfonts.set(qn("w:hAnsi"), "Times New Roman")
    if color:
        font.color.rgb = RGBColor.from_string(color)


def _style(
    doc: Any,
    name: str,
    east: str,
    size: float,
    *,
    align: Any,
    indent: bool,
    exact: float | None = LINE_PT,
    color: str | None = None,
    bold: bool = False,
    snap: bool = True,
) -> None:
    st = doc.styles.add_style(name, 1)  # paragraph style
    st.base_style = doc.styles["Normal"]
    st.quick_style = True
    _set_fonts(st.font, st.element, east, size, color)
    st.font.bold = bold
    pf = st.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(exact)
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    if not snap or exact:
        # exact line pitch instead of snapping to the grid (the body's pitch is the grid's, 28.9 pt): Word and
        # LibreOffice then place every line where the PDF does
        el = OxmlElement("w:snapToGrid")
        el.set(qn("w:val"), "0")
        st.element.get_or_add_pPr().insert(0, el)
    if size == BODY_PT:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(round(DOCX_TRACKING_PT * 20)))
        _rpr_insert(st.element.get_or_add_rPr(), spacing)


#: rPr children after w:spacing in the schema (CT_ParaRPr / CT_RPr sequence)
_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _rpr_insert(rpr: Any, el: Any) -> None:
    after = next((c for c in rpr if c.tag in {qn(t) for t in _AFTER_SPACING}), None)
    if after is None:
        rpr.append(el)
    else:
        after.addprevious(el)


STYLES = {
    # name: (east-asian face, size, alignment, first-line indent, exact line pitch, colour)
    "发文机关标志": (XBS, MARK_PT, WD_ALIGN_PARAGRAPH.CENTER, False, 40.0, RED),
    "发文字号": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, False, LINE_PT, None),
    "公文标题": (XBS, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, False, 36.0, None),
    "主送机关": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, LINE_PT, None),
    "公文正文": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, True, LINE_PT, None),
    "一级标题": (HEI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, True, LINE_PT, None),
    "二级标题": (KAI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, True, LINE_PT, None),
    "空行": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, LINE_PT, None),
    "署名": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, False, LINE_PT, None),
    "附件标识": (HEI, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, LINE_PT, None),
    "附件标题": (XBS, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, False, 36.0, None),
    "表格文字": (FS, SMALL_PT, WD_ALIGN_PARAGRAPH.LEFT, False, 20.0, None),
    "版记": (FS, SMALL_PT, WD_ALIGN_PARAGRAPH.LEFT, False, 20.0, None),
    "页码": (SONG, SMALL_PT, WD_ALIGN_PARAGRAPH.RIGHT, False, None, None),
}


OFF_GRID = ("发文机关标志", "公文标题", "附件标题", "表格文字", "版记", "页码")


def _para(doc: Any, text: str, style: str, *, face: str | None = None) -> Paragraph:
    p = doc.add_paragraph(style=style)
    if text:
        r = p.add_run(text)
        if face:
            _set_fonts(r.font, r._element, face, STYLES[style][1])
    return p


def _border(p: Paragraph, side: str, color: str = "000000", eighths: int = 8) -> None:
    """A paragraph border, its elements in the schema's order (pBdr before spacing/ind/jc; top, left,
    bottom, right)."""
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        after = next((c for c in ppr if c.tag in {qn(t) for t in _AFTER_PBDR}), None)
        if after is None:
            ppr.append(bdr)
        else:
            after.addprevious(bdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(eighths))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), color)
    later = [c for c in bdr if _BORDER_ORDER.index(c.tag.split("}")[1]) > _BORDER_ORDER.index(side)]
    if later:
        later[0].addprevious(el)
    else:
        bdr.append(el)


def _page_field(p: Paragraph) -> None:
    p.add_run("— ")
    r = p.add_run()
    for kind, instr in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        r._r.append(el)
    p.add_run(" —")


WATERMARK = (
    '<w:r %s><w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/></v:shapetype>'
    '<v:shape id="govshare-draft" type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;'
    "width:380pt;height:190pt;rotation:325;z-index:-251654144;mso-position-horizontal:center;"
    'mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" '
    'fillcolor="#c0c0c0" stroked="f"><v:fill opacity="0.4"/>'
    '<v:textpath style="font-family:&quot;黑体&quot;;font-size:1pt" string="草稿"/></v:shape></w:pict></w:r>'
)


VML_NS = f'{nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'


def _footers(sec: Any, draft: bool, numbered: bool = True) -> None:
    for footer, align in (
        (sec.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = "页码"
        p.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(SMALL_PT)
        else:
            p.paragraph_format.left_indent = Pt(SMALL_PT)
        if numbered:
            _page_field(p)
    if draft:
        for header in (sec.header, sec.even_page_header):
            header.is_linked_to_previous = False
            header.paragraphs[0]._p.append(parse_xml(WATERMARK % VML_NS))


def _grid(sec: Any) -> None:
    """The document grid: 22 lines of 28.9 pt a page. The 28 characters a line come from the body styles'
    character spacing (TRACKING_PT), not from a character grid: LibreOffice gives a 16 pt character two
    cells of a 15.79 pt character grid (14 a line) where Word compresses it."""
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    if grid.get(qn("w:charSpace")) is not None:
        del grid.attrib[qn("w:charSpace")]


def _page(sec: Any) -> None:
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance = Mm(15)
    # the page number's top 7 mm below the 版心: footer bottom = 35 − 7 − one 4号 line
    sec.footer_distance = Mm(35 - 7 - 2.2) - Pt(SMALL_PT)  # LibreOffice measured: 2.2 mm lower
    _grid(sec)


def _defaults(doc: Any) -> None:
    normal = doc.styles["Normal"]
    _set_fonts(normal.font, normal.element, FS, BODY_PT)
    # no punctuation hanging past the type area (LibreOffice hangs it by default; Word's overflowPunct)
    ppr = normal.element.get_or_add_pPr()
    hang = OxmlElement("w:overflowPunct")
    hang.set(qn("w:val"), "0")
    after = next((c for c in ppr if c.tag in {qn(t) for t in _AFTER_PBDR[6:]}), None)
    if after is None:
        ppr.append(hang)
    else:
        after.addprevious(hang)
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    # the grid's character pitch is reckoned from the default size: 3号 (16 pt)
    for tag in ("w:sz", "w:szCs"):
        el = rpr_default.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), str(round(BODY_PT * 2)))
    for name, (east, size, align, indent, exact, color) in STYLES.items():
        _style(
            doc,
            name,
            east,
            size,
            align=align,
            indent=indent,
            exact=exact,
            color=color,
            bold=name in ("发文机关标志",),
        )
    doc.settings.odd_and_even_pages_header_footer = True


def _table(doc: Any, columns: list[str], rows: list[list[str]], widths_mm: tuple[float, ...]) -> None:
    t = doc.add_table(rows=1, cols=len(columns))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for cell, text, w in zip(t.rows[0].cells, columns, widths_mm, strict=True):
        cell.width = Mm(w)
        cell.paragraphs[0].style = "表格文字"
        r = cell.paragraphs[0].add_run(text)
        _set_fonts(r.font, r._element, HEI, SMALL_PT)
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))  # the header row repeats on every page
    for values in rows:
        cells = t.add_row().cells
        for cell, text, w in zip(cells, values, widths_mm, strict=True):
            cell.width = Mm(w)
            cell.paragraphs[0].style = "表格文字"
            cell.paragraphs[0].add_run(text)


def _banji(doc: Any, d: dict[str, Any]) -> None:
    """The 版记 as a one-column table: its rules are the table's borders (首末线 thick, 中线 thin)."""
    rows = ([f"抄送：{d['copy_to']}。"] if d["copy_to"] else []) + [
        "\t".join((d["printer"], d["print_date_zh"]))
    ]
    t = doc.add_table(rows=len(rows), cols=1)
    t.autofit = False
    tblpr = t._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(156 / 25.4 * 1440)))
    width.set(qn("w:type"), "dxa")
    tblpr.append(width)
    borders = OxmlElement("w:tblBorders")
    for side, eighths in (
        ("top", 8),
        ("left", 0),
        ("bottom", 8),
        ("right", 0),
        ("insideH", 6),
        ("insideV", 0),
    ):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single" if eighths else "nil")
        if eighths:
            el.set(qn("w:sz"), str(eighths))
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tblpr.append(borders)
    for row, text in zip(t.rows, rows, strict=True):
        cell = row.cells[0]
        cell.width = Mm(156)
        p = cell.paragraphs[0]
        p.style = "版记"
        p.paragraph_format.left_indent = Pt(SMALL_PT)
        p.paragraph_format.right_indent = Pt(SMALL_PT)
        p.paragraph_format.space_before = Pt(3)
        p.paragraph_format.space_after = Pt(3)
        p.paragraph_format.tab_stops.add_tab_stop(
            Mm(156) - Pt(SMALL_PT * 2), alignment=WD_TAB_ALIGNMENT.RIGHT
        )
        if text.startswith("抄送："):
            p.paragraph_format.left_indent = Pt(SMALL_PT * 4)
            p.paragraph_format.first_line_indent = Pt(-SMALL_PT * 3)
        p.add_run(text)


def render_docx(
    d: dict[str, Any], path: Path, breaks: Breaks = Breaks(), at: dt.datetime | None = None
) -> None:
    doc = new_docx()
    _defaults(doc)
    sec = doc.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    _page(sec)
    _footers(sec, bool(d.get("draft")))
    body = doc.paragraphs[0]._p if doc.paragraphs else None
    if body is not None:
        body.getparent().remove(body)

    # 版头: the mark's top edge 35 mm below the 版心's top (a spacer of exact height before it)
    mark = _para(doc, d["issuer_mark"], "发文机关标志")
    mark.paragraph_format.space_before = Pt(35 / 25.4 * 72 - 4)
    _para(doc, "", "空行")
    _para(doc, "", "空行")
    if d.get("signer"):
        p = _para(doc, "", "主送机关")
        p.paragraph_format.left_indent = Pt(BODY_PT)
        p.paragraph_format.right_indent = Pt(BODY_PT)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(BODY_PT * 2), alignment=WD_TAB_ALIGNMENT.RIGHT)
        p.add_run(d["number"] + "\t签发人：")
        r = p.add_run(d["signer"])
        _set_fonts(r.font, r._element, KAI, BODY_PT)
    else:
        p = _para(doc, d["number"], "发文字号")
    _border(p, "bottom", RED, 8)
    _para(doc, "", "空行")
    _para(doc, "", "空行")
    # 主体
    _para(doc, d["title"], "公文标题")
    _para(doc, "", "空行")
    _para(doc, d["addressee"] + "：", "主送机关")
    for b in d["blocks"]:
        _para(doc, b["text"], {"h1": "一级标题", "h2": "二级标题"}.get(b["t"], "公文正文"))
    _para(doc, d["closing"], "公文正文")
    if d.get("attachment_note"):
        _para(doc, "", "空行")
        _para(doc, "附件：" + d["attachment_note"], "公文正文")
    # 署名与成文日期（加盖印章）: two lines for the seal; the date 4 characters from the right; the
    # signature centred over the date (a right indent that puts its centre on the date's)
    _para(doc, "", "空行")
    _para(doc, "", "空行")
    date_w = _width(d["date_zh"])
    sig_w = _width(d["signature"])
    p = _para(doc, d["signature"], "署名")
    p.paragraph_format.right_indent = Pt(4 * BODY_PT + (date_w - sig_w) / 2)
    p.paragraph_format.keep_with_next = True
    p = _para(doc, d["date_zh"], "署名")
    p.paragraph_format.right_indent = Pt(4 * BODY_PT)
    if d.get("annotation"):
        _para(doc, d["annotation"], "公文正文")
    if d.get("attachment"):
        a = d["attachment"]
        p = _para(doc, "附件", "附件标识")
        p.paragraph_format.page_break_before = True
        _para(doc, "", "空行")
        _para(doc, a["title"], "附件标题")
        _table(doc, a["columns"], a["rows"], (12.0, 27.0, 32.0, 85.0))
    # 版记: on the page where the PDF put it (the PDF's page breaks before it are repeated). Known gap: in the
    # DOCX it follows the body instead of standing at the foot of that page (a bottom-aligned last section
    # or a floating table is laid out differently by LibreOffice: measured, decision 0016); the office moves
    # it down with blank lines before printing.
    _para(doc, "", "空行")
    for _ in range((1 if breaks.banji_page else 0) + (1 if breaks.blank_page else 0)):
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    _banji(doc, d)
    _core(doc, d, at)
    doc.save(str(path))


def _width(text: str) -> float:
    """Width in points of ``text`` in 3号 on the grid: CJK one character pitch, ASCII half."""
    return sum(CHAR_PT if ord(c) > 0x2E7F else CHAR_PT / 2 for c in text)


def _core(doc: Any, d: dict[str, Any], at: dt.datetime | None) -> None:
    cp = doc.core_properties
    when = at or dt.datetime.now(dt.UTC)
    cp.title = d["title"]
    cp.subject = d["number"]
    cp.author = d["signature"]
    cp.last_modified_by = d["signature"]
    cp.created = when
    cp.modified = when
    for el in list(cp._element):  # the template's 2013 lastPrinted: this document was never printed
        if el.tag.endswith("}lastPrinted"):
            cp._element.remove(el)
    cp.revision = 1
    cp.language = "zh-CN"
    cp.keywords = "整改通知书" if d["kind"] == "notice" else "请示"
    cp.category = "公文"
    cp.comments = "govshare 依 GB/T 9704-2012 生成" + ("（草稿）" if d.get("draft") else "")


# ---------------------------------------------------------------------------------------------
# PDF (Typst)

TYPST = r"""
#let d = json("doc.json")
#let fs = ("FangSong_GB2312", "FangSong", "FandolFang R", "Noto Serif CJK SC")
#let xbs = ("FZXiaoBiaoSong-B05S", "Noto Serif CJK SC")
#let hei = ("SimHei", "Noto Sans CJK SC")
#let kai = ("KaiTi_GB2312", "KaiTi", "FandolKai", "AR PL KaitiM GB", "Noto Serif CJK SC")
#let song = ("SimSun", "Noto Serif CJK SC")
#let red = rgb("#E60012")
#let L = 28.9pt        // line pitch: 22 lines in the 225 mm type area
#let gap = L - 16pt    // the space between two lines of 3号 text
#set document(title: d.title, author: d.signature)
#set page(
  paper: "a4",
  margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer-descent: 0mm,
  footer: context {
    let n = here().page()  // the physical page (a pagebreak inside a context block restarts the counter)
    if n in d.at("unnumbered", default: ()) { return }
    let s = text(font: song, size: 14pt, tracking: 0pt, top-edge: 0.88em, bottom-edge: -0.12em)[— #n —]
    v(7mm)
    set par(first-line-indent: 0pt)  // the body's two-character indent is not the page number's
    if calc.odd(n) { align(right, s + h(1em)) } else { align(left, h(1em) + s) }
  },
  background: if d.draft {
    place(center + horizon, rotate(-35deg, text(font: hei, size: 140pt, fill: rgb(128, 128, 128, 60))[草稿]))
  },
)
// 3号仿宋, 28 characters a line (tracking), 22 lines a page; no punctuation hangs past the type area
#set text(font: fs, size: 16pt, lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: -0.12em,
  tracking: -0.25pt, overhang: false)
#set par(leading: gap, spacing: gap, justify: true, first-line-indent: (amount: 2em, all: true))
#let blank(n) = v(n * L)

// 版头: 发文机关标志 35 mm below the type area's top edge
#v(35mm)
#align(center, text(font: xbs, size: 26pt, weight: "bold", fill: red, tracking: 0pt)[#d.issuer_mark])
#blank(2)
#if d.at("signer", default: none) != none {
  block(inset: (left: 1em, right: 1em), grid(columns: (1fr, auto), d.number, [签发人：#text(font: kai)[#d.signer]]))
} else {
  align(center)[#d.number]
}
#v(4mm - gap)
#line(length: 100%, stroke: 1.2pt + red)
#v(-gap)
#blank(2)
// 主体
#align(center, block(width: 100%, par(leading: 8pt, first-line-indent: 0pt, justify: false,
  text(font: xbs, size: 22pt, weight: "bold", tracking: 0pt)[#d.title])))
#blank(1)
#par(first-line-indent: 0pt)[#d.addressee：]
#for b in d.blocks {
  if b.t == "h1" { par(text(font: hei)[#b.text]) }
  else if b.t == "h2" { par(text(font: kai)[#b.text]) }
  else { par[#b.text] }
}
#par[#d.closing]
#if d.attachment_note != none {
  blank(1)
  par(hanging-indent: 5em)[附件：#d.attachment_note]
}
// 署名与成文日期（加盖印章）: the date 4 characters from the right, the signature centred over it,
// two lines left above for the seal; the signature never stands alone on a page
#block(breakable: false, width: 100%, context {
  let wd = measure(d.date_zh).width
  let ws = measure(d.signature).width
  blank(2)
  align(right, pad(right: 4em, box(width: wd, stack(spacing: gap,
    move(dx: (wd - ws) / 2, box(width: ws, d.signature)), d.date_zh))))
  if d.annotation != none { par(spacing: gap)[#d.annotation] }
})
// 附件: on a page of its own, before the 版记
#if d.attachment != none {
  pagebreak()
  par(first-line-indent: 0pt, text(font: hei)[附件])
  blank(1)
  align(center, par(first-line-indent: 0pt, text(font: xbs, size: 22pt, weight: "bold", tracking: 0pt)[#d.attachment.title]))
  {
    set text(size: 14pt, tracking: 0pt)
    set par(first-line-indent: 0pt, leading: 6pt, justify: false)
    table(
      columns: (3em, 7em, 9em, 1fr),
      inset: (x: 4pt, y: 5pt),
      stroke: 0.5pt,
      align: (center + horizon, left + horizon, left + horizon, left + horizon),
      table.header(..d.attachment.columns.map(c => text(font: hei)[#c])),
      ..d.attachment.rows.flatten(),
    )
  }
}
// 版记: at the foot of the last page, which is even: render_pdf lays the document out once, then adds a
// page break when the body ends on an odd page, two when it ends on an even page without room for the 版记
// (the blank page and the 版记 page then carry no page number, GB/T 9704-2012 7.5)
#let banji = block(breakable: false, width: 100%, {
  set par(first-line-indent: 0pt, leading: gap, spacing: 0pt, justify: false)
  set text(size: 14pt, tracking: 0pt)
  line(length: 100%, stroke: 0.35mm)
  if d.copy_to != "" {
    block(inset: (x: 1em, y: 1.2mm), par(hanging-indent: 3em)[抄送：#d.copy_to。])
    line(length: 100%, stroke: 0.25mm)
  }
  block(inset: (x: 1em, y: 1.2mm), grid(columns: (1fr, auto), d.printer, d.print_date_zh))
  line(length: 100%, stroke: 0.35mm)
})
#context [#metadata(here().page()) <body-end>]
#for _ in range(d.at("banji_breaks", default: 0)) { pagebreak() }
#block(width: 100%, height: 1fr, breakable: false, align(bottom, [#context [#metadata(here().page()) <banji-at>]#banji#context [#metadata(here().position().y / 1mm) <banji-foot>]]))
"""


#: free faces from Debian packages that are not in the fontconfig paths Typst searches:
#: FandolFang (仿宋) and FandolKai (楷体) come with texlive-lang-chinese (scripts/setup.sh installs it)
FONT_DIRS = (Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),)


def _font_dirs() -> list[Path]:
    return [d for d in FONT_DIRS if d.is_dir()]


def render_pdf(d: dict[str, Any], path: Path) -> Breaks:
    """Write the PDF; return where it put the 版记 (for :func:`render_docx`).

    Laid out twice: the first pass says on which page the body ends and whether the 版记 fits there; the
    second adds the page breaks that put the 版记 at the foot of an even page."""
    import typst

    fonts = [str(p) for p in _font_dirs()]
    with tempfile.TemporaryDirectory(prefix="govshare-typst-") as tmp:
        root = Path(tmp)
        (root / "doc.typ").write_text(TYPST, "utf-8")

        def where(label: str) -> float:
            got = typst.query(
                str(root / "doc.typ"), label, field="value", one=True, root=str(root), font_paths=fonts
            )
            return float(json.loads(got))

        (root / "doc.json").write_text(json.dumps(d, ensure_ascii=False), "utf-8")
        end, at = int(where("<body-end>")), int(where("<banji-at>"))
        if where("<banji-foot>") > 297 - 35 + 0.1:  # the 版记 would run past the 版心's foot: it does not fit
            at = end + 1
        breaks = Breaks(banji_page=end % 2 == 1 or at != end, blank_page=end % 2 == 0 and at != end)
        n = 2 if breaks.blank_page else (1 if breaks.banji_page else 0)
        laid = {**d, "banji_breaks": n, "unnumbered": [end + 1, end + 2] if breaks.blank_page else []}
        (root / "doc.json").write_text(json.dumps(laid, ensure_ascii=False), "utf-8")
        pdf = typst.compile(str(root / "doc.typ"), root=str(root), format="pdf", font_paths=fonts)
    if not isinstance(pdf, bytes):  # pragma: no cover - typst returns bytes without output
        raise TypeError("typst.compile returned no PDF bytes")
    path.write_bytes(pdf)
    return breaks


def render(d: dict[str, Any], docx_path: Path, pdf_path: Path, at: dt.datetime | None = None) -> None:
    """Both files, the PDF first (its page breaks before the 版记 are repeated in the DOCX)."""
    breaks = render_pdf(d, pdf_path)
    render_docx(d, docx_path, breaks, at)
