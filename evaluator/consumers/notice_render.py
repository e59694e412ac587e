"""Render an official document (整改通知书, 报请督促函) after GB/T 9704-2012 《党政机关公文格式》.

One document model (a plain dict, built by :mod:`evaluator.consumers.notices`) and two renderers:

- :func:`render_docx` — python-docx, editable by the office; it names the standard faces
  (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) so it prints right on an office PC.
- :func:`render_pdf` — Typst (the ``typst`` wheel); the standard faces first, then free faces from
  Debian's packages that scripts/setup.sh installs: FandolFang (仿宋) and FandolKai (楷体) from
  texlive-lang-chinese, Noto Serif/Sans CJK SC (宋、黑, fonts-noto-cjk) — so the PDF body is set in a
  仿宋 face as GB/T 9704 asks, and the real faces are used where they exist.

Layout (both): A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 版头 issuer mark in red,
发文字号, red separator line; title 2号 (22 pt) 小标宋; body 3号 (16 pt) 仿宋, first-line indent two
characters, about 22 lines a page; 一级标题 黑体, 二级标题 楷体; signature and 成文日期; 版记 (抄送, 印发机关
and 印发日期) between rules; page numbers "— 1 —" in 4号 宋体, odd pages right, even pages left.

Document model::

    {"kind": "notice" | "escalation", "issuer_mark": str, "number": str, "signer": str | None,
     "title": str, "addressee": str, "blocks": [{"t": "p" | "h1" | "h2" | "ev", "text": str}, ...],
     "closing": str, "signature": str, "date_zh": str,
     "copy_to": str, "printer": str, "print_date_zh": str}
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
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
PAGE_NO_PT = 14.0  # 4号
MARK_PT = 26.0  # 发文机关标志: GB/T 9704 fixes no size; fits the 版心 width
LINE_PT = 28.9  # 22 lines in the 225 mm 版心 height

# ---------------------------------------------------------------------------------------------
# DOCX


def _fonts(run: Any, east: str, size: float, *, color: str | None = None) -> None:
    _set_fonts(run.font, run._element, east, size, color)


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


def _para(
    doc: Any,
    text: str,
    east: str,
    size: float = BODY_PT,
    *,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    color: str | None = None,
    exact: float | None = LINE_PT,
    left_chars: float = 0,
    right_chars: float = 0,
) -> Paragraph:
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(exact)
    if indent:
        pf.first_line_indent = Pt(size * 2)
    if left_chars:
        pf.left_indent = Pt(size * left_chars)
    if right_chars:
        pf.right_indent = Pt(size * right_chars)
    if text:
        _fonts(p.add_run(text), east, size, color=color)
    return p


def _border(p: Paragraph, side: str, color: str = "000000", eighths: int = 8) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(eighths))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), color)
    bdr.append(el)


def _page_field(p: Paragraph) -> None:
    def run_text(text: str) -> None:
        _fonts(p.add_run(text), SONG, PAGE_NO_PT)

    run_text("— ")
    r = p.add_run()
    _fonts(r, SONG, PAGE_NO_PT)
    for kind, instr in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        r._r.append(el)
    run_text(" —")


def render_docx(d: dict[str, Any], path: Path) -> None:
    doc = new_docx()
    doc.settings.odd_and_even_pages_header_footer = True
    sec = doc.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(28)  # page number about 7 mm below the 版心
    odd = sec.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(PAGE_NO_PT)
    _page_field(odd)
    even = sec.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(PAGE_NO_PT)
    _page_field(even)
    normal = doc.styles["Normal"]
    _set_fonts(normal.font, normal.element, FS, BODY_PT)

    # 版头
    _para(doc, "", FS, indent=False)
    _para(
        doc,
        d["issuer_mark"],
        XBS,
        MARK_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RED,
        exact=None,
    )
    _para(doc, "", FS, indent=False)
    if d.get("signer"):
        p = _para(doc, "", FS, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, left_chars=1)
        p.paragraph_format.right_indent = Pt(BODY_PT)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(BODY_PT * 2), alignment=WD_TAB_ALIGNMENT.RIGHT)
        _fonts(p.add_run(d["number"]), FS, BODY_PT)
        _fonts(p.add_run("\t签发人："), FS, BODY_PT)
        _fonts(p.add_run(d["signer"]), KAI, BODY_PT)
    else:
        p = _para(doc, d["number"], FS, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _border(p, "bottom", RED, 12)
    _para(doc, "", FS, indent=False)
    # 主体
    _para(doc, d["title"], XBS, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=36)
    _para(doc, "", FS, indent=False)
    _para(doc, d["addressee"] + "：", FS, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    for b in d["blocks"]:
        face = {"h1": HEI, "h2": KAI}.get(b["t"], FS)
        align = WD_ALIGN_PARAGRAPH.LEFT if b["t"] == "ev" else WD_ALIGN_PARAGRAPH.JUSTIFY
        _para(doc, b["text"], face, align=align)
    _para(doc, d["closing"], FS)
    _para(doc, "", FS, indent=False)
    _para(doc, d["signature"], FS, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_chars=2)
    _para(doc, d["date_zh"], FS, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right_chars=4)
    # 版记
    _para(doc, "", FS, indent=False)
    p = _para(doc, "抄送：" + d["copy_to"] + "。", FS, 14, indent=False, left_chars=1, right_chars=1)
    _border(p, "top", eighths=6)
    _border(p, "bottom", eighths=4)
    p = _para(doc, "", FS, 14, indent=False, left_chars=1, right_chars=1)
    _fonts(p.add_run(d["printer"]), FS, 14)
    _fonts(p.add_run("\t" + d["print_date_zh"]), FS, 14)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(28), alignment=WD_TAB_ALIGNMENT.RIGHT)
    _border(p, "bottom", eighths=6)
    doc.core_properties.title = d["title"]
    doc.core_properties.author = d["signature"]
    doc.core_properties.subject = d["number"]
    doc.save(str(path))


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
#set document(title: d.title, author: d.signature)
#set page(
  paper: "a4",
  margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer-descent: 7mm,
  footer: context {
    let n = counter(page).get().first()
    let s = text(font: song, size: 14pt)[— #n —]
    if calc.odd(n) { align(right, s + h(1em)) } else { align(left, h(1em) + s) }
  },
)
#set text(font: fs, size: 16pt, lang: "zh", region: "cn", top-edge: "ascender", bottom-edge: "descender")
#set par(leading: 12.9pt, spacing: 12.9pt, justify: true, first-line-indent: (amount: 2em, all: true))
#let blank = v(28.9pt)

// 版头
#blank
#align(center, text(font: xbs, size: 26pt, weight: "bold", fill: red)[#d.issuer_mark])
#blank
#if d.at("signer", default: none) != none {
  block(inset: (left: 1em, right: 1em), grid(columns: (1fr, auto), d.number, [签发人：#text(font: kai)[#d.signer]]))
} else {
  align(center)[#d.number]
}
#v(-1.6pt)  // the red line 4 mm below the 发文字号
#line(length: 100%, stroke: 1.5pt + red)
#blank
// 主体
#align(center, block(width: 100%, par(leading: 8pt, first-line-indent: 0pt, justify: false,
  text(font: xbs, size: 22pt, weight: "bold")[#d.title])))
#blank
#par(first-line-indent: 0pt)[#d.addressee：]
#for b in d.blocks {
  if b.t == "h1" { par(text(font: hei)[#b.text]) }
  else if b.t == "h2" { par(text(font: kai)[#b.text]) }
  else if b.t == "ev" { par(justify: false)[#b.text] }
  else { par[#b.text] }
}
// the signature never stands alone on a page: it keeps the closing line with it
#block(breakable: false, width: 100%)[
  #par[#d.closing]
  #blank
  #align(right, block(inset: (right: 2em), align(left)[#d.signature \ #h(2em)#d.date_zh]))
]
// 版记
#v(1fr)
#block(breakable: false, {
  set par(first-line-indent: 0pt, leading: 8pt)
  set text(size: 14pt)
  line(length: 100%, stroke: 0.35mm)
  v(-6pt)
  block(inset: (x: 1em, y: 2pt))[抄送：#d.copy_to。]
  v(-6pt)
  line(length: 100%, stroke: 0.25mm)
  v(-6pt)
  block(inset: (x: 1em, y: 2pt), grid(columns: (1fr, auto), d.printer, d.print_date_zh))
  v(-6pt)
  line(length: 100%, stroke: 0.35mm)
})
"""


#: free faces from Debian packages that are not in the fontconfig paths Typst searches:
#: FandolFang (仿宋) and FandolKai (楷体) come with texlive-lang-chinese (scripts/setup.sh installs it)
FONT_DIRS = (Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),)


def _font_dirs() -> list[Path]:
    return [d for d in FONT_DIRS if d.is_dir()]


def render_pdf(d: dict[str, Any], path: Path) -> None:
    import typst

    with tempfile.TemporaryDirectory(prefix="govshare-typst-") as tmp:
        root = Path(tmp)
        (root / "doc.json").write_text(json.dumps(d, ensure_ascii=False), "utf-8")
        (root / "doc.typ").write_text(TYPST, "utf-8")
        pdf = typst.compile(
            str(root / "doc.typ"), root=str(root), format="pdf", font_paths=[str(p) for p in _font_dirs()]
        )
    if not isinstance(pdf, bytes):  # pragma: no cover - typst returns bytes without output
        raise TypeError("typst.compile returned no PDF bytes")
    path.write_bytes(pdf)
