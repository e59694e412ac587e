"""The DOCX of an official document (python-docx), editable by the office: the standard faces
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) in named styles, the document grid, zh-CN language,
honest core properties; laid out as :mod:`.pdf_render` lays out the PDF (docs/decisions/0016-documents.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from evaluator.consumers.notices.layout import (
    BANJI_PAD_MM,
    BANJI_RULES_MM,
    BODY_PT,
    CHARS_PER_LINE,
    FS,
    GAP_PT,
    HEI,
    KAI,
    LINE_PT,
    MARK_PT,
    RED,
    SMALL_PT,
    SONG,
    TABLE_LINE_PT,
    TABLE_PAD_PT,
    TABLE_RULE_PT,
    TITLE_LEADING_PT,
    TITLE_PT,
    TYPE_HEIGHT_MM,
    TYPE_WIDTH_MM,
    XBS,
    Breaks,
    table_widths_pt,
    width,
)
from evaluator.consumers.notices.ooxml import (
    VML_NS,
    WATERMARK,
    add_style,
    add_text,
    border,
    page_field,
    ppr_flag,
    ppr_insert,
    set_fonts,
    tblpr_insert,
)

#: a title's lines as the PDF's: 2号 on a 30 pt pitch (TITLE_LEADING_PT), the body's gap after the last
#: (the paragraph's space after makes up the difference: n lines are 30 n + 4.9 pt in both)
TITLE_LINE_PT = TITLE_PT + TITLE_LEADING_PT
TITLE_AFTER_PT = GAP_PT - TITLE_LEADING_PT
#: the 发文机关标志's exact line (its 2.9 pt below a 26 pt line keep the PDF's gap to the 发文字号)
MARK_LINE_PT = 40.0

STYLES = {
    # name: (east-asian face, size, alignment, first-line indent, exact line pitch, colour)
    "发文机关标志": (XBS, MARK_PT, WD_ALIGN_PARAGRAPH.CENTER, False, MARK_LINE_PT, RED),
    "发文字号": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, False, LINE_PT, None),
    "公文标题": (XBS, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, False, TITLE_LINE_PT, None),
    "主送机关": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, LINE_PT, None),
    "公文正文": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, True, LINE_PT, None),
    "一级标题": (HEI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, True, LINE_PT, None),
    "二级标题": (KAI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, True, LINE_PT, None),
    "空行": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, LINE_PT, None),
    "署名": (FS, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, False, LINE_PT, None),
    "附件标识": (HEI, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, False, LINE_PT, None),
    "附件标题": (XBS, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, False, TITLE_LINE_PT, None),
    "表格文字": (FS, SMALL_PT, WD_ALIGN_PARAGRAPH.LEFT, False, TABLE_LINE_PT, None),
    "版记": (FS, SMALL_PT, WD_ALIGN_PARAGRAPH.LEFT, False, 20.0, None),
    "页码": (SONG, SMALL_PT, WD_ALIGN_PARAGRAPH.RIGHT, False, None, None),
}


OFF_GRID = ("发文机关标志", "公文标题", "附件标题", "表格文字", "版记", "页码")


def _para(doc: Any, text: str, style: str, *, face: str | None = None) -> Paragraph:
    p = doc.add_paragraph(style=style)
    for r in add_text(p, text):
        if face:
            set_fonts(r.font, r._element, face, STYLES[style][1])
    return p


def _tiny(p: Paragraph) -> Paragraph:
    """``p`` (empty) one point tall: it takes none of the room a line would."""
    p.style = "空行"
    p.paragraph_format.line_spacing = Pt(1)
    return p


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
            page_field(p)
    if draft:
        for header in (sec.header, sec.even_page_header):
            header.is_linked_to_previous = False
            header.paragraphs[0]._p.append(parse_xml(WATERMARK % VML_NS))


def _grid(sec: Any) -> None:
    """The document grid of GB/T 9704: 22 lines × 28 characters on the 版心 (Word's 页面设置 → 文档网格 shows
    每行 28 字、每页 22 行): line pitch 28.9 pt, character pitch 156 mm / 28 = 15.79 pt (w:charSpace is
    the pitch less the default 16 pt, in 1/4096 pt).

    The paragraphs do not snap to it (w:snapToGrid 0 in every style): LibreOffice 7.4 gives a 16 pt
    character two cells of a 15.79 pt grid (14 a line, measured) where Word compresses it. Their exact
    28.9 pt line pitch and the body's character spacing (layout.TRACKING_PT) lay out the same 22 × 28 in
    Word, LibreOffice and the PDF."""
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    pitch = TYPE_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    grid.set(qn("w:charSpace"), str(round((pitch - BODY_PT) * 4096)))


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
    set_fonts(normal.font, normal.element, FS, BODY_PT)
    # no punctuation hanging past the type area, as in the PDF: ECMA-376 Part 1 §17.3.1.21, overflowPunct
    # on lets punctuation extend past the text extents, off does not. LibreOffice 7.4 imports it the other
    # way round (writerfilter: ParaIsHangingPunctuation = val == 0) while its own export writes the flag as
    # the spec reads it, so a round trip through LibreOffice flips it (measured): its import's bug, not the
    # file's (decision 0016; tests/test_notice_layout.py pins it)
    ppr = normal.element.get_or_add_pPr()
    ppr_flag(ppr, "w:overflowPunct", False)
    ppr_flag(ppr, "w:snapToGrid", False)  # see _grid
    # no line of a paragraph alone at the foot or the head of a page (Typst avoids them too)
    ppr_flag(ppr, "w:widowControl", True)

    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    # Chinese text zh-CN; Latin letters and digits en-US, as Word writes a Chinese document: with zh-CN there
    # too LibreOffice breaks a line inside a number (20|26) and between the two halves of “……” (measured)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    # the theme's languages too (python-docx's template says ja-JP for East Asian text)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-US")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    # the grid's character pitch is reckoned from the default size: 3号 (16 pt)
    for tag in ("w:sz", "w:szCs"):
        el = rpr_default.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), str(round(BODY_PT * 2)))
    for name, (east, size, align, indent, exact, color) in STYLES.items():
        add_style(
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
    for name in ("一级标题", "二级标题"):  # a heading is never the last line of a page, as in the PDF
        doc.styles[name].paragraph_format.keep_with_next = True
    for name in ("公文标题", "附件标题"):
        doc.styles[name].paragraph_format.space_after = Pt(TITLE_AFTER_PT)
    doc.settings.odd_and_even_pages_header_footer = True


def _table(doc: Any, columns: list[str], rows: list[list[str]]) -> None:
    """The attachment table: fixed column widths (the grid LibreOffice lays out, the cells Word does),
    cell padding, line pitch and rules as in the PDF (layout.TABLE_*): each row as tall as the PDF's, its
    rules where the PDF's are (measured in LibreOffice 7.4 to 0.01 mm; decision 0031)."""
    widths = table_widths_pt()
    t = doc.add_table(rows=1, cols=len(columns))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tblpr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr_insert(tblpr, layout)
    rules = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for attr, value in (("val", "single"), ("sz", str(round(TABLE_RULE_PT * 8))), ("space", "0")):
            el.set(qn(f"w:{attr}"), value)
        el.set(qn("w:color"), "000000")
        rules.append(el)
    tblpr_insert(tblpr, rules)
    margins = OxmlElement("w:tblCellMar")
    pad_x, pad_y = TABLE_PAD_PT
    # the PDF's padding is to the glyphs, the DOCX's to the line; and the PDF's rules are centred on the
    # cells' edges, where LibreOffice puts a row's top rule inside the row and adds its width to the row's
    # height (measured): half of it comes off each padding
    pad_y -= (TABLE_LINE_PT - SMALL_PT) / 2 + TABLE_RULE_PT / 2
    for side, pt in (("top", pad_y), ("left", pad_x), ("bottom", pad_y), ("right", pad_x)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(pt * 20)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr_insert(tblpr, margins)
    for col, w in zip(t._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = Pt(w)
    for i, (cell, text, w) in enumerate(zip(t.rows[0].cells, columns, widths, strict=True)):
        _cell(cell, w, i)
        r = cell.paragraphs[0].add_run(text)
        set_fonts(r.font, r._element, HEI, SMALL_PT)
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))  # the header row repeats on every page
    for values in rows:
        row = t.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never split across pages
        cells = row.cells
        for i, (cell, text, w) in enumerate(zip(cells, values, widths, strict=True)):
            _cell(cell, w, i)
            add_text(cell.paragraphs[0], text)


def _cell(cell: Any, width_pt: float, column: int) -> None:
    """A cell of the attachment table as the PDF's: its text in the middle of the row's height, the 序号
    column's also in the middle of its width."""
    cell.width = Pt(width_pt)
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    cell.paragraphs[0].style = "表格文字"
    if column == 0:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _framed(p: Paragraph, y_mm: float | None = None) -> Paragraph:
    """``p`` in a frame of the 版心's width (w:framePr, anchored to the margin): its top ``y_mm`` below the
    版心's top edge, or its bottom on the 版心's foot; the text above it, not beside it."""
    frame = OxmlElement("w:framePr")
    where = ("yAlign", "bottom") if y_mm is None else ("y", str(round(y_mm / 25.4 * 1440)))
    for attr, value in (
        ("w", str(round(TYPE_WIDTH_MM / 25.4 * 1440))),
        ("wrap", "notBeside"),
        ("vAnchor", "margin"),
        ("hAnchor", "margin"),
        ("xAlign", "center"),
        where,
    ):
        frame.set(qn(f"w:{attr}"), value)
    ppr_insert(p._p.get_or_add_pPr(), frame)
    return p


def _eighths(mm: float) -> int:
    """A rule's width in mm as an OOXML border size (eighths of a point)."""
    return round(mm / 25.4 * 72 * 8)


def _banji(doc: Any, d: dict[str, Any], height_mm: float) -> None:
    """The 版记 at the foot of the 版心 in frames (:func:`_framed`), where Word and LibreOffice put it
    whatever the text above lays out to: the 印发 line's frame on the foot; above it, the 抄送 line's at the
    top of the 版记 (``height_mm``, the PDF's, measured by Typst), and the 首条线 above that.

    One frame each: LibreOffice 7.4 makes a frame's borders of its paragraphs' and drops the frame when they
    differ (measured). The rules are paragraph borders of paragraphs without indents, so that they span the
    版心 in Word too (Word draws a paragraph's border between its indents); each frame is as tall as its
    part of the PDF's 版记 (the borders' widths taken from the exact line pitch)."""
    pad = BANJI_PAD_MM / 25.4 * 72
    line = SMALL_PT + 2 * pad  # one line of the 版记 and its padding
    thick, thin = BANJI_RULES_MM
    pt = 72 / 25.4
    if d["copy_to"]:
        top = TYPE_HEIGHT_MM - height_mm  # the 版记's top edge below the 版心's
        rule = _framed(_para(doc, "", "版记"), top - 1 / pt - thick)
        rule.paragraph_format.line_spacing = Pt(1)
        border(rule, "bottom", eighths=_eighths(thick), space=0)
        p = _framed(_para(doc, f"抄送：{d['copy_to']}。", "版记"), top)
        # 左右各空一字，回行时与冒号后的首字对齐 (GB/T 9704-2012 7.4.2)
        p.paragraph_format.left_indent = Pt(SMALL_PT * 4)
        p.paragraph_format.first_line_indent = Pt(-SMALL_PT * 3)
        p.paragraph_format.right_indent = Pt(SMALL_PT)
        p.paragraph_format.line_spacing = Pt(line)
    p = _framed(_para(doc, "\t".join((d["printer"], d["print_date_zh"])), "版记"))
    p.paragraph_format.first_line_indent = Pt(SMALL_PT)
    p.paragraph_format.tab_stops.add_tab_stop(
        Mm(TYPE_WIDTH_MM) - Pt(SMALL_PT), alignment=WD_TAB_ALIGNMENT.RIGHT
    )
    first = thin if d["copy_to"] else thick
    border(p, "top", eighths=_eighths(first), space=0)
    border(p, "bottom", eighths=_eighths(thick), space=0)
    p.paragraph_format.line_spacing = Pt(line - (first + thick) * pt)


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
    # (the PDF: 35 mm, the mark's 26 pt line, the body's gap; here its exact MARK_LINE_PT line)
    mark.paragraph_format.space_before = Pt(35 / 25.4 * 72 + MARK_PT + GAP_PT - MARK_LINE_PT)
    _para(doc, "", "空行")
    _para(doc, "", "空行")
    if d.get("signer"):
        p = _para(doc, "", "主送机关")
        p.paragraph_format.left_indent = Pt(BODY_PT)
        p.paragraph_format.right_indent = Pt(BODY_PT)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(BODY_PT * 2), alignment=WD_TAB_ALIGNMENT.RIGHT)
        p.add_run(d["number"] + "\t签发人：")
        r = p.add_run(d["signer"])
        set_fonts(r.font, r._element, KAI, BODY_PT)
    else:
        p = _para(doc, d["number"], "发文字号")
    # the red rule 4 mm below the 发文字号's line (the PDF's 16 pt line), the title two lines below it: the
    # rule is the bottom border of the 发文字号's paragraph, its line that much shorter (the border's
    # width below the rule's middle comes off the blank line after it)
    red_pt = 1.0
    border(p, "bottom", RED, round(red_pt * 8), space=0)
    p.paragraph_format.line_spacing = Pt(BODY_PT + 4 / 25.4 * 72 - red_pt / 2)
    _para(doc, "", "空行").paragraph_format.line_spacing = Pt(LINE_PT - red_pt / 2)
    _para(doc, "", "空行")
    # 主体
    _para(doc, d["title"], "公文标题")
    _para(doc, "", "空行")
    _para(doc, d["addressee"] + "：", "主送机关")
    for b in d["blocks"]:
        _para(doc, b["text"], {"h1": "一级标题", "h2": "二级标题"}.get(b["t"], "公文正文"))
    # the closing paragraph and the 附件说明 stay on the page of the signature (GB/T 9704-2012 7.3.5: the
    # signature never stands on a page without body text), as the PDF's unbreakable block keeps them
    kept = [_para(doc, d["closing"], "公文正文")]
    if d.get("attachment_note"):
        kept.append(_para(doc, "", "空行"))
        kept.append(_para(doc, "附件：" + d["attachment_note"], "公文正文"))
    # 署名与成文日期（加盖印章）: two lines for the seal; the date 4 characters from the right; the
    # signature centred over the date (a right indent that puts its centre on the date's)
    kept += [_para(doc, "", "空行"), _para(doc, "", "空行")]
    for p in kept:
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.keep_together = True
    date_w = width(d["date_zh"])
    sig_w = width(d["signature"])
    p = _para(doc, d["signature"], "署名")
    p.paragraph_format.right_indent = Pt(4 * BODY_PT + (date_w - sig_w) / 2)
    p.paragraph_format.keep_with_next = True
    p = _para(doc, d["date_zh"], "署名")
    p.paragraph_format.right_indent = Pt(4 * BODY_PT)
    p.paragraph_format.keep_with_next = bool(d.get("annotation"))
    if d.get("annotation"):
        _para(doc, d["annotation"], "公文正文")
    if d.get("attachment"):
        a = d["attachment"]
        p = _para(doc, "附件", "附件标识")
        p.paragraph_format.page_break_before = True
        _para(doc, "", "空行")
        # the table's top rule on the PDF's (LibreOffice draws it inside the first row)
        title = _para(doc, a["title"], "附件标题")
        title.paragraph_format.space_after = Pt(TITLE_AFTER_PT - TABLE_RULE_PT / 2)
        _table(doc, a["columns"], a["rows"])
    # 版记: on the page where the PDF put it (its page breaks before the 版记 repeated), at the foot
    if breaks.blank_page:
        # the blank page and the 版记 page after it carry no page number (GB/T 9704-2012 7.5): a section of
        # their own from the next page, its footers empty (its headers, the draft's watermark, carry on)
        doc.add_section(WD_SECTION.NEW_PAGE)
        _tiny(doc.paragraphs[-1])  # the paragraph that ends the body's section (it holds the w:sectPr)
        _footers(doc.sections[-1], draft=False, numbered=False)
        _tiny(_para(doc, "", "空行"))  # the blank page
    if breaks.banji_page:
        _tiny(_para(doc, "", "空行")).paragraph_format.page_break_before = True
    _banji(doc, d, breaks.banji_mm)
    _tiny(_para(doc, "", "空行"))  # a document ends with a paragraph (LibreOffice anchors the frames to it)
    _core(doc, d, at)
    doc.save(str(path))


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
    _app(doc, d)


#: docProps/app.xml (extended properties): who made the file and for whom, nothing more. python-docx's
#: template says "Microsoft Macintosh Word" 14.0000, template Normal.dotm, 1 page and 0 words, which this
#: document is not; counts are left out (Word and LibreOffice compute them when they open the file).
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>govshare</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _app(doc: Any, d: dict[str, Any]) -> None:
    """Honest extended properties, and no thumbnail: the template's is a picture of another document."""
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    pkg = doc.part.package
    for part in pkg.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.format(company=escape(d["signature"])).encode("utf-8")
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.rels.pop(rid)
