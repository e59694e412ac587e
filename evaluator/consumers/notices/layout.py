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
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
#: 28 characters of 16 pt (less this spacing each) in the 156 mm 版心 width, in both renderers: every
#: punctuation mark one full cell (no compression, as Word and LibreOffice set it), Latin letters and
#: digits half a cell; 28 × 15.6 pt = 436.8 ≤ 442.2 pt < 29 × 15.6
TRACKING_PT = -0.4
CHAR_PT = BODY_PT + TRACKING_PT
#: the space between a Chinese character and a Latin letter or digit (LibreOffice's autospace, measured)
AUTOSPACE_EM = 0.2
GAP_PT = LINE_PT - BODY_PT
#: a title's (2号) leading: its lines 30 pt apart, the body's gap after its last line
TITLE_LEADING_PT = 8.0


@dataclass(frozen=True)
class Breaks:
    """Where the PDF put the 版记: on a page of its own (after a page break), after a blank page too; and its
    height (the DOCX stacks its frames by it)."""

    banji_page: bool = False
    blank_page: bool = False
    banji_mm: float = 0.0


TYPE_WIDTH_MM = 156.0  # the 版心's width
TYPE_TOP_MM, TYPE_HEIGHT_MM = 37.0, 225.0  # the 版心's top edge from the page's, and its height
#: the document grid's 22 lines of 28.9 pt fill 224.29 mm of the 225: LibreOffice (7.4, measured) lays the
#: text of a page with a grid on the grid's lines only, the 0.71 mm left over split above and below; the
#: PDF's text area is the grid's too, so that a page holds the same in both (decision 0031)
GRID_HEIGHT_MM = LINES_PER_PAGE * LINE_PT / 72 * 25.4
#: the 版记 (4号): the padding above and below each of its lines (and between the lines of one entry, so
#: that the 抄送 line is as tall in both renderers however many lines it takes); its rules (首末线, 中线)
BANJI_PAD_MM = 1.2
BANJI_RULES_MM = (0.35, 0.25)
#: the attachment table (4号): the first three columns' widths in characters, the last takes the rest;
#: a cell's padding (left/right, top/bottom) and its line pitch; both renderers read these
TABLE_COLUMNS_EM = (3.0, 7.0, 9.0)
TABLE_PAD_PT = (4.0, 5.0)
TABLE_LINE_PT = 20.0
#: the attachment table's rules (PDF: centred on the cells' edges; LibreOffice puts each row's top rule
#: inside the row and adds its width to the row's height, measured: the DOCX takes it off the padding)
TABLE_RULE_PT = 0.5


def table_widths_pt() -> tuple[float, ...]:
    """The attachment table's column widths in points (the last column takes what is left)."""
    first = tuple(SMALL_PT * em for em in TABLE_COLUMNS_EM)
    return (*first, TYPE_WIDTH_MM / 25.4 * 72 - sum(first))


def width(text: str) -> float:
    """Width in points of ``text`` in 3号 on the grid: CJK one character pitch, ASCII half."""
    return sum(CHAR_PT if ord(c) > 0x2E7F else CHAR_PT / 2 for c in text)
