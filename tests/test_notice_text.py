"""Notice words: the statute quoted exactly, only what the department must rectify, no machine internals;
issuing refuses example settings (unless --draft) and future dates. Fixture county: tests/test_notice_layout.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.consumers import notices as N
from evaluator.consumers.notices import words as W
from evaluator.consumers.waivers import WAIVER_GROUNDS
from evaluator.engine import build_bundle, rule_catalog
from evaluator.evaluate import api
from evaluator.facts.statute import load_statute
from evaluator.model.results import Finding
from tests.support import snapshots as S
from tests.support.findings import finding

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))


def _load(tmp: Path, **extra: Any) -> None:
    d = S.department(
        catalog=[
            {
                "id": "R-1",
                "code": "R-0002-1",
                "name": "低保对象信息",
                "share_attribute": "有条件共享",
                "share_bases": [{"rank": "部门文件", "title": "县测试局关于数据管理的通知"}],
            }
        ],
        **extra,
    )
    folder = tmp / "in"
    folder.mkdir()
    for i, doc in enumerate([S.platform(), d]):
        (folder / f"{i}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, explicit_end=True), "utf-8")
    api.import_paths([folder])
    api.evaluate_stored(2025)


def test_every_quote_is_the_statute_verbatim() -> None:
    quotes = W.notices_data("templates")["quotes"]
    assert set(quotes) == {"notify", "overdue", "exemption", "other_liability", "penalty"}
    for key in quotes:
        art, text = W.quote(key)
        assert W.inner_quotes(text) == text and text.replace("’", "”").replace("‘", "“") in W.article_text(
            art
        )
    # Art. 68 whole, with what the old paraphrase dropped
    _, a68 = W.quote("exemption")
    assert a68 == load_statute().article(68).text_zh
    assert "因数据质量等问题产生的" in a68 and "法律法规另有规定的除外" in a68
    _, overdue = W.quote("overdue")
    assert overdue.startswith("未在规定的时限内完成整改的，数据主管部门应当及时将有关情况上报县级政府")


def test_a_drifted_quote_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = W.notices_data

    def drifted(name: str) -> dict[str, Any]:
        data = dict(real(name))
        if name == "templates":
            data["quotes"] = {
                "exemption": {"article": 68, "text": "你单位已按照规定开展政务数据活动的，不承担相应责任"}
            }
        return data

    monkeypatch.setattr(W, "notices_data", drifted)
    with pytest.raises(W.WordsError, match="原文不符"):
        W.quote("exemption")


def test_every_rule_with_a_ground_has_a_requirement_and_every_template_field_is_known() -> None:
    catalog = rule_catalog(build_bundle())
    with_ground = {rid for rid, meta in catalog.items() if meta.get("rectification_ground") is not None}
    assert len(with_ground) >= 40
    requirements = W.notices_data("requirements")
    assert with_ground <= set(requirements), sorted(with_ground - set(requirements))
    assert all("做到" not in str(v) for v in requirements.values())


def _f(**given: Any) -> Finding:
    return Finding.model_validate(finding(**given))


def _values(values: dict[str, Any], subject: str = "R-1", pointer: str = "/x/0") -> list[dict[str, Any]]:
    return [{"snapshot": "", "pointer": pointer, "record_id": subject, "values": values}]


def test_actionable_drops_hints_restatements_and_victims() -> None:
    base: dict[str, Any] = {"article": 22, "department": "D", "rectification_ground": 1}
    late = _f(**base, rule_id="A22.1", subject="c1", evidence=_values({}, "c1", "/catalog_changes/0"))
    hint = _f(**base, rule_id="A24", subject="c2", severity="warning")
    victim = _f(
        **{**base, "article": 63},
        rule_id="A63.1",
        item=1,
        subject="e1",
        severity="critical",
        evidence=_values({"actor_external": True}, "e1"),
    )
    restates = _f(
        **{**base, "article": 62},
        rule_id="A62.8",
        item=8,
        subject="D",
        citation_zh="第六十二条第（八）项",
        evidence=_values({"grounds": [{"rule_id": "A22.1", "subject": "c1", "key": late.key}]}, "D", ""),
    )
    waived = _f(**base, rule_id="A22.1", subject="c3", waived=True)
    no_ground = _f(**{**base, "rectification_ground": None}, rule_id="A22.1", subject="c4")
    every = [late, hint, victim, restates, waived, no_ground]
    assert W.actionable(every) == [late]
    assert W.also_prohibited(late, every) == [restates]


def test_the_restatement_is_said_under_the_finding_it_names_by_key() -> None:
    """A62.8 names the lateness it qualifies by its key. Matched by (rule, record) as before, an A45
    refusal both late and without reasons (two findings on one record) said 「同时属于第六十二条第（八）项
    所禁止的」 under the missing reasons too, which is no lateness."""
    corr = _values({"working_days_late": 2}, "oc1", "/open_catalog_corrections/0")
    late = _f(rule_id="A45", article=45, department="D", rectification_ground=1, subject="oc1", evidence=corr)
    reasons = _f(
        rule_id="A45",
        article=45,
        department="D",
        rectification_ground=1,
        subject="oc1",
        evidence=_values({"reasons_given": False}, "oc1", "/open_catalog_corrections/0"),
    )
    assert late.key != reasons.key and reasons.key.endswith("#reasons")
    ground = {"rule_id": "A45", "subject": "oc1", "pointer": "/open_catalog_corrections/0", "key": late.key}
    restates = _f(
        rule_id="A62.8", department="D", subject="D", evidence=_values({"grounds": [ground]}, "D", "")
    )
    every = [late, reasons, restates]
    assert W.also_prohibited(late, every) == [restates]
    assert W.also_prohibited(reasons, every) == []


def test_a_stored_restatement_without_keys_reads_with_them() -> None:
    """A62.8 stored before its grounds carried keys (a run or notice of an earlier release): each ground
    reads with the key the result builder gives that finding now, so a notice issued from such a run still
    says the qualification under the lateness."""
    late = _f(rule_id="A22.1", department="D", subject="c1", evidence=_values({}, "c1", "/catalog_changes/3"))
    legacy = {"rule_id": "A22.1", "subject": "c1", "pointer": "/catalog_changes/3", "open": False}
    restates = _f(
        rule_id="A62.8", department="D", subject="D", evidence=_values({"grounds": [legacy]}, "D", "")
    )
    assert restates.evidence[0].values["grounds"] == [{**legacy, "key": "A22.1|D|2025|c1|/catalog_changes/*"}]
    assert late.key == "A22.1|D|2025|c1|/catalog_changes/*"
    assert W.also_prohibited(late, [late, restates]) == [restates]


def test_plain_words() -> None:
    names = {"11411325005200101T": "内乡县公安局"}
    assert (
        W.plain("向 11411325005200101T 申请资源，期满日 2025-10-14", names)
        == "向内乡县公安局申请资源，期满日2025年10月14日"
    )


def test_example_settings_refuse_issue_unless_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(tmp_path)
    monkeypatch.delenv("GOVSHARE_NOTICE_SETTINGS")
    r = runner.invoke(
        app, ["notices", "issue", "--period", "2025", "--date", "2025-09-30", "--out", str(tmp_path / "o")]
    )
    assert r.exit_code == 2 and "示例值" in r.output and "contact.person_zh（张华）" in r.output
    assert N.list_notices(2025) == []
    r = runner.invoke(
        app,
        [
            "notices",
            "issue",
            "--period",
            "2025",
            "--date",
            "2025-09-30",
            "--out",
            str(tmp_path / "o"),
            "--draft",
        ],
    )
    assert r.exit_code == 0, r.output
    assert N.list_notices(2025) == []  # a draft takes no number and stores nothing
    pdfs = sorted((tmp_path / "o").glob("*.pdf"))
    assert pdfs and all(p.name.startswith("草稿_") for p in pdfs)
    import pdfplumber

    with pdfplumber.open(pdfs[0]) as pdf:
        for page in pdf.pages:  # the watermark on every page
            big = "".join(c["text"] for c in page.chars if c["size"] > 100)
            assert big == "草稿"
        assert "内数据〔2025〕 号" in pdf.pages[0].extract_text()  # no number: the blank is kept


def test_future_dates_are_refused(tmp_path: Path) -> None:
    _load(tmp_path)
    tomorrow = N.beijing_today() + dt.timedelta(days=1)
    with pytest.raises(N.NoticeError, match="不能预填未来的日期") as e:
        N.issue(2025, S.DEPT, issued_on=tomorrow, out_dir=tmp_path / "o")
    assert e.value.refused and N.list_notices(2025) == []
    n = N.issue(2025, S.DEPT, issued_on=dt.date(2025, 9, 30), out_dir=tmp_path / "o").issued[0]
    with pytest.raises(N.NoticeError, match="不能预填未来的日期"):
        N.transition(n.number, "overdue", actor="王科长", reason="期满", on=tomorrow)
    r = runner.invoke(
        app,
        ["notices", "transition", n.number, "--to", "overdue", "--by", "王科长", "--reason", "期满",
         "--date", tomorrow.isoformat()],
    )  # fmt: skip
    assert r.exit_code == 2 and "不能预填未来的日期" in r.output
    assert N.get(n.number)[0].state == N.ISSUED


def test_lifecycle_and_grounds_are_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from evaluator.consumers.notices import policy as L

    life = L.load_lifecycle()
    assert life.transitions == N.TRANSITIONS and life.transitions["逾期"] == ("已反馈", "已报请督促")
    assert WAIVER_GROUNDS["force-majeure"] == "不可抗力" and set(WAIVER_GROUNDS.values()) == {
        "尽职",
        "不可抗力",
    }
    real = W.notices_data

    def drifted(name: str) -> dict[str, Any]:
        data = dict(real(name))
        if name == "lifecycle":
            data["exemption"] = {"article": 68, "grounds": {"尽职": {"quote": "已尽到合理注意义务"}}}
        return data

    monkeypatch.setattr(L, "notices_data", drifted)
    with pytest.raises(W.WordsError, match="所引原文不在第68条中"):
        L.load_lifecycle()


def test_a_record_without_a_name_is_said_by_what_it_is() -> None:
    """The attachment's 涉及的资源或系统 column: a record is named, or said by when and what it is, never by
    its record id nor by its bare kind when the snapshot says more."""
    names = {"11411325005200101T": "内乡县公安局"}
    snap = {
        "catalog": [{"id": "R-1", "code": "411325-JT-001", "name": "道路运输经营许可信息"}],
        "incidents": [{"id": "ga-inc-1", "date": "2025-08-12", "description": "…"}],
        "share_requests": [
            {"id": "q-1", "requested": "2025-03-11", "provider": "11411325005200101T", "scenario": "高龄津贴申领身份核验"},
            {"id": "q-2", "requested": "2025-03-11", "provider": "11411325005200101T", "scenario": None},
        ],
        "releases": [{"id": "rel-1", "date": "2025-09-03", "recipient": "某公司", "kind": "共享", "resource_code": "411325-JT-001"}],
        "catalog_changes": [{"id": "chg-1", "trigger": "行政管理职能变更"}],
    }  # fmt: skip

    def where(pointer: str, named: dict[str, str] | None = None) -> str:
        ev = {"snapshot": "s", "pointer": pointer, "record_id": "", "values": {}, "named": named or {}}
        return W.where_words(_f(evidence=[ev]), {"s": snap}, names)

    assert where("/incidents/0") == "2025年8月12日发生的网络安全事件"
    assert (
        where("/share_requests/0/duty_id")
        == "2025年3月11日向内乡县公安局提出的共享申请（场景「高龄津贴申领身份核验」）"
    )
    assert where("/share_requests/1") == "共享申请"  # a field the words need is empty: the kind, not a guess
    # the resource in the words the rule gave it (Evidence.named, lib.words), never composed here
    named = {"411325-JT-001": "数据资源「道路运输经营许可信息」"}
    assert where("/releases/0", named) == "2025年9月3日向「某公司」共享的数据资源「道路运输经营许可信息」"
    with pytest.raises(W.WordsError, match="未给出编码 411325-JT-001 的名称"):
        where("/releases/0")  # evidence that does not name it: an error, never the bare code
    assert where("/catalog_changes/0") == "目录更新申请「行政管理职能变更」"
    assert where("") == "本单位"


def test_the_request_lists_no_completed_delay_and_dates_the_data_it_read(tmp_path: Path) -> None:
    """A one-off delay done before the notice (不需补办) is found again by every run: the 请示 does not call
    it 仍未整改, and says whose data of which date the re-evaluation read (here not updated since)."""
    _load(
        tmp_path,
        catalog_changes=[
            {
                "id": "CH-1",
                "trigger": "行政管理职能变更",
                "trigger_date": "2025-09-01",
                "applied": "2025-09-15",
            }
        ],
    )
    n = N.issue(2025, S.DEPT, issued_on=dt.date(2026, 1, 5), out_dir=tmp_path / "o").issued[0]
    assert {f.rule_id for f in n.findings} >= {"A22.1", "A37.1"}
    assert n.due_on is not None
    N.transition(n.number, "overdue", actor="王科长", reason="期满", on=n.due_on + dt.timedelta(days=1))
    __import__("time").sleep(1.05)  # the re-evaluation must finish in a later second (runs sort by second)
    api.evaluate_stored(2025)
    _, letter = N.transition(
        n.number, "escalated", actor="王科长", reason="期满仍未整改", out_dir=tmp_path / "o"
    )
    assert letter is not None
    assert "A22.1" not in {f.rule_id for f in letter.findings} and letter.findings
    from docx import Document

    text = "\n".join(p.text for p in Document(letter.files[0]).paragraphs)
    done = sum(1 for f in n.findings if W.completed(f))
    assert done == 1
    assert "依据该单位截至2025年12月31日报送的数据重新评价（该单位在通知下发后未更新报送数据）" in text
    assert (
        f"通知所列{len(n.findings)}项问题中仍有{len(letter.findings)}项未整改"
        "（另有1项为通知下发前已办结的逾期事项，通知已载明不需补办，不再列入）。"
    ) in text
    assert "申请更新政务数据目录" not in text.split("一、仍未整改的问题")[1]


ITEM_OR_RESOURCE_CODE = re.compile(r"DE\d{4}|\d{6}-[A-Z]{2}-\d{3}")
#: how a code known nowhere is said (lib.words): the code, and why no name is given
UNKNOWN_CODE = re.compile(
    r"编码为(DE\d{4})的信息项（本部门目录和市共享平台登记中均无此编码）"
    r"|资源代码为(\d{6}-[A-Z]{2}-\d{3})的数据资源（(?:本部门目录和)?市共享平台登记(?:中均?无此代码|未载其名称)）"
)


def test_the_attachment_says_data_items_and_resources_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fixture-county notice's attachment (附件) names the data items and resources its rows mention:
    no item code (DE0004) nor resource code (411325-ZR-001) where the department's catalog or the city
    platform's register names it; a code known nowhere is said with the words saying so."""
    from evaluator.consumers.notices import numbering
    from evaluator.consumers.notices import render as R

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("GOVSHARE_NOTICE_SETTINGS", str(root / "tests" / "support" / "notice_settings.yaml"))
    models: list[dict[str, Any]] = []

    def render_pdf(d: dict[str, Any], path: Path) -> Any:
        models.append(d)
        return R.render_pdf(d, path)

    monkeypatch.setattr(numbering, "render_pdf", render_pdf)
    api.import_paths([root / "fixtures" / "county"])
    api.evaluate_stored(2025)
    N.issue(2025, issued_on=dt.date(2026, 3, 2), out_dir=tmp_path / "out")
    platform = yaml.safe_load((root / "fixtures" / "county" / "00-platform.yaml").read_text("utf-8"))
    registered = {it["item_code"] for it in platform["shared_items"]}
    rows = {(m["addressee"], r[0]): r for m in models for r in m["attachment"]["rows"]}
    assert len(models) > 5 and rows
    for (who, n), row in rows.items():
        text = "".join(row[2:])
        for m in UNKNOWN_CODE.finditer(text):
            assert m[1] not in registered, (who, n, m[0])
        left = ITEM_OR_RESOURCE_CODE.findall(UNKNOWN_CODE.sub("", text))
        assert left == [], (who, n, text)
    said = {who: "\n".join("".join(r[2:]) for (w, _), r in rows.items() if w == who) for who, _ in rows}
    assert "超出场景所需的信息项：「婚姻状况」" in said["内乡县城关镇人民政府"]
    # a share request's resource from its provider's side, as the message says it: the provider named once
    assert "数据提供单位：内乡县自然资源局；数据资源：「不动产登记信息」；" in said["内乡县住房和城乡建设局"]
    assert (
        "应用场景：协助招商引资企业名录推介；数据资源：「市场主体登记信息」"
        in said["南阳市生态环境局内乡分局"]
    )
    # a quality report by data category is of no resource (A27, 内乡县应急管理局): its row says the category,
    # and no 「数据资源：无」 — a cell for what the finding is not about
    assert not [r for r in rows.values() if "数据资源：无" in "".join(r[2:])]
    a27 = [r for (w, _), r in rows.items() if w == "内乡县应急管理局" and "第二十七条" in r[1]]
    assert len(a27) == 1 and "数据类别：其他数据" in a27[0][3] and "数据资源" not in a27[0][3], a27


def _said_codes(f: Finding, snapshots: dict[str, Any]) -> set[str]:
    """The item and resource codes a finding's attachment row may say: its evidence values of an item or
    resource kind (evidence.yaml) and the resource of the record it points at, when the record's words
    say it (evidence.yaml records: {resource})."""
    fields = W.notices_data("evidence")["fields"]
    codes: set[str] = set()
    for key, v in f.evidence[0].values.items():
        if fields[key]["kind"] in ("item", "items", "resource", "resources") and v:
            codes |= {str(x) for x in (v if isinstance(v, list) else [v])}
    if _templated(f, snapshots):
        codes.add(str(_templated(f, snapshots)))
    return codes


def _templated(f: Finding, snapshots: dict[str, Any]) -> str | None:
    """The resource code of the record a finding points at, when the record is said by words naming it."""
    _, node, spec = W._pointed(f, snapshots)
    if not isinstance(node, dict) or spec is None or "{resource}" not in str(spec.get("words") or ""):
        return None
    return None if node.get(spec["name"] or "\0") else node.get("resource_code")


def test_every_attachment_name_is_the_rules_words_from_the_evidence() -> None:
    """One place says an item's or a resource's name: the rule (lib.words, into Evidence.named). For every
    finding of the fixture county a notice lists: the evidence names every code its row may say; and with
    each of those words replaced by a marker the row says the markers — so the 附件 takes every name from
    the evidence and composes none (before decision 0033 Python composed them again, and the markers did
    not show). Restoring the words gives the row as it is."""
    from evaluator.consumers.notices import lifecycle

    root = Path(__file__).resolve().parent.parent
    api.import_paths([root / "fixtures" / "county"])
    report = api.evaluate_stored(2025)
    facts = lifecycle._facts(2025, None)
    listed = W.actionable(report.findings)

    def marker(code: str, words: str) -> str:  # keeps the label a value cell leaves out (数据资源：「…」)
        return ("数据资源" if words.startswith("数据资源") else "") + f"〔{code}〕"

    def cells(f: Finding) -> list[str]:
        return [
            W.where_words(f, facts.snapshots, facts.names),
            W.evidence_words(f, facts.names, facts.snapshots),
        ]

    shown = 0
    for f in listed:
        ev = f.evidence[0]
        assert _said_codes(f, facts.snapshots) <= ev.named.keys(), (f.rule_id, f.subject, ev.named)
        markers = {c: marker(c, w) for c, w in ev.named.items()}
        row = cells(f)
        said = cells(f.model_copy(update={"evidence": [ev.model_copy(update={"named": markers})]}))
        back = said
        for c, w in ev.named.items():
            back = [x.replace(marker(c, w), w).replace(f"〔{c}〕", w.removeprefix("数据资源")) for x in back]
        assert back == row, (f.rule_id, f.subject)
        for c, w in ev.named.items():
            if w.removeprefix("数据资源") in row[1]:  # said in the evidence cell: the rule's words
                assert f"〔{c}〕" in said[1], (f.rule_id, f.subject, c, said)
                shown += 1
            if _templated(f, facts.snapshots) == c:  # the record said with the rule's words
                assert f"〔{c}〕" in said[0], (f.rule_id, f.subject, c, said)
                shown += 1
    # the fixture's rows saying an item or resource in the rule's words (A13.2's and A62.3's rows name theirs
    # by the record itself, so they say none)
    assert len(listed) > 50 and shown == 12, (len(listed), shown)


def test_the_notice_words_compose_no_item_or_resource_name() -> None:
    """The name sentences of items and resources are Rego's (lib.words): no module of the notices says them."""
    phrasing = ("的数据资源", "的信息项", "均无此", "登记未载其名称")
    folder = Path(N.__file__).parent
    for path in sorted(folder.glob("*.py")):
        text = path.read_text("utf-8")
        assert not [p for p in phrasing if p in text], path.name


def test_the_attachment_says_a_findings_facts_in_reading_order() -> None:
    """有关情况 says a late answer's facts as the case ran (cause, its date, the limit, the last day, when it was
    done, by how much it was late, then as of when), in evidence.yaml's order — never in the alphabetical order
    of the rules' English field names (「实际办结日期…；期满日…；起算事由发生日期…」, as before)."""
    values = {
        "actual_date": "2025-10-15",
        "as_of": "2026-02-27",
        "due_date": "2025-10-14",
        "event_date": "2025-09-22",
        "extension_applied": False,
        "limit_working_days": 15,
        "open": False,
        "trigger": "收到共享申请",
        "working_days_late": 1,
    }
    f = Finding.model_validate(
        finding(evidence=[{"snapshot": "", "pointer": "", "record_id": "", "values": values}])
    )
    assert W.evidence_words(f, {}, {}) == (
        "起算事由：收到共享申请；起算事由发生日期：2025年9月22日；规定时限：15个工作日；是否计入延期：否；"
        "期满日：2025年10月14日；实际办结日期：2025年10月15日；超出时限：1个工作日；"
        "数据截至日期：2026年2月27日；数据截至日期时是否仍未办结：否"
    )
