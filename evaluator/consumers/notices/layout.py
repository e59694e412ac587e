"""The layout numbers of an official document (GB/T 9704-2012, 文件格式) shared by both renderers.

A4; 版心 156 × 225 mm (top 37 mm, left 28 mm); 22 lines × 28 characters of 3号 (16 pt); the faces the
DOCX names (the PDF falls back to Debian's free faces after them, :mod:`.pdf_render`).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def width(text: str) -> float:
    """Width in points of ``text`` in 3号 on the grid: CJK one character pitch, ASCII half."""
    return sum(CHAR_PT if ord(c) > 0x2E7F else CHAR_PT / 2 for c in text)
