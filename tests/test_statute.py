"""The statute data (policies/statute/data.yaml), its loader, and the generated page docs/statute.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the package is not installed in the venv; import it from the checkout
    sys.path.insert(0, str(ROOT))

from evaluator.facts.statute import (  # noqa: E402
    Article,
    Statute,
    cite_zh,
    default_policies_dir,
    load_statute,
    zh_numeral,
)

SOURCE = ROOT.parent / "shared" / "statute" / "measures.zh.md"
DATA = ROOT / "policies" / "statute" / "data.yaml"
DOCS = ROOT / "docs" / "statute.md"


@pytest.fixture(scope="module")
def statute() -> Statute:
    return load_statute(ROOT / "policies")


def test_seventy_four_articles_numbered_in_order(statute: Statute) -> None:
    assert list(statute.articles) == list(range(1, 75))
    for n, art in statute.articles.items():
        assert art.number == n
        assert art.numeral_zh == f"第{zh_numeral(n)}条"
        assert art.text_zh.strip() == art.text_zh and art.text_zh


def test_twelve_chapters_partition_the_articles(statute: Statute) -> None:
    assert list(statute.chapters) == list(range(1, 13))
    listed = [n for ch in statute.chapters.values() for n in ch.articles]
    assert listed == list(range(1, 75))
    for ch in statute.chapters.values():
        assert ch.numeral_zh == f"第{zh_numeral(ch.number)}章"
        for n in ch.articles:
            assert statute.article(n).chapter == ch.number
            assert statute.article(n).chapter_title_zh == ch.title_zh


@pytest.mark.parametrize(("article", "chapter"), [(1, 1), (24, 4), (37, 6), (62, 9), (74, 12)])
def test_article_chapter(statute: Statute, article: int, chapter: int) -> None:
    assert statute.article(article).chapter == chapter


def test_chapter_titles_are_clean(statute: Statute) -> None:
    titles = [ch.title_zh for ch in statute.chapters.values()]
    assert titles == [
        "总则",
        "职责分工",
        "政务数据目录",
        "政务数据采集",
        "政务数据汇聚",
        "政务数据共享",
        "政务数据开放应用",
        "政务数据安全",
        "监督管理",
        "数据纠错",
        "责任追究",
        "附则",
    ]
    assert statute.chapter_of(62).title_zh == "监督管理"


def test_header(statute: Statute) -> None:
    assert statute.title == "内乡县政务信息资源数据共享管理实施办法"
    assert statute.issuer == "内乡县推进政府职能转变和“放管服”改革协调小组办公室"
    assert statute.notice_title_zh == "关于印发内乡县政务信息资源数据共享管理实施办法的通知"


@pytest.mark.parametrize(("article", "count"), [(37, 3), (62, 8), (63, 5), (67, 6)])
def test_item_counts(statute: Statute, article: int, count: int) -> None:
    assert list(statute.article(article).items) == list(range(1, count + 1))


def test_only_the_four_enumerating_articles_have_items(statute: Statute) -> None:
    assert [n for n, a in statute.articles.items() if a.items] == [37, 62, 63, 67]
    for art in statute.articles.values():
        if not art.items:
            assert art.lead_zh == art.text_zh


def test_items_text_without_prefix(statute: Statute) -> None:
    a62 = statute.article(62)
    assert a62.items[1] == "瞒报、漏报本部门政务数据目录清单；"
    assert a62.item(3) == "重复采集、多头采集可以通过共享方式获取的政务数据；"
    assert a62.items[8] == "超过规定时间更新政务数据目录、校核政务数据、开放政务数据。"
    assert a62.lead_zh == "在政务数据汇聚、共享、开放、应用及其相关管理活动中，各政务部门不得有下列行为："
    assert (
        statute.article(37).lead_zh == "政务数据以共享为原则、不共享为例外。\n政务数据共享应当遵守下列规定："
    )
    for art in statute.articles.values():
        for n, text in art.items.items():
            assert not text.startswith(("-", "（")), (art.number, n)
            assert f"（{zh_numeral(n)}）{text}" in art.text_zh.split("\n")


def test_text_is_lead_then_items(statute: Statute) -> None:
    for art in statute.articles.values():
        expected = [art.lead_zh, *(f"（{zh_numeral(n)}）{t}" for n, t in art.items.items())]
        assert art.text_zh == "\n".join(expected)


def test_article_52_and_normalised(statute: Statute) -> None:
    a52 = statute.article(52)
    assert "机构和人员" in a52.text_zh
    assert "and" not in a52.text_zh
    assert "原文 'and' 改为 '和'" in a52.normalised


def test_page_breaks_joined(statute: Statute) -> None:
    assert "法律、法规授权具有行政职能的事业单位" in statute.article(3).text_zh
    assert "建立以应用场景为基础的数据共享授权机制。" in statute.article(12).text_zh
    assert "整合、对接、叠加基础数据库" in statute.article(30).text_zh
    assert "纳入督查督办并责令其改正；" in statute.article(67).lead_zh
    joined = [n for n, a in statute.articles.items() if "页面断行已合并" in a.normalised]
    assert joined == [3, 7, 12, 26, 30, 38, 46, 55, 58, 67, 70]
    # Every paragraph ends a sentence: no line of an article stops mid-phrase.
    for art in statute.articles.values():
        for line in art.text_zh.split("\n"):
            assert line.endswith(("。", "；", "：")), (art.number, line[-10:])


def test_no_markup_or_latin_left(statute: Statute) -> None:
    for art in statute.articles.values():
        for text in (art.text_zh, art.lead_zh, *art.items.values()):
            assert "**" not in text and "#" not in text, art.number
            assert not re.search(r"[A-Za-z*_`\[\]<>|]", text), art.number
            assert not text.startswith("- ") and "\n- " not in text, art.number


def test_cite_zh() -> None:
    assert cite_zh(62, 3) == "第六十二条第（三）项"
    assert cite_zh(7) == "第七条"
    assert cite_zh(7, None) == "第七条"
    assert cite_zh(37, 1) == "第三十七条第（一）项"


def test_article_cite_checks_the_item(statute: Statute) -> None:
    assert statute.article(67).cite(6) == "第六十七条第（六）项"
    assert statute.article(10).cite() == "第十条"
    with pytest.raises(KeyError):
        statute.article(62).cite(9)
    with pytest.raises(KeyError):
        statute.article(75)


@pytest.mark.parametrize(
    ("n", "zh"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (23, "二十三"),
        (62, "六十二"),
        (74, "七十四"),
        (99, "九十九"),
    ],
)
def test_zh_numeral(n: int, zh: str) -> None:
    assert zh_numeral(n) == zh


@pytest.mark.parametrize("n", [0, 100, -1])
def test_zh_numeral_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        zh_numeral(n)


def test_load_statute_is_cached_and_typed(statute: Statute) -> None:
    again = load_statute(ROOT / "policies")
    assert again is statute
    assert isinstance(again.article(1), Article)


def test_default_policies_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GOVSHARE_POLICIES", raising=False)
    assert default_policies_dir() == ROOT / "policies"
    assert load_statute() is load_statute(ROOT / "policies")
    monkeypatch.setenv("GOVSHARE_POLICIES", str(tmp_path))
    assert default_policies_dir() == tmp_path
    with pytest.raises(FileNotFoundError):
        load_statute()


def test_yaml_keys_are_strings() -> None:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert sorted(raw) == sorted(
        ["title", "issuer", "notice_title_zh", "source", "normalised", "chapters", "articles"]
    )
    assert all(isinstance(k, str) for k in raw["chapters"])
    assert all(isinstance(k, str) for k in raw["articles"])
    assert list(raw["articles"]) == [str(n) for n in range(1, 75)]
    assert raw["articles"]["62"]["items"]["3"] == "重复采集、多头采集可以通过共享方式获取的政务数据；"
    assert raw["articles"]["10"]["items"] == {}


def test_docs_have_an_anchor_per_article(statute: Statute) -> None:
    page = DOCS.read_text(encoding="utf-8")
    for n, art in statute.articles.items():
        assert f'<a id="a{n}"></a>\n**{art.numeral_zh}** ' in page
    for ch in statute.chapters.values():
        assert f'## <a id="c{ch.number}"></a>{ch.numeral_zh} {ch.title_zh}\n' in page


def test_generated_files_are_fresh(tmp_path: Path) -> None:
    if not SOURCE.is_file():
        pytest.fail(
            f"statute source not found at {SOURCE}: the shared tree must be checked out at ../shared "
            "(CI always has it); this freshness check is never skipped"
        )
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_statute.py"),
            "--source",
            str(SOURCE),
            "--out-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for rel in (Path("policies/statute/data.yaml"), Path("docs/statute.md")):
        built = (tmp_path / rel).read_bytes()
        committed = (ROOT / rel).read_bytes()
        assert built == committed, f"{rel} is stale: run .venv/bin/python scripts/build_statute.py and commit"
