"""The JSON parser's one-parse path (``parse._clean_text``): taken for a clean text, never for one the
two-parse path must look at — duplicate keys, escapes, long numbers, anything at or over the budget."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
import yaml

from evaluator.intake import parse
from evaluator.intake.problems import SnapshotFileError

ROOT = Path(__file__).resolve().parent.parent
DEPT = yaml.safe_load((ROOT / "fixtures" / "county" / "15-tongjiju.yaml").read_text(encoding="utf-8"))
CLEAN = json.dumps(DEPT, ensure_ascii=False, indent=1, default=str)
SMALL = parse.Budget(max_depth=4, max_nodes=12, max_list=3, max_string=5)


def test_clean_text_is_read_once_and_equals_the_two_parse_value() -> None:
    assert parse._clean_text(CLEAN, orjson.loads(CLEAN), parse.BUDGET) is True
    got = parse.parse_json(CLEAN, "t.json", snapshot=True)
    assert repr(got) == repr(json.loads(CLEAN))


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ('{"a": 1, "a": 2}', parse.BUDGET),  # a duplicate key
        ('{"a": {"b": 1, "b": 1}}', parse.BUDGET),
        ('{"a": "x\\u200by"}', parse.BUDGET),  # any backslash: the string differs from the text
        ('{"a": "x\\ty"}', parse.BUDGET),
        ('{"a": "x\u200by"}', parse.BUDGET),  # a disallowed character written raw
        ('{"a": "x\U000e0041"}', parse.BUDGET),  # beyond the BMP
        ('{"a": 1234567890123456789}', parse.BUDGET),  # 19 digits: json.loads reads it exactly
        ('{"a": [[[]]]}', SMALL),  # nested 4 deep: the innermost list is at depth 3, its items would be at 4
        ('{"a": "123456"}', SMALL),  # a string over max_string
        ('{"a": [1, 2, 3, 4]}', SMALL),  # commas bound the longest list
        # 10 nodes, but the bound 1 + 3 colons + 5 commas + 3 brackets = 12 is over 11: the exact walk decides
        ('{"a": [1, 2], "b": [3, 4], "c": [5, 6]}', parse.Budget(max_nodes=11)),
    ],
)
def test_texts_the_located_path_must_judge(text: str, budget: parse.Budget) -> None:
    assert parse._clean_text(text, orjson.loads(text), budget) is False


def test_within_the_small_budget_at_its_edges() -> None:
    for text in ('{"a": [[1]]}', '{"a": "12345"}', '{"a": [1, 2, 3]}', '{"a": 123456789012345678}'):
        assert parse._clean_text(text, orjson.loads(text), SMALL) is True, text
        assert parse._within(orjson.loads(text), SMALL) is True


def test_a_duplicate_key_is_still_located() -> None:
    with pytest.raises(SnapshotFileError) as e:
        parse.parse_json('{"a": {"b": 1, "b": 2}}', "t.json")
    assert [(p.pointer, p.message) for p in e.value.errors] == [("/a/b", "JSON 键重复：“b” / duplicate key")]


def test_the_parser_search_contains_the_text_check() -> None:
    # check_json_text answers check_text with the parser's search when it finds nothing: every character
    # check_text refuses must be one the parser's search finds
    refused = [chr(c) for c in range(0x10000) if parse._BAD_IN_TEXT.match(chr(c))]
    assert len(refused) == 31  # C0 controls but tab, LF, CR; DEL; the BOM
    assert all(parse._BAD_BMP.match(ch) for ch in refused)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        (CLEAN, True),
        ("\ufeff" + CLEAN, True),  # a leading BOM is dropped, as check_text drops it
        ('{"a": "x\u200by"}', False),  # not check_text's, but the parser's: the located path judges it
        ('{"a": "x\U000e0041"}', True),  # beyond the BMP: searched later, only in a text holding such
    ],
)
def test_json_text_check_is_the_text_check(text: str, clean: bool) -> None:
    assert parse.check_json_text(text, "t.json") == (parse.check_text(text, "t.json"), clean)


@pytest.mark.parametrize("text", ["\ufeff\ufeff{}", '{"a": "\x01"}', '{"a": 1}\x7f', '{"a": "x\ufeffy"}'])
def test_json_text_check_refuses_as_the_text_check(text: str) -> None:
    with pytest.raises(SnapshotFileError) as want:
        parse.check_text(text, "t.json")
    with pytest.raises(SnapshotFileError) as got:
        parse.check_json_text(text, "t.json")
    assert [p.as_dict() for p in got.value.errors] == [p.as_dict() for p in want.value.errors]


def test_strings_are_counted_in_characters_digits_only_outside_strings() -> None:
    # "一二三四五" is 5 characters in 15 bytes: within max_string 5; six are not
    assert parse._clean_text('{"a": "一二三四五"}', {"a": "一二三四五"}, SMALL) is True
    assert parse._clean_text('{"a": "一二三四五六"}', {"a": "一二三四五六"}, SMALL) is False
    # 19 digits in a string are text, not a number json.loads would read otherwise
    assert parse._clean_text('{"a": "1234567890123456789"}', {"a": "1234567890123456789"}, parse.BUDGET)
    assert parse._clean_text('{"a": [-123456789012345678]}', {"a": [-123456789012345678]}, parse.BUDGET)
    assert not parse._clean_text('{"a": [-1234567890123456789]}', {"a": [-1234567890123456789]}, parse.BUDGET)


def test_a_known_clean_text_is_not_searched_again_and_a_known_unclean_one_is_looked_at() -> None:
    text = '{"a": "x\u200by"}'
    assert parse._clean_text(text, orjson.loads(text), parse.BUDGET, bmp_clean=False) is False
    assert parse._clean_text(CLEAN, orjson.loads(CLEAN), parse.BUDGET, bmp_clean=True) is True
