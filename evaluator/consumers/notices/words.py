"""A notice's words: what goes in it, the statute quoted exactly, evidence said in Chinese.

Everything a 文秘 reads comes from ``policies/notices/`` data (templates.yaml, requirements.yaml,
evidence.yaml) and the statute data; this module only fills facts in:

- :func:`actionable` keeps what the department must rectify: an Art. 67 ground, not waived, not a
  提示 (warning) hint, not an act of someone outside the department against it, and not a restatement
  of findings already listed (A62.8's 定性 becomes a sentence under the lateness it qualifies);
- :func:`quote` returns a passage of the Measures after checking it occurs verbatim in the article
  (nothing is cut out of the statute with ``split``), with inner quotation marks turned into ‘ ’;
- :func:`plain` turns the machine's text into a 文秘's: ISO dates → 2025年10月15日, credit codes → names;
- :func:`evidence_words` says a finding's evidence values in words (labels and kinds from evidence.yaml);
  an unknown field is an error, never an English key in a notice. Data items and resources are said in the
  words the rule gave them (``Evidence.named``, composed by Rego's ``lib.words``): this module composes no
  name (decision 0033).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from evaluator.errors import GovshareError
from evaluator.facts.statute import load_statute
from evaluator.model.results import Evidence, Finding

ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
#: 统一社会信用代码 (GB 32100): 18 characters from the code's alphabet
CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")


class WordsError(GovshareError):
    """The notice data cannot say something in words (Chinese first): a missing label, a bad quote."""


def date_zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise WordsError(f"通知书数据无效 / invalid notice data: {path}")
    return data


@cache
def _load(path: str) -> dict[str, Any]:
    return _yaml(Path(path))


def notices_data(name: str) -> dict[str, Any]:
    """``policies/notices/<name>.yaml`` (templates, requirements, evidence)."""
    from evaluator.engine import policies_dir

    return _load(str(policies_dir() / "notices" / f"{name}.yaml"))


# ---------------------------------------------------------------------------------------------
# The statute, quoted


def inner_quotes(text: str) -> str:
    """A passage put inside “ ”: its own “ ” become ‘ ’ (GB/T 15834 nesting)."""
    return text.replace("“", "‘").replace("”", "’")


def article_text(article: int) -> str:
    """The article's whole text as one paragraph (its paragraphs joined)."""
    return load_statute().article(article).text_zh.replace("\n", "")


def quote(key: str) -> tuple[int, str]:
    """(article, passage) of ``templates.yaml`` ``quotes.<key>``, checked verbatim against the statute."""
    q = notices_data("templates")["quotes"][key]
    article, text = int(q["article"]), str(q["text"])
    if text not in article_text(article):
        raise WordsError(
            f"通知书模板引用的《办法》第{article}条原文不符：{text} / quote {key} is not the text of Art. {article}"
        )
    return article, inner_quotes(text)


# ---------------------------------------------------------------------------------------------
# What goes in a notice


def _evidence(f: Finding) -> Evidence | None:
    """The finding's evidence (the report gives each finding one)."""
    return f.evidence[0] if f.evidence else None


def _values(f: Finding) -> dict[str, Any]:
    ev = _evidence(f)
    return ev.values if ev is not None else {}


def restated_keys(f: Finding) -> set[str]:
    """The keys of the findings a finding restates (A62.8: its evidence's ``grounds`` name other findings,
    each by its key, ``lib.finding.keyed``)."""
    grounds = _values(f).get("grounds")
    if not isinstance(grounds, list):
        return set()
    return {g["key"] for g in grounds if isinstance(g, dict) and isinstance(g.get("key"), str)}


def actionable(findings: list[Finding]) -> list[Finding]:
    """The findings a department must rectify (see the module docstring), in a stable order."""
    out = []
    for f in findings:
        if f.rectification_ground is None or f.waived:
            continue
        if f.severity == "warning" or _values(f).get("actor_external") is True or restated_keys(f):
            continue
        out.append(f)
    return sorted(out, key=lambda f: (f.article, f.item or 0, f.rule_id, f.subject))


def completed(f: Finding) -> bool:
    """A one-off delay already done when the data was taken (done late: 实际办结 after the time limit). The
    notice says so (不需补办); nothing a re-evaluation finds again can show it unrectified, so it is never
    listed as 仍未整改 in a 请示 nor keeps a notice from being verified."""
    v = _values(f)
    return v.get("open") is False and bool(v.get("actual_date")) and bool(v.get("working_days_late"))


def also_prohibited(f: Finding, all_findings: list[Finding]) -> list[Finding]:
    """The restating findings (A62.8) that name ``f`` among their grounds, by its key: said under ``f``,
    not apart."""
    return [g for g in all_findings if f.key in restated_keys(g)]


# ---------------------------------------------------------------------------------------------
# Words


def plain(text: str, names: dict[str, str]) -> str:
    """ISO dates as Chinese dates; a department's credit code as its name (when known)."""
    text = ISO_DATE.sub(lambda m: date_zh(dt.date(int(m[1]), int(m[2]), int(m[3]))), text)
    text = CREDIT_CODE.sub(lambda m: names.get(m[0], m[0]), text)
    # the machine pads numbers and names with spaces; Chinese prose does not
    text = re.sub(r"(?<=[\u3000-\u9fff（）「」])\s+|\s+(?=[\u3000-\u9fff（）「」])", "", text)
    return text


def _date_or_text(v: Any) -> str:
    try:
        return date_zh(dt.date.fromisoformat(str(v)))
    except ValueError:
        return str(v)


def _word(v: Any, words: dict[str, str]) -> str:
    return words.get(str(v), str(v))


def _value(kind: str, v: Any, names: dict[str, str], words: dict[str, str], said: Said, label: str) -> str:
    if v is None or v == [] or v == "":
        return "无"
    many = v if isinstance(v, list) else [v]
    if kind == "date":
        return _date_or_text(v)
    if kind == "bool":
        return "是" if v else "否"
    if kind in ("working_days", "calendar_days", "months", "count", "year"):
        unit = {"working_days": "个工作日", "calendar_days": "个自然日", "months": "个月", "count": "个"}
        return f"{v}年度" if kind == "year" else f"{v}{unit[kind]}"
    if kind in ("dept", "depts"):
        return "、".join(names.get(str(x), str(x)) for x in many)
    if kind in ("item", "items", "resource", "resources"):
        # the rule's words (a value does not say its label again: 数据资源：「…」)
        return "、".join(said(str(x)).removeprefix(label) for x in many)
    if kind == "words":
        return "、".join(_word(x, words) for x in many)
    if kind == "samples":
        return "；".join(f"第{s['index'] + 1}个（{s['masked']}）{_word(s['status'], words)}" for s in many)
    if kind == "thresholds":
        return "；".join(f"{_word(k, words)}{x['value']}（最低{x['minimum']}）" for k, x in sorted(v.items()))
    if kind in ("text", "list"):
        return "、".join(str(x) for x in many)
    raise WordsError(f"evidence.yaml 中的写法未知 / unknown kind: {kind}")


#: a data item's or resource's words by its code (:func:`said_by`)
Said = Callable[[str], str]


def said_by(f: Finding) -> Said:
    """The words the rule gave each data item and resource its evidence names by code (``Evidence.named``,
    ``lib.finding.named`` built by ``lib.words``: names, never codes where a name is known, decision 0026).
    Python composes none of them (decision 0033): a code the evidence does not name is an error, never a
    bare code in a notice."""
    ev = _evidence(f)
    named = ev.named if ev is not None else {}

    def said(code: str) -> str:
        words = named.get(code)
        if not words:
            raise WordsError(
                f"规则 {f.rule_id} 的证据未给出编码 {code} 的名称（lib.finding.named），通知书不下发；"
                f"早于本版本的评价结果请重新评价 / the evidence of {f.rule_id} does not name {code}"
            )
        return words

    return said


def evidence_words(f: Finding, names: dict[str, str], snapshots: dict[str, Any] | None = None) -> str:
    """A finding's evidence values in words: “实际办结日期：2025年10月15日；超出时限：1个工作日”. Data items
    and resources in the rule's words (:func:`said_by`); a code the row already names (the item's name
    beside it, the resource the 涉及的资源或系统 cell names) is not said again."""
    data = notices_data("evidence")
    fields, words = data["fields"], data["words"]
    _, node, spec_r = _pointed(f, snapshots or {})
    said = said_by(f)
    values = _values(f)
    named = _named_resource(node, spec_r)
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise WordsError(
            f"规则 {f.rule_id} 的证据字段 {'、'.join(unknown)} 在 policies/notices/evidence.yaml 中没有中文写法，"
            f"通知书不下发 / evidence field {', '.join(unknown)} has no Chinese label"
        )
    parts = []
    for key, spec in fields.items():  # in evidence.yaml's order: the order a reader takes them in
        if key not in values:
            continue
        v = values[key]
        if spec["kind"] == "hide":
            continue
        if spec["kind"] == "item" and values.get("item_name"):
            continue  # the item's name is beside it
        if spec["kind"] == "resource" and named is not None and v == named:
            continue  # the row's record cell names this resource
        text = _value(spec["kind"], v, names, words, said, str(spec["label"]))
        parts.append(f"{spec['label']}：{plain(text, names)}")
    return "；".join(parts) or "无"


def _named_resource(node: Any, spec: dict[str, Any] | None) -> str | None:
    """The resource code the 涉及的资源或系统 cell names (by :func:`where_words`), if any."""
    if not isinstance(node, dict) or spec is None:
        return None
    if spec.get("name") == "name" and node.get("name") and node.get("code"):
        return str(node["code"])  # a catalog record, named
    if "{resource}" in str(spec.get("words") or "") and node.get("resource_code"):
        return str(node["resource_code"])
    return None


def record_words(template: str, record: dict[str, Any], said: Said, names: dict[str, str]) -> str | None:
    """A record said by the ``words`` template of its kind (evidence.yaml ``records``): its fields filled in,
    dates as Chinese dates, department codes as names, its resource in the rule's words (:func:`said_by`);
    None when a field the template needs is empty."""
    fields: dict[str, Any] = dict(record)
    wanted = [f for _, f, _, _ in Formatter().parse(template) if f]
    if "resource" in wanted and record.get("resource_code"):
        fields["resource"] = said(str(record["resource_code"]))
    if any(fields.get(f) in (None, "", []) for f in wanted):
        return None
    return plain(template.format_map(fields), names)


def _pointed(f: Finding, snapshots: dict[str, Any]) -> tuple[Any, Any, dict[str, Any] | None]:
    """(snapshot, record, its kind's ``records`` entry in evidence.yaml) the finding's evidence points at;
    the record None when the pointer does not reach one, the entry None for an empty pointer."""
    ev = _evidence(f)
    pointer = ev.pointer if ev is not None else ""
    parts = re.findall(r"[^/]+", pointer)  # the JSON pointer's segments
    snapshot: Any = snapshots.get(ev.snapshot if ev is not None else "")
    if not parts:
        return snapshot, None, None
    spec = notices_data("evidence")["records"].get(parts[0])
    if spec is None:
        raise WordsError(f"evidence.yaml 中没有记录类别 {parts[0]} 的中文名称 / no label for {parts[0]}")
    node: Any = snapshot
    for p in parts[:2]:
        if isinstance(node, dict):
            node = node.get(p)
        elif isinstance(node, list) and p.isdigit() and int(p) < len(node):
            node = node[int(p)]
        else:
            node = None
    return snapshot, node, spec


def where_words(f: Finding, snapshots: dict[str, Any], names: dict[str, str]) -> str:
    """The record the evidence points at, by kind and name (“数据资源「社会组织登记信息」”), or, for a record
    without a name, by what it is (“2025年8月12日发生的网络安全事件”); never by its record id."""
    _, node, spec = _pointed(f, snapshots)
    if spec is None:
        return "本单位"
    if not isinstance(node, dict):
        return str(spec["label"])
    name = node.get(spec["name"]) if spec["name"] else None
    if name:
        return f"{spec['label']}「{name}」"
    said = record_words(str(spec["words"]), node, said_by(f), names) if spec.get("words") else None
    return said or str(spec["label"])
