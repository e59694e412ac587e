"""The PDF of an official document, typeset by Typst (the ``typst`` wheel): the standard faces first, then
free faces from Debian's packages (FandolFang 仿宋 and FandolKai 楷体 from texlive-lang-chinese, Noto CJK)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from evaluator.consumers.notices.layout import (
    AUTOSPACE_EM,
    BANJI_PAD_MM,
    BANJI_RULES_MM,
    GRID_HEIGHT_MM,
    TABLE_COLUMNS_EM,
    TABLE_LINE_PT,
    TABLE_PAD_PT,
    TABLE_RULE_PT,
    TITLE_LEADING_PT,
    TRACKING_PT,
    TYPE_HEIGHT_MM,
    TYPE_TOP_MM,
    TYPE_WIDTH_MM,
    Breaks,
)

#: the layout numbers the Typst template reads from its JSON (layout.py holds them)
LAYOUT = {
    "table": {
        "columns_em": TABLE_COLUMNS_EM,
        "pad": TABLE_PAD_PT,
        "line": TABLE_LINE_PT,
        "rule": TABLE_RULE_PT,
    },
    "title_leading": TITLE_LEADING_PT,
    # the text area ends on the grid's last line, this far above the 版心's foot (layout.GRID_HEIGHT_MM)
    "grid_rest_mm": TYPE_HEIGHT_MM - GRID_HEIGHT_MM,
    "tracking": TRACKING_PT,
    "autospace_em": AUTOSPACE_EM,
    "banji_pad_mm": BANJI_PAD_MM,
    "banji_rules_mm": BANJI_RULES_MM,
    "type_width_mm": TYPE_WIDTH_MM,
}

TYPST = r"""
#let d = json("doc.json")
// Latin letters and digits in Times New Roman (Liberation Serif has its metrics), as the DOCX names them
#let latin = ((name: "Times New Roman", covers: "latin-in-cjk"), (name: "Liberation Serif", covers: "latin-in-cjk"))
#let fs = (..latin, "FangSong_GB2312", "FangSong", "FandolFang R", "Noto Serif CJK SC")
#let xbs = ("FZXiaoBiaoSong-B05S", "Noto Serif CJK SC")
#let hei = ("SimHei", "Noto Sans CJK SC")
#let kai = ("KaiTi_GB2312", "KaiTi", "FandolKai", "AR PL KaitiM GB", "Noto Serif CJK SC")
#let song = ("SimSun", "Noto Serif CJK SC")
#let red = rgb("#E60012")
#let L = 28.9pt        // line pitch: 22 lines in the 225 mm type area
#let gap = L - 16pt    // what a 3号 line has below its em box (titles and the 版头 keep it after them)
#set document(title: d.title, author: d.signature)
#set page(
  paper: "a4",
  // the text area: the document grid's 22 lines (the 版心 less grid_rest_mm at its foot, which the page
  // number and the 版记 keep: both are placed from the 版心's foot)
  margin: (top: 37mm, bottom: 35mm + d.grid_rest_mm * 1mm, left: 28mm, right: 26mm),
  footer-descent: 0mm,
  footer: context {
    let n = here().page()  // the physical page (a pagebreak inside a context block restarts the counter)
    if n in d.at("unnumbered", default: ()) { return }
    let s = text(font: song, size: 14pt, tracking: 0pt, top-edge: 0.88em, bottom-edge: -0.12em)[— #n —]
    v(7mm + d.grid_rest_mm * 1mm)
    set par(first-line-indent: 0pt)  // the body's two-character indent is not the page number's
    if calc.odd(n) { align(right, s + h(1em)) } else { align(left, h(1em) + s) }
  },
  background: if d.draft {
    place(center + horizon, rotate(-35deg, text(font: hei, size: 140pt, fill: rgb(128, 128, 128, 60))[草稿]))
  },
)
// 3号仿宋, 28 characters a line (tracking), 22 lines a page; no punctuation hangs past the type area.
// Each line of 3号 text is a whole line of the grid (its 16 pt em box at the top of 28.9 pt), as in the
// DOCX's exact line pitch: a line fits at the foot of a page when its whole 28.9 pt do, in both
#let edges = (top-edge: 0.88em, bottom-edge: -0.12em)  // the em box: other sizes (titles, table, 版记)
#set text(font: fs, size: 16pt, lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: 0.88em - L,
  tracking: d.tracking * 1pt, overhang: false, cjk-latin-spacing: none)
// every punctuation mark one full character cell, as on the document grid (Word and LibreOffice do not
// compress punctuation): a closing mark never starts a line, an opening mark never ends one (U+2060).
// A run of marks is boxed mark by mark, each box one cell (1em + tracking); Typst does not apply the
// tracking after the last glyph of a text run, so the run is preceded by that tracking (weak: not at
// the start of a line), and every mark advances one cell wherever it stands (measured)
#let opening = "（《「『“‘〔【〖"
#show regex("[，。、；：？！）》」』”’〕】〗（《「『“‘〔【〖]+"): it => context {
  let cell = 1em + text.tracking
  h(text.tracking, weak: true)
  for c in it.text.clusters() {
    if c in opening { box(width: cell, align(right, c)); sym.wj } else { sym.wj; box(width: cell, align(left, c)) }
  }
}
// the space Word and LibreOffice put between a Chinese character and a Latin letter or digit (autospace,
// 0.2 em; with the tracking the split text loses at its end, as theirs does): set here, not by Typst's own
// cjk-latin-spacing (0.25 em), so that both break their lines at the same characters
#let zh(s) = {
  let out = ()
  let buf = ""
  let prev = none
  for c in s.clusters() {
    let k = if c.match(regex("^[0-9A-Za-z]$")) != none { "latin" } else if c.match(regex("^\p{Han}$")) != none { "han" } else { "other" }
    if (prev == "han" and k == "latin") or (prev == "latin" and k == "han") {
      out.push([#buf])
      out.push(h(d.autospace_em * 1em))
      buf = ""
    }
    buf += c
    prev = k
  }
  out.push([#buf])
  out.join()
}
#set par(leading: 0pt, spacing: 0pt, justify: true, linebreaks: "simple", first-line-indent: (amount: 2em, all: true))
#set block(spacing: 0pt)
#let blank(n) = v(n * L)

// 版头: 发文机关标志 35 mm below the type area's top edge
#v(35mm)
#align(center, text(font: xbs, size: 26pt, weight: "bold", fill: red, tracking: 0pt, ..edges)[#d.issuer_mark])
#v(gap)
#blank(2)
#if d.at("signer", default: none) != none {
  block(inset: (left: 1em, right: 1em), grid(columns: (1fr, auto), d.number, [签发人：#text(font: kai)[#d.signer]]))
} else {
  align(center)[#d.number]
}
#v(4mm - gap)
#line(length: 100%, stroke: 1.2pt + red)
#blank(2)
// 主体
#align(center, block(width: 100%, par(leading: d.title_leading * 1pt, first-line-indent: 0pt, justify: false,
  text(font: xbs, size: 22pt, weight: "bold", tracking: 0pt, ..edges)[#d.title])))
#v(gap)
#blank(1)
#par(first-line-indent: 0pt)[#d.addressee：]
#for b in d.blocks {
  // a heading is never the last line of a page (kept with the paragraph after it)
  if b.t == "h1" { block(sticky: true, par(text(font: hei, zh(b.text)))) }
  else if b.t == "h2" { block(sticky: true, par(text(font: kai, zh(b.text)))) }
  else { par(zh(b.text)) }
}
// 署名与成文日期（加盖印章）: the date 4 characters from the right, the signature centred over it,
// two lines left above for the seal; the signature never stands on a page without body text (GB/T
// 9704-2012 7.3.5): the closing paragraph and the 附件说明 go with it
#block(breakable: false, width: 100%, context {
  par(zh(d.closing))
  if d.attachment_note != none {
    blank(1)
    par(hanging-indent: 5em, zh("附件：" + d.attachment_note))
  }
  let wd = measure(d.date_zh).width
  let ws = measure(d.signature).width
  blank(2)
  // (the stack's items are right-aligned in the date's width: the signature moves right by half of what it
  // is wider than the date, which puts its centre on the date's)
  align(right, pad(right: 4em, box(width: wd, stack(
    move(dx: (ws - wd) / 2, box(width: ws, d.signature)), d.date_zh))))
  if d.annotation != none { par(zh(d.annotation)) }
})
// 附件: on a page of its own, before the 版记
#if d.attachment != none {
  pagebreak()
  par(first-line-indent: 0pt, text(font: hei)[附件])
  blank(1)
  align(center, par(first-line-indent: 0pt, leading: d.title_leading * 1pt,
    text(font: xbs, size: 22pt, weight: "bold", tracking: 0pt, ..edges)[#d.attachment.title]))
  v(gap)
  {
    let t = d.table
    set text(size: 14pt, tracking: 0pt, ..edges)
    set par(first-line-indent: 0pt, leading: t.line * 1pt - 14pt, justify: false)
    table(
      columns: (..t.columns_em.map(c => c * 1em), 1fr),
      inset: (x: t.pad.at(0) * 1pt, y: t.pad.at(1) * 1pt),
      stroke: t.rule * 1pt,
      align: (center + horizon, left + horizon, left + horizon, left + horizon),
      table.header(..d.attachment.columns.map(c => text(font: hei)[#c])),
      // a row is never split across two pages (the next page repeats the header)
      ..d.attachment.rows.flatten().map(c => table.cell(breakable: false, zh(c))),
      // the last rule of each page lies in the text area whole, as LibreOffice keeps it: below the last
      // row half a rule of nothing (its top edge the row's rule)
      table.footer(table.cell(colspan: t.columns_em.len() + 1, inset: 0pt, stroke: (top: t.rule * 1pt, rest: none),
        v(t.rule * 0.5pt))),
    )
  }
}
// 版记: at the foot of the last page, which is even: render_pdf lays the document out once, then adds a
// page break when the body ends on an odd page, two when it ends on an even page without room for the 版记
// (the blank page and the 版记 page then carry no page number, GB/T 9704-2012 7.5)
#let banji = block(breakable: false, width: 100%, {
  set par(first-line-indent: 0pt, leading: 2 * d.banji_pad_mm * 1mm, spacing: 0pt, justify: false)
  set text(size: 14pt, tracking: 0pt, ..edges)
  let (thick, thin) = d.banji_rules_mm
  line(length: 100%, stroke: thick * 1mm)
  if d.copy_to != "" {
    block(inset: (x: 1em, y: d.banji_pad_mm * 1mm), par(hanging-indent: 3em)[抄送：#d.copy_to。])
    line(length: 100%, stroke: thin * 1mm)
  }
  block(inset: (x: 1em, y: d.banji_pad_mm * 1mm), grid(columns: (1fr, auto), d.printer, d.print_date_zh))
  line(length: 100%, stroke: thick * 1mm)
})
#context [#metadata(here().page()) <body-end>#metadata(here().position().y / 1mm) <content-end-y>]
#context [#metadata(measure(banji, width: d.type_width_mm * 1mm).height / 1mm) <banji-h>]
#for _ in range(d.at("banji_breaks", default: 0)) { pagebreak() }
// (its last rule on the 版心's foot, grid_rest_mm below the text area's)
#block(width: 100%, height: 1fr, breakable: false,
  align(bottom, [#context [#metadata(here().page()) <banji-at>]#move(dy: d.grid_rest_mm * 1mm, banji)]))
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

        d = {**d, **LAYOUT}
        (root / "doc.json").write_text(json.dumps(d, ensure_ascii=False), "utf-8")
        end, at = int(where("<body-end>")), int(where("<banji-at>"))
        # the 版记 fits on the body's last page when it fits below the body: the bottom-aligned block it
        # stands in does not say so (with too little room the 版记 overprints the text above it, measured)
        foot = TYPE_TOP_MM + TYPE_HEIGHT_MM
        if at != end or where("<content-end-y>") + where("<banji-h>") > foot + 0.1:
            at = end + 1
        breaks = Breaks(
            banji_page=end % 2 == 1 or at != end,
            blank_page=end % 2 == 0 and at != end,
            banji_mm=where("<banji-h>"),
        )
        n = 2 if breaks.blank_page else (1 if breaks.banji_page else 0)
        laid = {**d, "banji_breaks": n, "unnumbered": [end + 1, end + 2] if breaks.blank_page else []}
        (root / "doc.json").write_text(json.dumps(laid, ensure_ascii=False), "utf-8")
        pdf = typst.compile(str(root / "doc.typ"), root=str(root), format="pdf", font_paths=fonts)
    if not isinstance(pdf, bytes):  # pragma: no cover - typst returns bytes without output
        raise TypeError("typst.compile returned no PDF bytes")
    path.write_bytes(pdf)
    return breaks
