"""A YAML syntax error is said in a clerk's words, as JSON's are (tests/test_json_words.py): every message
the YAML parser raises on a mutated snapshot has its Chinese (no fall-back to 语法错误), and every listed
message is one the parser really raises (the table cannot rot when libyaml changes its wording). Before,
the refusal said only libyaml's English ("did not find expected ',' or ']'")."""

from __future__ import annotations

import pytest
import yaml

from evaluator.intake.files import SnapshotFileError
from evaluator.intake.yaml_reader import YAML_WORDS, _yaml_loader, parse_yaml, yaml_words

BASE = """schema_version: "1.1"
kind: department
period: 2025
a: [1, 2.5, true, null, "x\\u00e9", 'y']
b: {c: d, "e": f}
g:
  - h: |
      text
  - i: >-
      more
  - &anc j
  - *anc
k: !!str 12
...
"""
EXTRA = [
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "%TAG ! !x\n%TAG ! !y\n---\na: 1\n",
    "%FOO bar\n---\na: 1\n",
    "%YAML 2.0\n---\na: 1\n",
    "%YAML x\n---\na: 1\n",
    "a: 1\n...\nb: 2\n",
    "a: 'x\n",
    "a:\n\tb: 1\n",
]
MUTANTS = ",:{}[]\"'\\\t x1-.&*!|>%@`#?\n"


def _problems() -> set[str]:
    found: set[str] = set()
    texts = list(EXTRA)
    for i in range(len(BASE) + 1):
        texts.append(BASE[:i])
        for ch in MUTANTS:
            texts += [BASE[:i] + ch + BASE[i + 1 :], BASE[:i] + ch + BASE[i:]]
    for text in texts:
        loader = _yaml_loader(text)
        try:
            while loader.check_event():
                loader.get_event()
        except yaml.MarkedYAMLError as e:
            found.add(str(e.problem))
        except yaml.YAMLError:
            pass  # a control character: refused before the parser, with its name (parse.check_text)
        finally:
            loader.dispose()
    return found


def test_every_syntax_message_has_its_chinese_and_every_listed_one_is_real() -> None:
    seen = _problems()
    assert {m for m in seen if yaml_words(m) == "语法错误"} == set()
    assert set(YAML_WORDS) - seen == set()


def test_the_refusal_says_it_in_chinese_first_with_the_english_beside() -> None:
    with pytest.raises(SnapshotFileError) as e:
        parse_yaml("kind: department\na: [1, 2\nb: 3\n...\n", "d.yaml")
    [problem] = e.value.errors
    assert problem.message == (
        "YAML 格式错误（第 3 行第 2 列）：此处应为逗号“,”或右方括号“]”"
        " / malformed YAML (line 3 column 2): did not find expected ',' or ']'"
    )


def test_an_authority_file_with_a_syntax_error_is_said_in_chinese_with_its_line() -> None:
    from evaluator.consumers.upkeep import AuthorityFileError, parse_text

    with pytest.raises(AuthorityFileError) as e:
        parse_text("dashboard", "session:\n  idle_minutes: [1, 2\n  x: 3\n", "dashboard.yaml")
    assert str(e.value) == (
        "dashboard.yaml 不是有效的 YAML（第 3 行第 4 列：此处应为逗号“,”或右方括号“]” / line 3 column 4: "
        "did not find expected ',' or ']'）/ not valid YAML"
    )
