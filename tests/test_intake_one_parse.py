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
