"""Build the statute data and page from the shared text of the Measures.

Reads ``../shared/statute/measures.zh.md`` (``--source``) and writes, under ``--out-dir`` (default: the
repository root):

- ``policies/statute/data.yaml`` — loaded by OPA as ``data.statute`` and by ``evaluator.facts.statute``;
- ``docs/statute.md`` — the full text with an anchor per article (``#a62``) and per chapter (``#c9``).

The source is a Markdown rendering of the original document. What this script changes, and records in
each article's ``normalised`` list, is limited to:

- page-break artifacts: a line that does not end a sentence (。；：？！) is joined to the next one;
- the stray English "and" in Art. 52, replaced by 和.

Markdown markup (``**第一条**``, ``## **第四章政务数据采集**``, list markers ``- ``) is dropped. Anything
else unexpected (an ASCII word, a gap in the numbering, text after the items) stops the build.

``--check`` compares instead of writing and exits 1 when a committed file is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evaluator.facts.statute import STATUTE_DATA, cite_zh, zh_numeral  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "statute" / "measures.zh.md"
DOCS_PATH = Path("docs") / "statute.md"
DATA_PATH = Path("policies") / STATUTE_DATA

NOTE_PAGE_BREAK = "页面断行已合并"
NOTE_AND = "原文 'and' 改为 '和'"
NOTE_NOTICE_SPACE = "通知标题中多余空格已删除（原文“管理 实施办法”）"

_NUM = "一二三四五六七八九十"
ZH_TO_INT = {zh_numeral(n): n for n in range(1, 100)}

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
CHAPTER = re.compile(rf"^(第([{_NUM}]+)章)\s*(.+?)$")
ARTICLE = re.compile(rf"^\*\*(第([{_NUM}]+)条)\*\*\s*(.*)$")
ITEM = re.compile(rf"^（([{_NUM}]+)）\s*(.+)$")
LIST_MARKER = re.compile(r"^[-*+]\s+")
SENTENCE_END = ("。", "；", "：", "？", "！")
STRAY_AND = re.compile(r"\s*\band\b\s*")


class SourceError(ValueError):
    """The source text does not have the structure this script expects."""


@dataclass
class _Chapter:
    number: int
    numeral_zh: str
    title_zh: str
    articles: list[int] = field(default_factory=list)


@dataclass
class _Article:
    number: int
    numeral_zh: str
    chapter: int
    lines: list[str] = field(default_factory=list)


def _strip_bold(text: str) -> str:
    text = text.strip()
    while text.startswith("**") and text.endswith("**") and len(text) >= 4:
        text = text[2:-2].strip()
    return text


def _zh_to_int(numeral: str, what: str) -> int:
    try:
        return ZH_TO_INT[numeral]
    except KeyError:
        raise SourceError(f"unreadable {what} numeral: {numeral!r}") from None


def _join_page_breaks(lines: list[str]) -> tuple[list[str], bool]:
    """Join lines split by a page break: a line not ending a sentence continues on the next one."""
    out: list[str] = []
    joined = False
    for line in lines:
        if out and not out[-1].endswith(SENTENCE_END) and not ITEM.match(line):
            out[-1] += line
            joined = True
        else:
            out.append(line)
    if out and not out[-1].endswith(SENTENCE_END):
        raise SourceError(f"text ends mid-sentence: {out[-1][-20:]!r}")
    return out, joined


def _article_record(art: _Article, chapter: _Chapter) -> dict[str, Any]:
    normalised: list[str] = []
    paragraphs, joined = _join_page_breaks(art.lines)
    if joined:
        normalised.append(NOTE_PAGE_BREAK)
    fixed = [STRAY_AND.sub("和", p) for p in paragraphs]
    if fixed != paragraphs:
        normalised.append(NOTE_AND)
    paragraphs = fixed
    for p in paragraphs:
        if re.search(r"[A-Za-z#*`_\[\]<>|]", p):
            raise SourceError(f"{art.numeral_zh}: unexpected Latin text or markup in {p!r}")

    lead: list[str] = []
    items: dict[str, str] = {}
    for p in paragraphs:
        m = ITEM.match(p)
        if m:
            n = _zh_to_int(m.group(1), "item")
            if n != len(items) + 1:
                raise SourceError(f"{art.numeral_zh}: item （{m.group(1)}） out of sequence")
            items[str(n)] = m.group(2)
        elif items:
            raise SourceError(f"{art.numeral_zh}: text after the items: {p!r}")
        else:
            lead.append(p)
    if not lead:
        raise SourceError(f"{art.numeral_zh}: no text before the items")

    return {
        "number": art.number,
        "numeral_zh": art.numeral_zh,
        "chapter": chapter.number,
        "chapter_title_zh": chapter.title_zh,
        "text_zh": "\n".join(paragraphs),
        "lead_zh": "\n".join(lead),
        "items": items,
        "normalised": normalised,
    }


def parse(text: str, source_label: str) -> dict[str, Any]:
    """Parse the Markdown text of the Measures into the ``data.statute`` document."""
    lines = [line.strip() for line in text.splitlines()]

    first_chapter = next((i for i, ln in enumerate(lines) if _chapter_heading(ln)), None)
    if first_chapter is None:
        raise SourceError("no chapter heading found")
    h1 = [
        (i, _strip_bold(m.group(2))) for i, ln in enumerate(lines[:first_chapter]) if (m := HEADING.match(ln))
    ]
    h1 = [(i, t) for i, t in h1 if lines[i].startswith("# ")]
    if len(h1) < 2:
        raise SourceError("expected the issuer (# …) and the title (# …) before the first chapter")
    issuer = h1[0][1]
    title_line, title = h1[-1]
    header = lines[:title_line]
    notice = [_strip_bold(m.group(2)) for ln in header if (m := HEADING.match(ln)) and ln.startswith("## ")]
    if len(notice) != 1:
        raise SourceError("expected one notice title (## …) in the header")
    top_normalised: list[str] = []
    notice_title = notice[0]
    if " " in notice_title:
        notice_title = notice_title.replace(" ", "")
        top_normalised.append(NOTE_NOTICE_SPACE)
    if f"《{title}》" not in "".join(header):
        raise SourceError(f"the notice does not name 《{title}》")

    chapters: list[_Chapter] = []
    articles: list[_Article] = []
    for ln in lines[title_line + 1 :]:
        if not ln:
            continue
        heading = _chapter_heading(ln)
        if heading is not None:
            chapters.append(heading)
            if heading.number != len(chapters):
                raise SourceError(f"chapter {heading.numeral_zh} out of sequence")
            continue
        if HEADING.match(ln):
            raise SourceError(f"unexpected heading: {ln!r}")
        m = ARTICLE.match(ln)
        if m:
            number = _zh_to_int(m.group(2), "article")
            if number != len(articles) + 1:
                raise SourceError(f"article {m.group(1)} out of sequence")
            art = _Article(number=number, numeral_zh=m.group(1), chapter=chapters[-1].number)
            if m.group(3):
                art.lines.append(m.group(3))
            articles.append(art)
            chapters[-1].articles.append(number)
            continue
        if not articles or articles[-1].chapter != chapters[-1].number:
            raise SourceError(f"text outside an article: {ln!r}")
        articles[-1].lines.append(LIST_MARKER.sub("", ln))

    for ch in chapters:
        if not ch.articles:
            raise SourceError(f"{ch.numeral_zh} has no articles")
    by_number = {ch.number: ch for ch in chapters}
    return {
        "title": title,
        "issuer": issuer,
        "notice_title_zh": notice_title,
        "source": {"path": source_label, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()},
        "normalised": top_normalised,
        "chapters": {
            str(ch.number): {
                "number": ch.number,
                "numeral_zh": ch.numeral_zh,
                "title_zh": ch.title_zh,
                "articles": ch.articles,
            }
            for ch in chapters
        },
        "articles": {str(a.number): _article_record(a, by_number[a.chapter]) for a in articles},
    }


def _chapter_heading(line: str) -> _Chapter | None:
    m = HEADING.match(line)
    if not m:
        return None
    c = CHAPTER.match(_strip_bold(m.group(2)))
    if not c:
        return None
    title = _strip_bold(c.group(3))
    return _Chapter(number=_zh_to_int(c.group(2), "chapter"), numeral_zh=c.group(1), title_zh=title)


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text, flow style for lists of numbers; keys stay in numeric order."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list_representer(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = all(isinstance(v, int) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(list, _list_representer)


def render_yaml(doc: dict[str, Any]) -> str:
    header = (
        "# Generated by scripts/build_statute.py from "
        f"{doc['source']['path']} — do not edit; re-run the script.\n"
        "# OPA: data.statute; Python: evaluator.facts.statute.load_statute().\n"
    )
    body = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 16, indent=2)
    return header + body


def render_markdown(doc: dict[str, Any]) -> str:
    out: list[str] = [
        f"<!-- Generated by scripts/build_statute.py from {doc['source']['path']}; do not edit. -->",
        "",
        f"# {doc['title']}",
        "",
        f"> 本页由 `scripts/build_statute.py` 根据 `{doc['source']['path']}`"
        f"（sha256 `{doc['source']['sha256'][:12]}`）自动生成，请勿手工编辑。"
        "相对原文的整理（页面断行合并、第五十二条“and”改为“和”）在各条之后注明。",
        "",
        f"印发：{doc['issuer']}《{doc['notice_title_zh']}》",
        "",
        "## 目录",
        "",
    ]
    for ch in doc["chapters"].values():
        first, last = ch["articles"][0], ch["articles"][-1]
        out.append(
            f"- [{ch['numeral_zh']} {ch['title_zh']}](#c{ch['number']})（{cite_zh(first)}至{cite_zh(last)}）"
        )
    for ch in doc["chapters"].values():
        out += ["", f'## <a id="c{ch["number"]}"></a>{ch["numeral_zh"]} {ch["title_zh"]}']
        for n in ch["articles"]:
            art = doc["articles"][str(n)]
            paragraphs = art["text_zh"].split("\n")
            out += ["", f'<a id="a{n}"></a>', f"**{art['numeral_zh']}** {paragraphs[0]}"]
            for p in paragraphs[1:]:
                out += ["", p]
            if art["normalised"]:
                out += ["", f"> 整理说明：{'；'.join(art['normalised'])}。"]
    return "\n".join(out) + "\n"


def build(source: Path) -> dict[Path, str]:
    """Outputs (relative path → content) for the given source file."""
    if DEFAULT_SOURCE.is_file() and os.path.samefile(source, DEFAULT_SOURCE):
        label = "../shared/statute/measures.zh.md"  # stable whatever the checkout's absolute path
    else:
        label = os.path.relpath(source.resolve(), ROOT).replace(os.sep, "/")
    doc = parse(source.read_text(encoding="utf-8"), label)
    return {DATA_PATH: render_yaml(doc), DOCS_PATH: render_markdown(doc)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the Measures in Markdown")
    parser.add_argument("--out-dir", type=Path, default=ROOT, help="root under which outputs are written")
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing")
    args = parser.parse_args(argv)

    if not args.source.is_file():
        parser.error(f"source not found: {args.source} (the shared tree is expected at ../shared)")
    try:
        outputs = build(args.source)
    except SourceError as exc:
        print(f"build_statute: {args.source}: {exc}", file=sys.stderr)
        return 2

    stale = []
    for rel, content in outputs.items():
        target = args.out_dir / rel
        data = content.encode("utf-8")
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(str(rel))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target}")
    if stale:
        print(f"stale: {', '.join(stale)}; run .venv/bin/python scripts/build_statute.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
