"""A JSON syntax error is said in a clerk's words: every message orjson raises on a mutated snapshot has its
Chinese (no fall-back to 语法错误), and every listed message is one orjson really raises (the table cannot rot
when orjson changes its wording)."""

from __future__ import annotations

import orjson

from evaluator.intake.parse import JSON_WORDS, json_words

BASE = (
    '{"schema_version": "1.1", "kind": "department", "period": 2025, '
    '"a": [1, 2.5, true, null, "x\\u00e9"], "b": {"c": "d"}}'
)
EXTRA = ["", " ", "\ufeff{}", '{"a":"\\ud800"}', '{"a":1,}']


def _messages() -> set[str]:
    found: set[str] = set()
    texts = list(EXTRA)
    for i in range(len(BASE) + 1):
        texts.append(BASE[:i])
        for ch in ',:{}[]"\\tx1-.e \x01':
            texts += [BASE[:i] + ch + BASE[i + 1 :], BASE[:i] + ch + BASE[i:]]
    for text in texts:
        try:
            orjson.loads(text)
        except orjson.JSONDecodeError as e:
            found.add(e.msg)
    return found


def test_every_syntax_message_has_its_chinese_and_every_listed_one_is_real() -> None:
    seen = _messages()
    assert {m for m in seen if json_words(m) == "语法错误"} == set()
    assert set(JSON_WORDS) - seen == set()
    assert json_words("invalid literal, expected 'null'") == "无法识别的字面量，此处应为 'null'"
