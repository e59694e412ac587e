"""OOXML details python-docx leaves to its caller: elements inserted in the schema's order (pBdr, the
run's spacing), the faces of a run, a style, a PAGE field, the draft watermark (VML)."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from evaluator.consumers.notices.layout import BODY_PT, LINE_PT, TRACKING_PT

#: the pPr children in the OOXML schema's order (CT_PPrBase, then CT_PPr's rPr, sectPr, pPrChange)
PPR_ORDER = tuple(
    "w:" + t
    for t in (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
        "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split()
)


#: the tblPr children in the OOXML schema's order (CT_TblPr)
TBLPR_ORDER = tuple(
    "w:" + t
    for t in (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
    ).split()
)


def insert_ordered(parent: Any, el: Any, order: tuple[str, ...]) -> Any:
    """Put ``el`` into ``parent`` where the schema's sequence ``order`` wants it (replacing one of the
    same tag)."""
    old = parent.find(el.tag)
    if old is not None:
        old.addprevious(el)
        parent.remove(old)
        return el
    later = {qn(t) for t in order[order.index(el.prefix + ":" + el.tag.split("}")[1]) + 1 :]}
    after = next((c for c in parent if c.tag in later), None)
    if after is None:
        parent.append(el)
    else:
        after.addprevious(el)
    return el


def ppr_insert(ppr: Any, el: Any) -> Any:
    """Put ``el`` into ``ppr`` where the schema's sequence wants it (replacing one of the same tag)."""
    return insert_ordered(ppr, el, PPR_ORDER)


def tblpr_insert(tblpr: Any, el: Any) -> Any:
    """Put ``el`` into ``tblpr`` where the schema's sequence wants it (replacing one of the same tag)."""
    return insert_ordered(tblpr, el, TBLPR_ORDER)


def ppr_flag(ppr: Any, tag: str, on: bool) -> None:
    """An on/off paragraph property (snapToGrid, overflowPunct, autoSpaceDE …) in its schema place."""
    el = OxmlElement(tag)
    el.set(qn("w:val"), "1" if on else "0")
    ppr_insert(ppr, el)


_BORDER_ORDER = ("top", "left", "bottom", "right", "between", "bar")


def set_fonts(font: Any, element: Any, east: str, size: float, color: str | None = None) -> None:
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


def add_style(
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
) -> None:
    st = doc.styles.add_style(name, 1)  # paragraph style
    st.base_style = doc.styles["Normal"]
    st.quick_style = True
    set_fonts(st.font, st.element, east, size, color)
    st.font.bold = bold
    pf = st.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(exact)
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    # off the document grid (docx_render._grid says why): the exact line pitch places every line
    ppr_flag(st.element.get_or_add_pPr(), "w:snapToGrid", False)
    if size == BODY_PT:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(round(TRACKING_PT * 20)))
        rpr_insert(st.element.get_or_add_rPr(), spacing)


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


def rpr_insert(rpr: Any, el: Any) -> None:
    after = next((c for c in rpr if c.tag in {qn(t) for t in _AFTER_SPACING}), None)
    if after is None:
        rpr.append(el)
    else:
        after.addprevious(el)


def border(p: Paragraph, side: str, color: str = "000000", eighths: int = 8, space: int = 1) -> None:
    """A paragraph border, its elements in the schema's order (pBdr before spacing/ind/jc; top, left,
    bottom, right)."""
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = ppr_insert(ppr, OxmlElement("w:pBdr"))
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(eighths))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    later = [c for c in bdr if _BORDER_ORDER.index(c.tag.split("}")[1]) > _BORDER_ORDER.index(side)]
    if later:
        later[0].addprevious(el)
    else:
        bdr.append(el)


#: 省略号 “……” (two U+2026) in a run of its own tagged ``zxx`` (no linguistic content) as its East Asian
#: language: LibreOffice lays a zh-CN run out with its CJK break iterator, which breaks between any two
#: characters that its kinsoku lists allow, “…|…” among them (measured, LibreOffice 7.4; neither U+2060
#: between the halves nor w:noLineBreaksBefore/After in settings.xml stops it), and GB/T 15834 does not let
#: an ellipsis be split; a run without a language gets Unicode line breaking (UAX #14: no break inside
#: “……”), as Word and the PDF lay it out. The face, size and text stay the same.
ELLIPSIS = "……"


def add_text(p: Paragraph, text: str) -> list[Any]:
    """``text`` as runs of ``p``: each “……” in a run of its own (see ELLIPSIS); the runs, for their fonts."""
    runs = []
    for i, part in enumerate(text.split(ELLIPSIS)):
        if i:
            r = p.add_run(ELLIPSIS)
            lang = OxmlElement("w:lang")
            lang.set(qn("w:eastAsia"), "zxx")
            r._r.get_or_add_rPr().append(lang)  # w:lang is the last but two of CT_RPr's sequence
            runs.append(r)
        if part:
            runs.append(p.add_run(part))
    return runs


def page_field(p: Paragraph) -> None:
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
