"""What YAML and JSON mean, kept (issue 19 items 8 and 11): a date YAML reads where the model expects text is
refused where it was written (also through an alias and through the 1.0 → 1.1 upgrade), a plain tag that
does not fit its value is refused instead of crashing or silently changing the value, and a top value that
is not an object is refused at the line and column where it starts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evaluator.intake.files import SnapshotFileError, load_bytes

ROOT = Path(__file__).resolve().parent.parent
DEPT = (ROOT / "fixtures" / "county" / "15-tongjiju.yaml").read_text("utf-8")
LEGACY = (ROOT / "tests" / "support" / "legacy" / "1.0-ziranziyuanju.yaml").read_text("utf-8")


def _refused(text: str, suffix: str = ".yaml") -> list[tuple[str, str]]:
    with pytest.raises(SnapshotFileError) as exc:
        load_bytes(text.encode(), "x" + suffix, suffix)
    return [(e.pointer, e.message) for e in exc.value.errors]


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize("written", ["!!timestamp 2025-01-01", "2025-01-01"])
def test_a_date_on_a_text_field_is_refused_where_it_was_written(written: str) -> None:
    text = _swap(DEPT, "  head: 胡静\n", f"  head: {written}\n")
    line = _line_of(text, f"  head: {written}")
    assert _refused(text) == [
        (
            "/department/head",
            f"第 {line} 行第 9 列：此处应为文本，读到的是日期 “2025-01-01”（未加引号的日期或 !!timestamp 标签，"
            "YAML 读作日期）；如确是文本，请加引号写成 '2025-01-01' / expected text, read a date "
            f"(line {line} column 9): quote it if it is text",
        )
    ]


def test_quoted_the_same_text_is_text_and_a_date_field_takes_either_form() -> None:
    quoted = load_bytes(_swap(DEPT, "  head: 胡静\n", "  head: '2025-01-01'\n").encode(), "q.yaml", ".yaml")
    assert quoted.snapshot.department.head == "2025-01-01"  # type: ignore[union-attr]
    as_of = yaml.safe_load(DEPT)["as_of"]
    plain = load_bytes(_swap(DEPT, f"as_of: '{as_of}'", f"as_of: {as_of}").encode(), "p.yaml", ".yaml")
    assert plain.sha256 == load_bytes(DEPT.encode(), "d.yaml", ".yaml").sha256
    tagged = load_bytes(
        _swap(DEPT, f"as_of: '{as_of}'", f"as_of: !!timestamp {as_of}").encode(), "t.yaml", ".yaml"
    )
    assert tagged.sha256 == plain.sha256


def test_a_date_reached_through_an_alias_is_refused_at_its_anchor() -> None:
    text = _swap(DEPT, "  head: 胡静\n", "  head: *d\n")
    as_of = yaml.safe_load(DEPT)["as_of"]
    text = _swap(text, f"as_of: '{as_of}'", f"as_of: &d {as_of}")
    [(pointer, message)] = _refused(text)
    assert pointer == "/department/head"
    assert message.startswith(
        f"第 {_line_of(text, 'as_of: &d')} 行第 8 列：此处应为文本，读到的是日期"
    )  # the anchor's start


def test_a_date_on_a_text_field_of_a_1_0_snapshot_is_located_after_the_upgrade() -> None:
    name = yaml.safe_load(LEGACY)["department"]["name"]
    text = _swap(LEGACY, f"  name: {name}\n", "  name: 2024-05-06\n")
    [(pointer, message)] = _refused(text)
    assert pointer == "/department/name"
    assert message.startswith(f"第 {_line_of(text, 'name: 2024-05-06')} 行第 9 列：此处应为文本")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("!!bool maybe", "“!!bool” 与取值 “maybe”"),
        ("!!int abc", "“!!int” 与取值 “abc”"),
        ("!!null x", "“!!null” 与取值 “x”"),
    ],
)
def test_a_tag_that_does_not_fit_its_value_is_refused_not_changed(written: str, shown: str) -> None:
    text = _swap(DEPT, "  head_is_first_responsible: true\n", f"  head_is_first_responsible: {written}\n")
    line = _line_of(text, f"head_is_first_responsible: {written}")
    assert _refused(text) == [
        (
            "/department/head_is_first_responsible",
            f"第 {line} 行第 30 列：标签 {shown} 不符（去掉标签，或写成该类型的取值） / the tag "
            f"“{written.split()[0]}” does not fit the value (line {line} column 30)",
        )
    ]


def test_a_tag_that_fits_its_value_reads_as_without_it() -> None:
    tagged = _swap(DEPT, "  head_is_first_responsible: true\n", "  head_is_first_responsible: !!bool true\n")
    assert (
        load_bytes(tagged.encode(), "t.yaml", ".yaml").sha256
        == load_bytes(DEPT.encode(), "p.yaml", ".yaml").sha256
    )


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        (
            "\n\n   [1, 2]\n",
            ".json",
            '第 3 行第 4 列：快照应为一个对象（以 { 开头，如 {"schema_version": "1.1", "kind": "department", …}），'
            "读到的是列表 “[1, 2]” / a snapshot must be an object (starting with {); line 3 column 4 holds a list",
        ),
        (
            "null",
            ".json",
            '第 1 行第 1 列：快照应为一个对象（以 { 开头，如 {"schema_version": "1.1", "kind": "department", …}），'
            "读到的是空值（null） “null” / a snapshot must be an object (starting with {); line 1 column 1 holds null",
        ),
        (
            "# 统计局\n- kind: department\n...\n",
            ".yaml",
            "第 2 行第 1 列：快照应为一个对象（键: 值，如 kind: department），读到的是列表 “- kind: department” / "
            "a snapshot must be an object (key: value lines such as kind: department); line 2 column 1 holds a list",
        ),
    ],
)
def test_a_top_value_that_is_not_an_object_is_refused_where_it_starts(
    text: str, suffix: str, expected: str
) -> None:
    assert _refused(text, suffix) == [("", expected)]


# Invisible characters (docs/decisions/0019-free-text-look-alikes.md): a zero-width space makes two names
# that look the same differ, a right-to-left override reorders what is shown. Refused in every string.


def test_an_invisible_character_in_a_json_name_is_refused_with_its_pointer() -> None:
    import json

    doc = yaml.safe_load(DEPT)
    doc["systems"][0]["name"] += "\u200b"
    with pytest.raises(SnapshotFileError) as exc:
        load_bytes(json.dumps(doc, ensure_ascii=False).encode(), "x.json", ".json")
    [err] = exc.value.errors
    assert err.pointer == "/systems/0/name"
    assert err.message.startswith("文本含不允许的字符 不可见字符 U+200B（ZERO WIDTH SPACE）：")


def test_a_bidi_override_in_yaml_is_refused_with_line_and_column() -> None:
    text = _swap(DEPT, "  head: 胡静\n", "  head: 胡\u202e静\n")
    [(pointer, message)] = _refused(text)
    assert pointer == "/department/head"
    line = _line_of(text, "  head: 胡")
    assert message.startswith(
        f"第 {line} 行第 9 列：文本含不允许的字符 不可见字符 U+202E（RIGHT-TO-LEFT OVERRIDE）："
    )


def test_an_invisible_character_in_an_excel_cell_is_refused_at_its_cell() -> None:
    from evaluator.intake.xlsx import fill_template
    from tests.support import snapshots as S

    doc = S.department()
    doc["department"]["name"] = "县测试\u2060局"
    with pytest.raises(SnapshotFileError) as exc:
        load_bytes(fill_template(doc), "dept.xlsx", ".xlsx")
    [err] = exc.value.errors
    assert "工作表「单位」第 3 行" in err.message
    assert "文本含不允许的字符 不可见字符 U+2060（WORD JOINER）" in err.message


def test_every_invisible_or_control_character_of_this_unicode_is_refused() -> None:
    """Fails when a Python with a newer Unicode knows a format character the list lacks."""
    import unicodedata

    from evaluator.intake.parse import BAD_CHARS

    kinds = ("Cc", "Cf", "Cs", "Zl", "Zp")
    missing = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) in kinds and chr(cp) not in "\t\n\r" and not BAD_CHARS.match(chr(cp))
    ]
    assert missing == []
    # and what Chinese text is made of is left alone: full-width punctuation, ideographic space, 〔〕
    assert BAD_CHARS.search("内乡县统计局（统计局）：“共享”，〔2026〕1号　…—·") is None
