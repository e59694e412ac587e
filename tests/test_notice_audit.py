"""Issue 16, read back from the documents as issued: every fixture-county notice and the 请示, as DOCX text.

- every passage quoted from the Measures (“…” after 《办法》第…条) is the statute's text, read from the
  statute data here and not from the notice code: Arts. 67 and 68, each problem's article (an item with
  its article's lead-in 「不得有下列行为」 where the article lists prohibitions), 69 and 70 (item 1, 2);
- the time limit's last day is said with 「（含当日）」 and is the notice's due date (item 1);
- a notice with an Art. 63 act says what follows beyond rectification (移送), one without says nothing
  of it (item 1);
- the 版记 copies whom the authority's settings say, for the notice and the 请示 alike (item 4);
- the DOCX says honestly who made it (core and extended properties, no template thumbnail), zh-CN,
  every paragraph in a named style (item 5); a draft's DOCX carries the 草稿 watermark on every page (item 3);
- a transition cannot predate the notice, a 办理日期 given for another day is kept in the history, a
  waiver cannot be dated in the future (item 3).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from evaluator.consumers import notices as N
from evaluator.consumers import waivers
from evaluator.evaluate import api
from evaluator.facts.statute import load_statute, zh_numeral
from tests.support import snapshots as S
from tests.support.county_documents import issue_and_escalate

ROOT = Path(__file__).resolve().parent.parent
NUMERAL = {zh_numeral(n): n for n in range(1, 80)}
#: 《办法》第X条[第（n）项][规定|所禁止的][：|，]“quote”  (a quote inside a quote is in ‘ ’: the first ” ends it)
QUOTED = re.compile(
    r"《办法》第(?P<art>[一二三四五六七八九十]+)条(?:第（(?P<item>[一二三四五六七八九十]+)）项)?"
    r"(?:规定|所禁止的)?[：，]?“(?P<q>[^”]*)”"
)
#: the words the notices put in “ ” that are not quotations of the Measures (the opening's 「文中“截至”“仍未”
#: 等说法」); names in 「」 aside
NOT_QUOTES = {"截至", "仍未"}

SETTINGS = {
    "contact": {"person_zh": "测试联系人", "phone": "0377-60000001"},
    "signer_zh": "测试签发人",
    "copy_to_zh": ["县人民政府办公室", "县审计局"],
    "escalation_copy_to_zh": ["县人民政府督查室"],
}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("audit")
    settings = tmp / "settings.yaml"
    settings.write_text(yaml.safe_dump(SETTINGS, allow_unicode=True), "utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVSHARE_DATA_DIR", str(tmp / "data"))
        mp.setenv("GOVSHARE_NOTICE_SETTINGS", str(settings))
        issued, letter = issue_and_escalate(tmp / "out")
        yield {"issued": issued, "letter": letter, "tmp": tmp}


def _text(docx: str | Path) -> list[str]:
    d = Document(str(docx))
    return [p.text for p in d.paragraphs] + [p.text for t in d.tables for c in t._cells for p in c.paragraphs]


def _passage(art: int, quoted: str) -> bool:
    """``quoted`` (its inner quotes ‘ ’ as the statute's “ ”) is a contiguous passage of Art. ``art``."""
    text = load_statute().article(art).text_zh.replace("\n", "")
    return quoted.replace("‘", "“").replace("’", "”") in text


def test_every_quotation_is_the_statute(county: dict[str, Any]) -> None:
    """Each “…” after 《办法》第…条 in every notice and the 请示 is that article's text (an item's: the item's;
    an article's items quoted with their lead-in: the lead, 「……」, then the item)."""
    statute = load_statute()
    seen: set[int] = set()
    for d in [*county["issued"], county["letter"]]:
        text = "\n".join(_text(d.files[0]))
        quotes = list(QUOTED.finditer(text))
        assert quotes, d.number
        for m in quotes:
            art, q = NUMERAL[m["art"]], m["q"]
            seen.add(art)
            if m["item"]:  # 第六十七条第（n）项“…的”: the item, without its closing 、；。
                item = statute.article(art).item(NUMERAL[m["item"]])
                assert item.rstrip("；。，").replace("“", "‘").replace("”", "’") == q, (d.number, m[0])
            elif "……（" in q:  # the lead-in, then the item: 「…不得有下列行为：……（一）瞒报…；」
                lead, _, rest = q.partition("……（")
                numeral, _, item_text = rest.partition("）")
                a = statute.article(art)
                assert _passage(art, lead) and lead == a.lead_zh.replace("\n", "").replace("“", "‘").replace(
                    "”", "’"
                ), (
                    d.number,
                    m[0],
                )
                assert item_text == a.item(NUMERAL[numeral]).replace("“", "‘").replace("”", "’"), (
                    d.number,
                    m[0],
                )
            else:
                assert _passage(art, q), (d.number, m[0])
        # nothing else in “ ” but the opening's two words
        # (in the body; a name in 「」 may hold quotation marks of its own: 「不动产登记“一网通办”升级改造项目」,
        # as may the attachment's cells, which quote no law)
        paragraphs = [p.text for p in Document(d.files[0]).paragraphs]
        assert not [p for p in paragraphs if "\n" in p], d.number  # no line break inside a paragraph
        body = "\n".join(paragraphs)
        others = set(re.findall(r"“([^”]*)”", re.sub(r"「[^」]*」", "", QUOTED.sub("", body))))
        assert others <= NOT_QUOTES, (d.number, others - NOT_QUOTES)
    assert {67, 68, 69, 70, 62, 63} <= seen, seen


def test_the_legal_paragraphs_quote_arts_67_and_68_whole(county: dict[str, Any]) -> None:
    """Art. 68 whole; Art. 67's consequence sentence whole (who reports, who orders, who punishes), as the
    statute data say them — not a paraphrase that can drop 「因数据质量等问题产生的」 or say 「你单位已…」."""
    a67 = load_statute().article(67).text_zh.replace("\n", "")
    a68 = load_statute().article(68).text_zh.replace("\n", "")
    # the consequence clause, up to the colon that opens the article's list of cases
    consequence = re.search(r"未在规定的时限内完成整改的，[^：]*", a67)
    assert consequence is not None
    overdue = consequence[0]
    assert overdue.endswith("依法依规给予处分") and "数据主管部门应当及时将有关情况上报县级政府" in overdue
    for n in county["issued"]:
        text = "\n".join(_text(n.files[0]))
        assert f"《办法》第六十八条规定：“{a68}”" in text, n.number
        assert f"《办法》第六十七条规定，“{overdue}”。" in text, n.number
        assert "你单位已按照规定" not in text and "情形的的" not in text
    letter = "\n".join(_text(county["letter"].files[0]))
    assert f"《办法》第六十七条规定，“{overdue}”。" in letter


def test_every_item_of_a_prohibition_is_quoted_with_its_lead_in(county: dict[str, Any]) -> None:
    """An Art. 62 or 63 problem is quoted 「…不得有下列行为：……（n）…」 — never the item alone, which reads
    as a duty."""
    statute = load_statute()
    found = 0
    for n in county["issued"]:
        text = "\n".join(_text(n.files[0]))
        for f in n.findings:
            if f.article in (62, 63):
                a = statute.article(f.article)
                assert "不得有下列行为" in a.lead_zh
                lead = a.lead_zh.replace("\n", "")  # its paragraphs joined: no line break inside a quotation
                expected = f"《办法》{a.numeral_zh}规定：“{lead}……（{zh_numeral(f.item or 0)}）{a.item(f.item or 0)}”"
                assert expected in text, (n.number, f.rule_id)
                found += 1
    assert found >= 5, found


def test_the_last_day_is_said_with_the_day_included(county: dict[str, Any]) -> None:
    for n in county["issued"]:
        assert n.due_on == dt.date(2026, 3, 23) and n.working_days == 15
        text = "\n".join(_text(n.files[0]))
        assert "自本通知下发之日的次日起15个工作日内" in text, n.number
        assert "即于2026年3月23日前（含当日）完成整改" in text, n.number
    letter = "\n".join(_text(county["letter"].files[0]))
    assert "要求其于2026年3月23日前（含当日）完成整改" in letter


def test_an_art63_act_says_what_follows_beyond_rectification(county: dict[str, Any]) -> None:
    grave = 0
    for n in county["issued"]:
        text = "\n".join(_text(n.files[0]))
        items = [f"（{zh_numeral(i)}）" for i, f in enumerate(n.findings, 1) if f.article == 63]
        if items:
            grave += 1
            which = "、".join(items)
            assert f"对第{which}项问题的处理" in text, n.number
            assert f"第{which}项问题属于《办法》第六十三条禁止的行为，不因整改完成而免除责任" in text
            assert "涉嫌违法犯罪的，依法移送有关机关处理" in text and "不待整改期满" in text
        else:
            assert "第六十三条禁止的行为" not in text and "移送" not in text, n.number
    assert grave == 4, grave  # 市场监管局, 财政局, 湍东镇, 马山口镇 (公安局 is the victim of its attack)


def _banji(docx: str) -> str:
    return "".join(
        p.text for p in Document(docx).paragraphs if p.style is not None and p.style.name == "版记"
    )


def test_the_banji_copies_whom_the_settings_say(county: dict[str, Any]) -> None:
    for n in county["issued"]:
        assert _banji(n.files[0]).startswith("抄送：县人民政府办公室，县审计局。"), n.number
        assert "抄送：县人民政府办公室，县审计局。" in _pdf_text(n.files[1])
    letter = county["letter"]
    assert _banji(letter.files[0]).startswith("抄送：县人民政府督查室。")
    assert "抄送：县人民政府督查室。" in _pdf_text(letter.files[1])


def _pdf_text(path: str) -> str:
    """The PDF's text, without spaces."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "".join(c["text"] for p in pdf.pages for c in p.chars if c["size"] < 60).replace(" ", "")


def test_the_docx_says_who_made_it(county: dict[str, Any]) -> None:
    for d in [*county["issued"], county["letter"]]:
        docx = Document(d.files[0])
        cp = docx.core_properties
        assert (cp.author, cp.last_modified_by, cp.language) == ("内乡县政务服务和大数据管理局",) * 2 + (
            "zh-CN",
        )
        assert cp.subject == d.number and cp.revision == 1 and cp.last_printed is None
        made = d.created_at.replace(tzinfo=dt.UTC) if d.created_at.tzinfo is None else d.created_at
        assert abs((cp.created.replace(tzinfo=dt.UTC) - made).total_seconds()) < 2, (cp.created, made)
        assert cp.keywords == ("整改通知书" if d.kind == "notice" else "请示")
        with zipfile.ZipFile(d.files[0]) as z:
            app = z.read("docProps/app.xml").decode("utf-8")
            names = z.namelist()
        assert (
            "<Application>govshare</Application>" in app and "Microsoft" not in app and "<Pages>" not in app
        )
        assert "<Company>内乡县政务服务和大数据管理局</Company>" in app
        assert not [n for n in names if "thumbnail" in n], names
        # zh-CN for East Asian text, in the defaults and the theme
        styles = docx.styles.element
        lang = styles.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
        assert lang.get(qn("w:eastAsia")) == "zh-CN"
        # every paragraph in a named style of its own (none left as Normal)
        paragraphs = list(docx.paragraphs) + [p for t in docx.tables for c in t._cells for p in c.paragraphs]
        used = {p.style.name for p in paragraphs}
        assert "Normal" not in used and all(re.search(r"[\u4e00-\u9fff]", s) for s in used), used


def test_a_drafts_docx_is_watermarked_on_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--draft: the DOCX, like the PDF, carries 草稿 in the header of every section, odd and even pages."""
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_NOTICE_SETTINGS")  # the shipped example settings: only a draft is possible
    _load_small(tmp_path)
    res = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "o", draft=True)
    (n,) = res.issued
    docx = Document(n.files[0])
    for sec in docx.sections:
        for header in (sec.header, sec.even_page_header):
            xml = header._element.xml
            assert 'string="草稿"' in xml and "govshare-draft" in xml
    assert docx.core_properties.comments.endswith("（草稿）")
    assert N.list_notices(2025) == []


def _load_small(tmp: Path) -> None:
    folder = tmp / "in"
    folder.mkdir()
    for i, doc in enumerate([S.platform(), S.art67_department()]):
        (folder / f"{i}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, explicit_end=True), "utf-8")
    api.import_paths([folder])
    api.evaluate_stored(2025)


def test_a_transition_is_never_dated_before_the_notice_and_keeps_its_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    _load_small(tmp_path)
    n = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "o").issued[0]
    with pytest.raises(N.NoticeError, match="早于内数据〔2025〕1号的下发日期（2025年9月30日）") as e:
        N.transition(n.number, "reported", actor="王科长", reason="收到整改报告", on=dt.date(2025, 9, 29))
    assert e.value.refused and N.get(n.number)[0].state == N.ISSUED
    N.transition(n.number, "reported", actor="王科长", reason="收到整改报告", on=dt.date(2025, 10, 9))
    _, events = N.get(n.number)
    # the history's time is when it was entered; the date the authority gave is kept in the reason
    assert events[-1].reason == "收到整改报告（办理日期：2025年10月9日）"
    assert events[-1].at.date() > dt.date(2025, 10, 9)
    today = N.beijing_today()

    def waive(on: dt.date) -> waivers.WaiverRow:
        return waivers.add_waiver(
            **dict(rule_id="A37.1", department=S.DEPT, period=2025, subject="R-1"),
            ground="尽职", grantor="李主任", granted_on=on, evidence="会议纪要",
        )  # fmt: skip

    with pytest.raises(N.NoticeError, match="不能预填未来的日期") as e:
        waive(today + dt.timedelta(days=1))
    assert e.value.refused and waivers.list_waivers(2025) == []
    assert waive(today).granted_on == today


def _signature(pdf: Path, issuer: str) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """(the line above the blank lines, the signature, the date) of a document's PDF, each line as
    test_notice_layout._lines gives it (top, bottom, x0, x1, size, text; mm)."""
    import pdfplumber

    from tests.test_notice_layout import _lines

    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            lines = _lines(page)
            for k, ln in enumerate(lines):
                if ln[5] == issuer:
                    return lines[k - 1], ln, lines[k + 1]
    raise AssertionError(f"no signature in {pdf}")


def test_the_signature_is_centred_over_the_date_in_both(county: dict[str, Any]) -> None:
    """GB/T 9704-2012 7.3.5.1 (加盖印章): the date 4 characters from the right edge, the issuer's name centred
    over it, two blank lines above it for the seal; the DOCX (as LibreOffice lays it out) as the PDF. The PDF
    put the name 44 mm left of the date's centre (right-aligned, then moved further left)."""
    from tests.test_notice_layout import LINE_MM, MM, TYPE_RIGHT, _lo_pdf

    issuer = "内乡县政务服务和大数据管理局"
    for d in [*county["issued"], county["letter"]]:
        above, sig, date = _signature(Path(d.files[1]), issuer)
        assert date[5] == "2026年3月2日" if d.kind == "notice" else date[5].startswith("2026年")
        assert abs(TYPE_RIGHT - date[3] - 4 * 16 / MM) < 0.3, (d.number, date)
        assert abs((sig[2] + sig[3]) / 2 - (date[2] + date[3]) / 2) < 0.5, (d.number, sig, date)
        assert sig[3] <= TYPE_RIGHT + 0.2 and abs(date[0] - sig[0] - LINE_MM) < 0.3, (d.number, sig)
        assert abs(sig[0] - above[0] - 3 * LINE_MM) < 0.3, (d.number, above, sig)  # two blank lines
        assert above[5] == ("附件：问题及有关情况清单" if d.kind == "notice" else "妥否，请批示。"), above
    for d in (county["issued"][0], county["letter"]):
        lo = _lo_pdf(county["tmp"], Path(d.files[0]))
        pdf_lines, lo_lines = _signature(Path(d.files[1]), issuer), _signature(lo, issuer)
        (_, sig, date), (_, lo_sig, lo_date) = pdf_lines, lo_lines
        # the name's both edges and the date's right edge within 1 mm (LibreOffice here sets the date's digits
        # in another face, wider: its left edge is not compared)
        assert abs(sig[2] - lo_sig[2]) < 1.0 and abs(sig[3] - lo_sig[3]) < 1.0, (d.number, sig, lo_sig)
        assert abs(date[3] - lo_date[3]) < 1.0, (d.number, date, lo_date)


def test_an_empty_issuer_or_printer_refuses_the_issue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 3: not only the settings marked 示例 — an issuer, 印发机关 or 机关代字 left empty in the authority's
    file would send a document out without them: refused (a draft may still be made)."""
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    own = {
        **SETTINGS,
        "issuer_zh": "",
        "printer_zh": "  ",
        "contact": {**SETTINGS["contact"], "office_zh": None},
    }
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(own, allow_unicode=True), "utf-8")
    monkeypatch.setenv("GOVSHARE_NOTICE_SETTINGS", str(tmp_path / "s.yaml"))
    _load_small(tmp_path)
    with pytest.raises(N.NoticeError) as e:
        N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "o")
    assert (
        e.value.refused
        and "不能正式下发：issuer_zh（空）、printer_zh（空）、contact.office_zh（空）。" in str(e.value)
    )
    assert N.list_notices(2025) == [] and not (tmp_path / "o").exists()
    assert N.placeholders(N.settings() | {"issuer_zh": "县数据局", "printer_zh": "县数据局办公室"}) == [
        "contact.office_zh（空）"
    ]


#: the only Latin letters a document may hold: a data resource's or item's code, said as a code because no
#: register names it (words.py says why beside it)
CODE = re.compile(r"\d{6}-[A-Z]{2}-\d{3}|DE\d{4}")


def test_no_latin_letters_but_codes(county: dict[str, Any]) -> None:
    """Item 8, stricter than test_notice_layout's ASCII_KEY (whose \\b does not fire between a Chinese
    character and a Latin letter: 「逾期working_days_late」 passed it): no Latin letter at all in a notice or the
    请示, body or attachment, DOCX or PDF, but inside a code."""
    for d in [*county["issued"], county["letter"]]:
        for where, text in (("docx", "\n".join(_text(d.files[0]))), ("pdf", _pdf_text(d.files[1]))):
            left = re.findall(r"[A-Za-z]+", CODE.sub("", text))
            assert left == [], (d.number, where, left)


def test_the_request_is_a_qingshi_with_its_signer(county: dict[str, Any]) -> None:
    """Item 4, the 文种: the letter asks the county government to act (纳入督查督办并责令其改正), so it is a 请示
    (a 报告 may not carry a request: 《党政机关公文处理工作条例》第十五条) — one matter, one addressee, ending
    「妥否，请批示。」, the contact in its 附注; an upward document names its 签发人 on the 发文字号's line (GB/T
    9704-2012 7.2.4), from the settings. A notice (downward) names none."""
    letter = county["letter"]
    body = [p.text for p in Document(letter.files[0]).paragraphs]
    assert (
        body[body.index("内乡县人民政府：") - 2] == "关于提请督促内乡县民政局整改政务数据共享管理问题的请示"
    )
    first = next(p for p in body if p.startswith("内数据〔"))
    assert first == f"{letter.number}\t签发人：测试签发人", first
    assert "妥否，请批示。" in body and "（联系人：测试联系人；联系电话：0377-60000001）" in body
    assert not [p for p in body if "报告" in p and "请示" not in p and "整改报告" not in p], body
    pdf = _pdf_text(letter.files[1])
    assert f"{letter.number}签发人：测试签发人" in pdf
    for n in county["issued"]:
        assert "签发人" not in "".join(_text(n.files[0])), n.number
