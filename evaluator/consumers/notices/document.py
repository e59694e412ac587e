"""The document model of a rectification notice and of the escalation 请示, from policies/notices/ data.

The wording is ``policies/notices/templates.yaml`` (and requirements.yaml, evidence.yaml); the legal
paragraphs quote the Measures through :func:`evaluator.consumers.notices.words.quote`, which checks each
passage against the statute data. This module fills the templates with facts: it holds no sentence of
its own. The model is the plain dict that :mod:`evaluator.consumers.notices.render` lays out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from evaluator.consumers.notices.words import (
    WordsError,
    also_prohibited,
    article_text,
    completed,
    date_zh,
    evidence_words,
    inner_quotes,
    notices_data,
    plain,
    quote,
    where_words,
)
from evaluator.facts.statute import cite_zh, load_statute, zh_numeral
from evaluator.model.results import Finding


@dataclass
class Facts:
    """What a document says besides the findings: names, the data's as-of date, the snapshots."""

    names: dict[str, str]  # department code → name
    as_of: dt.date
    snapshots: dict[str, Any] = field(default_factory=dict)  # snapshot ref → parsed content
    draft: bool = False


def _t(doc: str) -> dict[str, Any]:
    return dict(notices_data("templates")[doc])


def _law() -> str:
    return load_statute().title


def _end(text: str) -> str:
    """A statute item quoted inside a sentence ends without its own 、；。."""
    return text.rstrip("；。，")


def _basis(f: Finding, t: dict[str, Any]) -> str:
    """The article the finding breaches, quoted with its lead-in when it is an item of a list."""
    assert f.rectification_ground is not None  # an actionable finding (words.actionable)
    ground = f.rectification_ground
    a67 = load_statute().article(67)
    common = {
        "ground_citation": cite_zh(67, ground),
        "ground_text": inner_quotes(_end(a67.item(ground))),
    }
    art = load_statute().article(f.article)
    if f.item is not None:
        return str(t["basis_item"]).format(
            article=art.numeral_zh,
            lead=inner_quotes(art.lead_zh.replace("\n", "")),  # one paragraph, as article_text joins them
            item_numeral=zh_numeral(f.item),
            item_text=inner_quotes(art.item(f.item)),
            **common,
        )
    return str(t["basis"]).format(
        citation=f.citation_zh, article_text=inner_quotes(article_text(f.article)), **common
    )


def requirement(f: Finding) -> str:
    """What the department must do to rectify ``f`` (``requirements.yaml``): the notice's 整改要求 and the
    dashboard's."""
    req = notices_data("requirements").get(f.rule_id)
    if not req:
        raise WordsError(
            f"规则 {f.rule_id} 在 policies/notices/requirements.yaml 中没有整改要求，通知书不下发 / "
            f"no rectification requirement for {f.rule_id}"
        )
    return str(req)


def attachment_cells(f: Finding, facts: Facts) -> tuple[str, str]:
    """A finding's two cells of the 附件 table, in words: (涉及的资源或系统, 证据). The dashboard's department
    page says the evidence with this too (evaluator.consumers.notices.attachment): one phrasing."""
    return (
        where_words(f, facts.snapshots, facts.names),
        evidence_words(f, facts.names, facts.snapshots),
    )


def _completed(f: Finding, t: dict[str, Any]) -> str:
    """A one-off delay already completed says so: nothing to redo, only to do on time henceforth."""
    if completed(f):
        v = f.evidence[0].values
        return str(t["done_note"]).format(actual_date=date_zh(dt.date.fromisoformat(v["actual_date"])))
    return ""


def _fact(f: Finding, facts: Facts) -> str:
    return plain(f.message_zh, facts.names).rstrip("。；")


def notice_blocks(
    fs: list[Finding], all_findings: list[Finding], row: Any, cfg: dict[str, Any], facts: Facts
) -> tuple[list[dict[str, str]], list[list[str]]]:
    """The body of a notice (blocks) and its attachment table (rows)."""
    t = _t("notice")
    art67, q_notify = quote("notify")
    _, q_overdue = quote("overdue")
    art68, q_exemption = quote("exemption")
    blocks: list[dict[str, str]] = [
        {
            "t": "p",
            "text": t["opening"].format(
                law=_law(),
                period=row.period,
                as_of=date_zh(facts.as_of),
                art67=cite_zh(art67),
                q_notify=q_notify,
            ),
        },
        {"t": "h1", "text": t["h_problems"]},
    ]
    rows: list[list[str]] = []
    grave: list[str] = []
    for i, f in enumerate(fs, 1):
        n = zh_numeral(i)
        blocks.append(
            {"t": "p", "text": t["problem"].format(n=n, fact=_fact(f, facts), done=_completed(f, t))}
        )
        basis = _basis(f, t)
        for g in also_prohibited(f, all_findings):
            assert g.item is not None  # A62.8: an item of Art. 62
            item = load_statute().article(g.article).item(g.item)
            basis += t["also_prohibited"].format(citation=g.citation_zh, item_text=inner_quotes(_end(item)))
        blocks.append({"t": "p", "text": basis})
        if f.article == 63:
            grave.append(f"（{n}）")
        rows.append([str(i), f"正文第（{n}）项，《办法》{f.citation_zh}", *attachment_cells(f, facts)])
    blocks.append({"t": "h1", "text": t["h_requirements"]})
    for i, f in enumerate(fs, 1):
        blocks.append({"t": "p", "text": t["requirement"].format(n=zh_numeral(i), text=requirement(f))})
    blocks.append({"t": "p", "text": t["requirements_close"]})
    assert row.due_on is not None
    contact = cfg["contact"]
    blocks += [
        {"t": "h1", "text": t["h_time_limit"]},
        {"t": "p", "text": t["time_limit"].format(working_days=row.working_days, due_on=date_zh(row.due_on))},
        {"t": "h1", "text": t["h_report"]},
        {"t": "p", "text": t["report_lead"]},
        *(
            {"t": "p", "text": t["report_item"].format(n=zh_numeral(i), text=c)}
            for i, c in enumerate(cfg["report_contents_zh"], 1)
        ),
        {
            "t": "p",
            "text": t["report_to"].format(
                office=contact["office_zh"], person=contact["person_zh"], phone=contact["phone"]
            ),
        },
        {"t": "p", "text": t["exemption"].format(art68=cite_zh(art68), q_exemption=q_exemption)},
        {"t": "h1", "text": t["h_overdue"]},
        {
            "t": "p",
            "text": t["overdue"].format(
                art67=cite_zh(art67), q_overdue=q_overdue, county_government=cfg["county_government_zh"]
            ),
        },
    ]
    if grave:
        art69, q_other = quote("other_liability")
        art70, q_penalty = quote("penalty")
        items = "、".join(grave)
        blocks += [
            {"t": "h1", "text": t["h_grave"].format(items=items)},
            {
                "t": "p",
                "text": t["grave"].format(
                    items=items,
                    art69=cite_zh(art69),
                    q_other_liability=q_other,
                    art70=cite_zh(art70),
                    q_penalty=q_penalty,
                    county_government=cfg["county_government_zh"],
                ),
            },
        ]
    return blocks, rows


def notice_document(
    row: Any, fs: list[Finding], all_findings: list[Finding], cfg: dict[str, Any], facts: Facts
) -> dict[str, Any]:
    t = _t("notice")
    blocks, rows = notice_blocks(fs, all_findings, row, cfg, facts)
    doc = frame(
        row, cfg, cfg["notice_title_zh"], row.department_name, blocks, t["closing"], cfg["copy_to_zh"], facts
    )
    doc["attachment_note"] = t["attachment_note"]
    doc["attachment"] = {
        "title": t["attachment_title"],
        "columns": list(t["attachment_columns"]),
        "rows": rows,
    }
    return doc


def escalation_document(
    row: Any,
    parent: Any,
    still: list[Finding],
    reevaluated_on: dt.date,
    cfg: dict[str, Any],
    facts: Facts,
) -> dict[str, Any]:
    """The 请示 to the county government: only what the re-evaluation after the deadline still finds."""
    t = _t("escalation")
    art67, q_overdue = quote("overdue")
    dept = parent.department_name
    assert parent.due_on is not None
    # the date of the department's own data the re-evaluation read: earlier than the notice, it was not updated
    data_as_of = next(
        (
            dt.date.fromisoformat(str(s["as_of"]))
            for s in facts.snapshots.values()
            if isinstance(s, dict) and (s.get("department") or {}).get("code") == parent.department
        ),
        facts.as_of,
    )
    done = sum(1 for f in parent.findings if completed(f))
    blocks: list[dict[str, str]] = [
        {
            "t": "p",
            "text": t["opening"].format(
                issued_on=date_zh(parent.issued_on),
                law=_law(),
                art67=cite_zh(art67),
                department=dept,
                notice_title=cfg["notice_title_zh"],
                number=parent.number,
                due_on=date_zh(parent.due_on),
                reevaluated_on=date_zh(reevaluated_on),
                data_as_of=date_zh(data_as_of),
                not_updated=t["not_updated"] if data_as_of < parent.issued_on else "",
                total=len(parent.findings),
                still=len(still),
                done=t["done"].format(n=done) if done else "",
            ),
        },
        {"t": "p", "text": t["law_quote"].format(art67=cite_zh(art67), q_overdue=q_overdue)},
        {"t": "h1", "text": t["h_problems"]},
    ]
    for i, f in enumerate(still, 1):
        blocks.append(
            {
                "t": "p",
                "text": t["problem"].format(n=zh_numeral(i), fact=_fact(f, facts), citation=f.citation_zh),
            }
        )
    blocks += [
        {"t": "h1", "text": t["h_request"]},
        {
            "t": "p",
            "text": t["request"].format(department=dept, county_government=cfg["county_government_zh"]),
        },
    ]
    title = t["title"].format(department=dept)
    contact = cfg["contact"]
    doc = frame(
        row,
        cfg,
        title,
        cfg["county_government_zh"],
        blocks,
        t["closing"],
        cfg.get("escalation_copy_to_zh") or [],
        facts,
        signer=cfg.get("signer_zh"),
    )
    doc["annotation"] = t["annotation"].format(person=contact["person_zh"], phone=contact["phone"])
    return doc


def _tidy(text: str) -> str:
    """No space between two Chinese characters (the templates' folded YAML lines leave one)."""
    return re.sub(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])", "", text)


def frame(
    row: Any,
    cfg: dict[str, Any],
    title: str,
    addressee: str,
    blocks: list[dict[str, str]],
    closing: str,
    copy_to: list[str],
    facts: Facts,
    signer: str | None = None,
) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "draft": facts.draft,
        "issuer_mark": cfg["issuer_mark_zh"],
        "number": row.number,
        "signer": signer,
        "title": title,
        "addressee": addressee,
        "blocks": [{"t": b["t"], "text": _tidy(b["text"])} for b in blocks],
        "closing": closing,
        "signature": cfg["issuer_zh"],
        "date_zh": date_zh(row.issued_on),
        "copy_to": "，".join(copy_to),
        "printer": cfg["printer_zh"],
        "print_date_zh": date_zh(row.issued_on) + "印发",
        "attachment_note": None,
        "attachment": None,
        "annotation": None,
    }
