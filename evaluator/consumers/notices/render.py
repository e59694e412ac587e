"""Render an official document (整改通知书, 请示) after GB/T 9704-2012 《党政机关公文格式》, 文件格式.

One document model (a plain dict, built by :mod:`evaluator.consumers.notices.document`) and two renderers
that lay it out the same way (docs/decisions/0016-documents.md; tests/test_notice_layout.py measures both):

- :func:`render_pdf` — Typst (the ``typst`` wheel); the standard faces first, then free faces from
  Debian's packages (FandolFang 仿宋 and FandolKai 楷体 from texlive-lang-chinese, Noto CJK).
- :func:`render_docx` — python-docx, editable by the office; it names the standard faces
  (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) in named styles, with the document grid
  (22 lines × 28 characters), zh-CN language and honest core properties. The PDF is rendered first and
  tells the DOCX where its page breaks before the 版记 fall and how tall the 版记 is (the DOCX sets it
  in frames at the foot), so both end on the same even page with the 版记 at its foot.

Both lay a line out the same way, so that LibreOffice's layout of the DOCX has the PDF's lines and pages
(measured: tests/test_notice_layout.py): 28 cells of 15.6 pt, every punctuation mark one cell (no
compression), Latin letters and digits in Times New Roman (Liberation Serif) half a cell, 0.2 em between
a Chinese character and a Latin one, no punctuation hanging past the type area.

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
from pathlib import Path
from typing import Any

from evaluator.consumers.notices.docx_render import render_docx
from evaluator.consumers.notices.pdf_render import render_pdf

__all__ = ["render", "render_docx", "render_pdf"]


def render(d: dict[str, Any], docx_path: Path, pdf_path: Path, at: dt.datetime | None = None) -> None:
    """Both files, the PDF first (its page breaks before the 版记 are repeated in the DOCX)."""
    breaks = render_pdf(d, pdf_path)
    render_docx(d, docx_path, breaks, at)
