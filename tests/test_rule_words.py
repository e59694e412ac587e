"""A rule's message says a data resource as lib.words does (decision 0026): 「数据资源「排污许可信息」」, never the
bare 「资源「排污许可信息」」 that A13.1, A13.2, A29.2, A37.1, A37.2, A44.1, A44.2, A62.2 and A72 wrote while the
others said 数据资源 (the same notice read both). Checked in every rule's source and its tests. And a number in
a message is not padded with spaces (「逾期1个工作日」, not 「逾期 1 个工作日」): one convention with the notices and
the public summary; the notices stripped the spaces, the staff views showed them."""

from __future__ import annotations

import re
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "policies" / "rego" / "rules"
BARE = re.compile(r"(?<!数据)资源「")
LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
PADDED = re.compile(r"[\u4e00-\u9fff（），：；、「」] +%[dvs]|%[dvs] +[\u4e00-\u9fff（），：；、「」]")


def test_no_rule_says_a_bare_resource() -> None:
    sources = sorted(RULES.rglob("*.rego"))
    assert len(sources) > 90
    said = [
        f"{p.relative_to(RULES)}:{n}"
        for p in sources
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if BARE.search(line)
    ]
    assert said == []
    assert any("数据资源「%s」" in p.read_text("utf-8") for p in sources)


def test_no_rule_message_pads_a_number_with_spaces() -> None:
    sources = [p for p in RULES.rglob("*.rego") if not p.name.endswith("_test.rego")]
    sources += [
        RULES.parent / "lib" / "deadline" / "deadline.rego",
        RULES.parent / "lib" / "extension" / "extension.rego",
    ]
    padded = [
        f"{p.name}:{n}: {m[0]}"
        for p in sources
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if not line.lstrip().startswith("#")
        for lit in LITERAL.findall(line)
        for m in PADDED.finditer(lit)
    ]
    assert padded == []
    assert any("逾期%d个工作日" in p.read_text("utf-8") for p in sources)
