"""Every fixture-county notice and the 请示, measured as a 文秘 would check them (GB/T 9704-2012, 文件格式).

The fixture county (fixtures/county) is imported and evaluated once; a notice is issued to every department
with something to rectify (2026-03-02), 民政局's goes overdue and, after a re-evaluation, to a 请示. Then:
the text holds no ASCII key, JSON pointer, record id or ISO date; the PDF layout is measured with
pdfplumber; the DOCX is opened in LibreOffice (headless) and its text and page count compared with the PDF.
"""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH

from evaluator.consumers.notices import numbering
from evaluator.consumers.notices import ooxml as O
from evaluator.consumers.notices import pdf_render as P
from evaluator.consumers.notices import render as R
from evaluator.consumers.notices import words as W
from evaluator.consumers.notices.layout import (
    GRID_HEIGHT_MM,
    SMALL_PT,
    TABLE_LINE_PT,
    TABLE_PAD_PT,
    Breaks,
    table_widths_pt,
)
from tests.support.county_documents import issue_and_escalate
from tests.support.record_ids import county_record_ids, ids_in

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4
LINE_MM = 28.9 / MM  # one line of the 22-line grid
TYPE_TOP, TYPE_BOTTOM, TYPE_LEFT, TYPE_RIGHT = 37.0, 297.0 - 35.0, 28.0, 210.0 - 26.0

ASCII_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
JSON_POINTER = re.compile(r"/[a-z_]+(?:/\d+)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("county")
    out = tmp / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVSHARE_DATA_DIR", str(tmp / "data"))
        mp.setenv("GOVSHARE_NOTICE_SETTINGS", str(ROOT / "tests" / "support" / "notice_settings.yaml"))
        models: list[dict[str, Any]] = []  # the document models as rendered (synthetic documents below)

        def render_pdf(d: dict[str, Any], path: Path) -> Breaks:
            models.append(d)
            return R.render_pdf(d, path)

        mp.setattr(numbering, "render_pdf", render_pdf)
        issued, letter = issue_and_escalate(out)
        docs = [*issued, letter]
        lo = tmp / "lo"
        # LibreOffice stands in for Word, and reads w:overflowPunct inverted (decision 0016; pinned by
        # test_libreoffice_reads_overflow_punct_inverted): it is handed each file with that one value
        # inverted, so that it lays the file out as the spec reads it
        lo_in = tmp / "lo-in"
        lo_in.mkdir()
        for d in docs:
            _invert_overflow_punct(Path(d.files[0]), lo_in / Path(d.files[0]).name)
        _soffice(tmp, "pdf", lo, sorted(lo_in.glob("*.docx")))
        yield {"docs": docs, "lo": lo, "ids": county_record_ids(), "tmp": tmp, "models": models}


OVERFLOW_OFF = '<w:overflowPunct w:val="0"/>'


def _invert_overflow_punct(src: Path, dst: Path) -> None:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename == "word/styles.xml":
                text = data.decode("utf-8")
                assert text.count(OVERFLOW_OFF) == 1, src  # Normal's, which every style inherits
                data = text.replace(OVERFLOW_OFF, '<w:overflowPunct w:val="1"/>').encode("utf-8")
            out.writestr(item, data)


def _lo_pdf(tmp: Path, docx: Path) -> Path:
    """LibreOffice's PDF of ``docx`` (handed the file with w:overflowPunct inverted, as the county's)."""
    (tmp / "lo-in").mkdir(exist_ok=True)
    _invert_overflow_punct(docx, tmp / "lo-in" / docx.name)
    _soffice(tmp, "pdf", tmp / "lo", [tmp / "lo-in" / docx.name])
    return tmp / "lo" / (docx.stem + ".pdf")


def _soffice(tmp: Path, to: str, out: Path, files: list[Path]) -> None:
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile", "--convert-to", to,
         "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=600, env={**os.environ, "HOME": str(tmp)},
    )  # fmt: skip


def test_libreoffice_reads_overflow_punct_inverted(county: dict[str, Any]) -> None:
    """The file says no hanging punctuation (w:overflowPunct off, ECMA-376 Part 1 §17.3.1.21); LibreOffice
    7.4 imports off as "hang" and exports its hanging flag as the spec reads it, so its round trip writes
    the value back inverted. When this fails LibreOffice reads the value as written: drop the inversion
    in the county fixture."""
    docx = Path(county["docs"][0].files[0])
    with zipfile.ZipFile(docx) as z:
        assert z.read("word/styles.xml").decode("utf-8").count(OVERFLOW_OFF) == 1
    out = county["tmp"] / "round-trip"
    _soffice(county["tmp"], "docx:MS Word 2007 XML", out, [docx])
    with zipfile.ZipFile(out / docx.name) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert re.findall(r'<w:overflowPunct w:val="(\w+)"/>', styles) == ["true"], styles


def _lines(page: Any) -> list[tuple[float, float, float, float, float, str]]:
    """(top, bottom, x0, x1, size, text) of each text line in mm, the watermark left out. A line is the
    characters on one baseline; its top and bottom are its Chinese characters' (the em box: a Latin face's
    box sits a little lower)."""
    rows: dict[float, list[dict[str, Any]]] = {}
    for c in page.chars:
        if c["size"] < 60:
            rows.setdefault(round(c["matrix"][5], 1), []).append(c)
    out = []
    for _, cs in sorted(rows.items(), reverse=True):  # PDF y grows upwards: top of the page first
        cs.sort(key=lambda c: c["x0"])
        box = [c for c in cs if ord(c["text"][:1] or " ") > 0x2E7F] or cs
        out.append(
            (
                min(c["top"] for c in box) / MM,
                max(c["bottom"] for c in box) / MM,
                min(c["x0"] for c in cs) / MM,
                max(c["x1"] for c in cs) / MM,
                max(c["size"] for c in cs),
                "".join(c["text"] for c in cs),
            )
        )
    return out


def _pdf_text(path: Path) -> tuple[int, str]:
    with pdfplumber.open(path) as pdf:
        text = "".join(c["text"] for p in pdf.pages for c in p.chars if c["size"] < 60)
    return len(pdf.pages), text


def test_the_documents(county: dict[str, Any]) -> None:
    docs = county["docs"]
    assert len(docs) == 19 and docs[-1].kind == "escalation"
    for d in docs[:-1]:
        assert all(f.severity != "warning" and f.rule_id != "A62.8" for f in d.findings), d.number
        assert not any(f.evidence[0].values.get("actor_external") for f in d.findings), d.number


def test_no_machine_internals_in_any_notice(county: dict[str, Any]) -> None:
    from docx import Document

    for d in county["docs"]:
        dx = Document(d.files[0])
        text = "\n".join([p.text for p in dx.paragraphs] + [c.text for t in dx.tables for c in t._cells])
        _, pdf_text = _pdf_text(Path(d.files[1]))
        for where, t in (("docx", text), ("pdf", pdf_text)):
            assert not ASCII_KEY.findall(t), (d.number, where, ASCII_KEY.findall(t))
            assert not JSON_POINTER.findall(t), (d.number, where, JSON_POINTER.findall(t))
            assert not ISO_DATE.findall(t), (d.number, where, ISO_DATE.findall(t))
            found = ids_in(t, county["ids"])
            assert not found, (d.number, where, found)
            assert "评价批次" not in t and "做到不得" not in t and "情形的的" not in t


def test_pdf_layout_gb9704(county: dict[str, Any]) -> None:
    for d in county["docs"]:
        with pdfplumber.open(d.files[1]) as pdf:
            pages = pdf.pages
            assert len(pages) % 2 == 0, f"{d.number}: {len(pages)} pages, the 版记 page must be even"
            first = _lines(pages[0])
            mark, number = first[0], first[1]
            assert mark[5] == "内乡县政务服务和大数据管理局文件" and abs(mark[0] - (TYPE_TOP + 35)) < 0.3, (
                mark
            )
            # 发文字号 two lines below the mark; the red rule 4 mm below it; the title two lines below the rule
            assert 2 * LINE_MM < number[0] - mark[1] < 2.6 * LINE_MM, (mark, number)
            red = [
                ln for ln in pages[0].lines if ln["stroking_color"] and abs(ln["x1"] - ln["x0"]) / MM > 150
            ]
            assert len(red) == 1, red
            rule = red[0]["top"] / MM
            assert abs(rule - number[1] - 4.0) < 0.3, (number, rule)
            title = first[2]
            assert title[4] == 22.0 and 1.95 * LINE_MM < title[0] - rule < 2.2 * LINE_MM, (rule, title)
            for i, page in enumerate(pages, 1):
                lines = _lines(page)
                body = [ln for ln in lines if ln[0] < TYPE_BOTTOM]
                # nothing past the type area's edges (punctuation does not hang)
                # (an opening bracket that starts a line is set half-width: its empty left half lies in the
                # margin, its ink at the type area's edge, GB/T 15834 4.1)
                for ln in body:
                    left = TYPE_LEFT - (ln[4] / 2 / MM if ln[5][:1] in "（《“‘〔「『" else 0)
                    # likewise a closing mark that ends a line: its glyph box is full width, its advance and
                    # its ink (the left half of the em square in a 简体 face) end at the edge
                    right = TYPE_RIGHT + (ln[4] / 2 / MM if ln[5][-1:] in "，。、；：）》”’〕」』！？" else 0)
                    assert ln[2] >= left - 0.2 and ln[3] <= right + 0.2, (d.number, i, ln)
                full = [ln for ln in body if ln[4] == 16.0]
                assert len(full) <= 22, (d.number, i, len(full))
                numbers = [ln for ln in lines if ln[0] > TYPE_BOTTOM]
                if numbers:  # page number: "— n —" 7 mm below the 版心, odd right, even left
                    n = numbers[0]
                    assert n[5] == f"— {i} —" and abs(n[0] - TYPE_BOTTOM - 7.0) < 0.3, (d.number, i, n)
                    assert (TYPE_RIGHT - n[3] if i % 2 else n[2] - TYPE_LEFT) == pytest.approx(
                        14 / MM, abs=1.0
                    )
                else:  # only the blank page and the 版记 page after it go unnumbered
                    assert i >= len(pages) - 1, (d.number, i)
            last = pages[-1]
            rules = sorted(ln["top"] / MM for ln in last.lines if abs(ln["x1"] - ln["x0"]) / MM > 150)
            assert rules and abs(rules[-1] - TYPE_BOTTOM) < 0.3, (d.number, rules)  # 版记 at the foot
            # between the 版记's first rule and its last, only the 版记 (nothing above overprinted by it)
            banji = _banji_text(next(m for m in county["models"] if m["number"] == d.number))
            top = rules[-3 if banji.startswith("抄送") else -2]
            inside = "".join(c["text"] for c in last.chars if top < c["top"] / MM < rules[-1])
            assert inside.replace(" ", "") == banji, (d.number, inside)
            assert "印发" in "".join(c["text"] for c in last.chars)


HEADING_FACES = ("NotoSansCJK", "Kai")  # 一级标题 黑体, 二级标题 楷体
H1 = re.compile(r"[一二三四五六七八九十]+、\S{2,14}")


def test_no_heading_ends_a_page(county: dict[str, Any]) -> None:
    """A heading (一、… in 黑体, （一）… in 楷体) is kept with the paragraph after it: it never stands as the
    last line of a page, in the PDF (Typst: a sticky block) or in the DOCX as LibreOffice lays it out
    (w:keepNext on the heading styles). Before the change the fixture 民政局's notice ended pages 1, 4 and 5
    with 「一、存在的问题」「三、整改时限」「五、逾期未整改的处理」."""
    pdfs = [(d.number, "pdf", Path(d.files[1])) for d in county["docs"]]
    pdfs += [(p.stem, "docx", p) for p in sorted(county["lo"].glob("*.pdf"))]
    for number, where, path in pdfs:
        with pdfplumber.open(path) as pdf:
            for i, page in enumerate(pdf.pages, 1):
                rows: dict[float, list[dict[str, Any]]] = {}
                for c in page.chars:
                    if c["size"] == 16.0 and c["top"] / MM < TYPE_BOTTOM:
                        rows.setdefault(round(c["matrix"][5], 1), []).append(c)
                if not rows:
                    continue
                last = rows[min(rows)]  # PDF y grows upwards: the lowest baseline
                text = "".join(c["text"] for c in sorted(last, key=lambda c: c["x0"]))
                if where == "pdf":
                    heading = all(
                        any(f in c["fontname"] for f in HEADING_FACES) for c in last if c["text"].strip()
                    )
                else:  # LibreOffice here sets every face in Noto Sans: a 一级标题 is known by its words
                    heading = bool(H1.fullmatch(text))
                # the attachment page's 「附件」 mark (黑体) is its only body-size line: not a heading
                assert not heading or text == "附件", (number, where, i, text)


def _banji_text(model: dict[str, Any]) -> str:
    """The 版记's words, from the document's model."""
    copy_to = f"抄送：{model['copy_to']}。" if model["copy_to"] else ""
    return copy_to + model["printer"] + model["print_date_zh"]


def d_header(d: Any) -> list[str]:
    return list(W.notices_data("templates")["notice"]["attachment_columns"]) if d.kind == "notice" else []


def _page_words(path: Path, header: list[str]) -> list[Counter[str]]:
    """Each page's words as characters with their counts (the attachment table's cells come out in another
    order in each renderer), page numbers, spacing, punctuation (LibreOffice hangs some at the margin) and
    the attachment table's header row (repeated on each page it spans) aside."""
    strip = re.compile(rf"—\s*\d+\s*—|\s|\u2060|[，、。；：]|{re.escape(''.join(header))}")
    with pdfplumber.open(path) as pdf:
        return [
            Counter(strip.sub("", "".join(c["text"] for c in p.chars if c["size"] < 60))) for p in pdf.pages
        ]


def test_docx_in_libreoffice_matches_the_pdf(county: dict[str, Any]) -> None:
    """Every notice and the 请示: LibreOffice lays the DOCX out on the PDF's pages, each page with the PDF's
    words (“……” is never split: ooxml.ELLIPSIS; the text area and the attachment table's rows as tall in
    both: decision 0031)."""
    for d in county["docs"]:
        docx, pdf = Path(d.files[0]), Path(d.files[1])
        lo = _page_words(county["lo"] / (docx.stem + ".pdf"), d_header(d))
        assert lo == _page_words(pdf, d_header(d)), (d.number, len(lo))


def test_docx_on_the_document_grid_with_the_banji_at_the_foot(county: dict[str, Any]) -> None:
    """The DOCX declares the 22 × 28 grid; LibreOffice lays out at most 22 body lines a page and 28
    characters a line, and puts the 版记 at the foot of the last page, which is even."""
    from docx import Document
    from docx.oxml.ns import qn

    for d in county["docs"]:
        docx = Path(d.files[0])
        grid = Document(docx).sections[0]._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "578"
        pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096  # pt: Word's character pitch
        assert int(156 * MM / pitch) == 28 and round(225 * MM / 28.9) == 22
        # the table and paragraph properties in the schema's order, none twice (valid OOXML)
        body = Document(docx).element.body
        for tag, order in (("w:tblPr", O.TBLPR_ORDER), ("w:pPr", O.PPR_ORDER)):
            for props in body.iter(qn(tag)):
                names = ["w:" + c.tag.split("}")[1] for c in props]
                assert names == sorted(set(names), key=order.index), (d.number, tag, names)
        # the attachment table's cells as the PDF's: text in the middle of the row, 序号 centred
        for tbl in Document(docx).tables:
            assert {c.vertical_alignment for c in tbl._cells} == {WD_ALIGN_VERTICAL.CENTER}, d.number
            assert {r.cells[0].paragraphs[0].alignment for r in tbl.rows} == {WD_ALIGN_PARAGRAPH.CENTER}
        # every “……” in a run of its own with no East Asian language (LibreOffice splits it otherwise)
        runs = Document(docx).element.body.iter(qn("w:r"))
        dots = [r for r in runs if "…" in "".join(t.text or "" for t in r.iter(qn("w:t")))]
        for r in dots:
            lang = r.find(qn("w:rPr")).find(qn("w:lang"))
            assert "".join(t.text for t in r.iter(qn("w:t"))) == "……" and lang.get(qn("w:eastAsia")) == "zxx"
        with pdfplumber.open(county["lo"] / (docx.stem + ".pdf")) as pdf:
            pages = pdf.pages
            assert len(pages) % 2 == 0, (d.number, len(pages))
            for i, page in enumerate(pages, 1):
                body = [ln for ln in _lines(page) if ln[0] < TYPE_BOTTOM and ln[4] == 16.0]
                assert len(body) <= 22, (d.number, i, len(body))
                for ln in body:  # at most 28 characters a line, nothing past the type area's right edge
                    assert sum(1 for c in ln[5] if ord(c) > 0x2E7F) <= 28, (d.number, i, ln[5])
                    right = TYPE_RIGHT + (ln[4] / 2 / MM if ln[5][-1:] in "，。、；：）》”’〕」』！？" else 0)
                    assert ln[3] <= right + 0.3, (d.number, i, ln)
            last = pages[-1]
            assert "印发" in "".join(c["text"] for c in last.chars)
        # the 版记 at the foot of the last page, as in the PDF: each of its rules within BANJI_TOLERANCE_MM
        # of the PDF's (LibreOffice puts the frames where they say whatever the text above them lays out to)
        model = next(m for m in county["models"] if m["number"] == d.number)
        lo_rules = _banji_rules(county["lo"] / (docx.stem + ".pdf"), model)
        pdf_rules = _banji_rules(Path(d.files[1]), model)
        assert all(abs(a - b) <= BANJI_TOLERANCE_MM for a, b in zip(lo_rules, pdf_rules, strict=True)), (
            d.number,
            lo_rules,
            pdf_rules,
        )
        assert abs(lo_rules[-1] - TYPE_BOTTOM) <= BANJI_TOLERANCE_MM, (d.number, lo_rules)
        # page numbers where the PDF has them, and nowhere else
        lo_numbers = _foot_numbers(county["lo"] / (docx.stem + ".pdf"))
        assert lo_numbers == _foot_numbers(Path(d.files[1])), (d.number, lo_numbers)


#: how far LibreOffice's 版记 rules may lie from the PDF's (measured: at most 0.2 mm)
BANJI_TOLERANCE_MM = 1.0


def _banji_rules(path: Path, model: dict[str, Any]) -> list[float]:
    """The tops (mm) of the 版记's rules on the last page: 首条线, 中线 (when there is a 抄送 line), 末条线."""
    with pdfplumber.open(path) as pdf:
        last = pdf.pages[-1]
        rules = sorted(e["top"] / MM for e in last.edges if e["orientation"] == "h" and e["width"] / MM > 150)
    return rules[-(3 if model["copy_to"] else 2) :]


def _foot_numbers(path: Path) -> list[str | None]:
    """What each page carries below the 版心 (its page number "— n —"), None where nothing."""
    with pdfplumber.open(path) as pdf:
        return [next((ln[5] for ln in _lines(p) if ln[0] > TYPE_BOTTOM), None) for p in pdf.pages]


def _long_notice(model: dict[str, Any], pdf: Path) -> tuple[dict[str, Any], Breaks]:
    """A notice whose body ends on an even page with no room left there for the 版记, so that a blank page
    goes before the 版记 page: ``model`` (a fixture notice) with one row more in its attachment table, the
    row's last cell lengthened until the PDF says so. Each try reads where the table ends and lengthens the
    cell by as many lines as lie between there and the foot of an even page."""
    rows = model["attachment"]["rows"]
    width = table_widths_pt()[-1] - 2 * TABLE_PAD_PT[0]
    per_line = int(width // SMALL_PT)  # characters a line of the last column holds
    line_mm = TABLE_LINE_PT / MM
    filler = "；".join(r[-1] for r in rows) * 40
    lines = 1
    for _ in range(15):
        row = [str(len(rows) + 1), *rows[-1][1:-1], filler[: lines * per_line]]
        long = {**model, "attachment": {**model["attachment"], "rows": [*rows, row]}}
        breaks = R.render_pdf(long, pdf)
        if breaks.blank_page:
            return long, breaks
        with pdfplumber.open(pdf) as doc:
            end = len(doc.pages) - (1 if breaks.banji_page else 0)  # the page the table ends on
            page = doc.pages[end - 1]
            rules = sorted(e["top"] / MM for e in page.lines if abs(e["x1"] - e["x0"]) / MM > 150)
            banji_rules = 0 if breaks.banji_page else (3 if long["copy_to"] else 2)
            y = rules[-1 - banji_rules]  # the table's last rule
        # aim at 5 mm above the foot of the next even page (the 版记 needs some 20 mm there)
        pages_ahead = 0 if end % 2 == 0 and y < TYPE_BOTTOM - 5 else (1 if end % 2 else 2)
        ahead = pages_ahead * (TYPE_BOTTOM - TYPE_TOP - 2 * line_mm) + TYPE_BOTTOM - 5 - y
        lines += max(1, int(ahead / line_mm))
    raise AssertionError("no notice long enough for a blank page before the 版记")


def test_blank_page_and_banji_page_unnumbered_in_both(county: dict[str, Any]) -> None:
    """GB/T 9704-2012 7.5: when a blank page goes before the 版记 page (the 版记 on the last, even page), the
    blank page and the 版记 page carry no page number. A synthetic notice long enough to need the blank page;
    the Typst PDF and LibreOffice's layout of the DOCX have the same pages, numbered the same."""
    tmp = county["tmp"] / "long"
    tmp.mkdir()
    model = max(county["models"], key=lambda m: len(m["attachment"]["rows"]) if m["attachment"] else 0)
    long, breaks = _long_notice(model, tmp / "long.pdf")
    R.render_docx(long, tmp / "long.docx", breaks)
    pdf_numbers = _foot_numbers(tmp / "long.pdf")
    n = len(pdf_numbers)
    assert n % 2 == 0 and pdf_numbers == [f"— {i} —" for i in range(1, n - 1)] + [None, None], pdf_numbers
    with pdfplumber.open(tmp / "long.pdf") as pdf:
        assert "".join(c["text"] for c in pdf.pages[-2].chars) == ""  # the blank page
        assert "印发" in "".join(c["text"] for c in pdf.pages[-1].chars)
    lo = _lo_pdf(tmp, tmp / "long.docx")
    assert _foot_numbers(lo) == pdf_numbers
    with pdfplumber.open(lo) as pdf:
        assert "".join(c["text"] for c in pdf.pages[-2].chars) == ""
        assert "印发" in "".join(c["text"] for c in pdf.pages[-1].chars)
    lo_rules, pdf_rules = _banji_rules(lo, long), _banji_rules(tmp / "long.pdf", long)
    assert all(abs(a - b) <= BANJI_TOLERANCE_MM for a, b in zip(lo_rules, pdf_rules, strict=True))
    # the DOCX: the blank page and the 版记 page a section of their own, from a new page, its footers empty
    from docx import Document

    sections = Document(tmp / "long.docx").sections
    assert len(sections) == 2 and sections[1].start_type == WD_SECTION.NEW_PAGE
    footers = (sections[1].footer, sections[1].even_page_footer)
    assert [(f.is_linked_to_previous, f.paragraphs[0].text) for f in footers] == [(False, ""), (False, "")]
    assert "PAGE" in sections[0].footer._element.xml
    assert not any("PAGE" in f._element.xml for f in footers)


#: how near the text area's foot the synthetic tables below end (mm): the rows' heights (20 n + 4 pt) reach
#: any height to within 4 pt (1.41 mm)
FOOT_BAND_MM = (0.05, 1.5)


def _table_end(pdf: Path, page: int, banji_rules: int) -> float:
    """The attachment table's last rule (mm from the top) on ``page`` (1-based), the 版记's rules left out."""
    with pdfplumber.open(pdf) as doc:
        rules = sorted(e["top"] / MM for e in doc.pages[page - 1].edges if e["orientation"] == "h")
    return rules[-1 - banji_rules]


def _near_foot(model: dict[str, Any], pdf: Path, over: bool) -> tuple[dict[str, Any], Breaks, int, float]:
    """``model`` (a fixture notice) with a synthetic attachment table whose first page ends just above the
    text area's foot (``over``: whose last row would end just below it, and so starts the next page): a
    row, ``j`` one-line rows and one row of ``m`` lines, of Chinese characters only (both renderers break
    them alike). Returns the model, its breaks, the attachment's page and how far above the foot (mm;
    below it when negative) the last row ends, or would end, on that page."""
    foot = TYPE_BOTTOM - P.LAYOUT["grid_rest_mm"]  # the text area's foot: the table's last rule at most
    per_line = int((table_widths_pt()[-1] - 2 * TABLE_PAD_PT[0]) // SMALL_PT)
    words = "共享数据使用情况核查记录未按规定时限更新"

    def row(i: int, lines: int) -> list[str]:
        text = (words * 20)[: per_line * (lines - 1) + per_line // 2]
        return [str(i), "逾期未更新", "某数据资源", text]

    def height_mm(lines: int) -> float:  # a row of ``lines`` lines (as both renderers set it)
        return (lines * TABLE_LINE_PT - (TABLE_LINE_PT - SMALL_PT) + 2 * TABLE_PAD_PT[1]) / MM

    def laid(rows: list[list[str]]) -> tuple[dict[str, Any], Breaks, int]:
        m = {**model, "attachment": {**model["attachment"], "rows": rows}}
        breaks = R.render_pdf(m, pdf)
        with pdfplumber.open(pdf) as doc:
            page = next(i for i, p in enumerate(doc.pages, 1) if _lines(p)[0][5] == "附件")
        return m, breaks, page

    base, breaks, page = laid([row(1, 1)])
    room = foot - _table_end(pdf, page, 0 if breaks.banji_page else (3 if base["copy_to"] else 2))
    sign = -1 if over else 1
    j, m = next(
        (j, m)
        for m in range(1, 60)
        for j in range(5)
        if FOOT_BAND_MM[0] <= sign * (room - j * height_mm(1) - height_mm(m)) < FOOT_BAND_MM[1]
    )
    rows = [row(1, 1), *(row(i, 1) for i in range(2, j + 2)), row(j + 2, m)]
    long, breaks, page = laid(rows)
    assert breaks.banji_page or over  # no room for the 版记 on the table's page
    end = _table_end(pdf, page, 0)
    if over:  # the last row went to the next page: where it would have ended
        end += height_mm(m)
    assert FOOT_BAND_MM[0] <= sign * (foot - end) < FOOT_BAND_MM[1], (foot, end, j, m)
    return long, breaks, page, foot - end


@pytest.mark.parametrize("over", [False, True], ids=["fits", "next-page"])
def test_table_ending_at_the_foot_same_pages_in_both(county: dict[str, Any], over: bool) -> None:
    """A synthetic attachment table whose last row ends within FOOT_BAND_MM above the text area's foot
    (fits) or would end that far below it (goes to the next page): LibreOffice lays the DOCX out on the
    PDF's pages with the PDF's words on each, its rows where the PDF's are. Before decision 0031 LibreOffice
    set the table 0.8 mm lower, each row 0.17 mm taller and its text area 0.35 mm shorter: the fixture
    城关镇 notice's table, 1.8 mm above the foot, took a 9th page."""
    tmp = county["tmp"] / f"foot-{over}"
    tmp.mkdir()
    model = next(m for m in county["models"] if m["attachment"])
    long, breaks, page, above = _near_foot(model, tmp / "near.pdf", over)
    R.render_docx(long, tmp / "near.docx", breaks)
    lo = _lo_pdf(tmp, tmp / "near.docx")
    header = list(long["attachment"]["columns"])
    assert _page_words(lo, header) == _page_words(tmp / "near.pdf", header), above
    assert _foot_numbers(lo) == _foot_numbers(tmp / "near.pdf")
    # the table's rules where the PDF's are: LibreOffice lays the text area's 22 lines in the middle of the
    # 版心 (layout.GRID_HEIGHT_MM), everything on the page that much lower
    shift = (TYPE_BOTTOM - TYPE_TOP - GRID_HEIGHT_MM) / 2
    assert _table_end(lo, page, 0) - _table_end(tmp / "near.pdf", page, 0) == pytest.approx(shift, abs=0.1)


def test_long_title_same_first_page_in_both(county: dict[str, Any]) -> None:
    """A three-line title (41 characters or more) puts page 1's text off the grid's lines: the line that
    ends there fits in the PDF when its whole grid line does, as in LibreOffice (before decision 0031 the
    PDF's first page held one line more: its last line needed its 16 pt, LibreOffice's its 28.9 pt)."""
    tmp = county["tmp"] / "title"
    tmp.mkdir()
    model = next(m for m in county["models"] if m["attachment"])
    title = "关于限期整改政务数据共享管理问题、数据目录编制问题和共享申请答复问题以及数据安全管理问题的通知"
    assert 40 < len(title) <= 60  # three lines of 2号 (20 characters a line in the 156 mm 版心)
    # the opening paragraph twice as long: it runs on past page 1 (no heading or widow decides the break)
    opening = {**model["blocks"][0], "text": model["blocks"][0]["text"] * 2}
    long = {**model, "title": title, "blocks": [opening, *model["blocks"][1:]]}
    breaks = R.render_pdf(long, tmp / "t.pdf")
    R.render_docx(long, tmp / "t.docx", breaks)
    with pdfplumber.open(tmp / "t.pdf") as pdf:
        assert len([ln for ln in _lines(pdf.pages[0]) if ln[4] == 22.0]) == 3
    lo = _lo_pdf(tmp, tmp / "t.docx")
    header = list(long["attachment"]["columns"])
    assert _page_words(lo, header) == _page_words(tmp / "t.pdf", header)
