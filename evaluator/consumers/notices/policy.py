"""The Art. 67 notice lifecycle and the Art. 68 grounds, read from ``policies/notices/lifecycle.yaml``.

The norm (which states, which transitions, which grounds of exemption) is data; this module only reads
and checks it: every transition names known states, the open states are known, and each ground's quote
occurs verbatim in Art. 68 (the statute data), so a ground cannot drift from the Measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evaluator.consumers.notices.words import WordsError, article_text, notices_data


@dataclass(frozen=True)
class Lifecycle:
    states: dict[str, str]  # English name → Chinese state
    transitions: dict[str, tuple[str, ...]]  # Chinese state → the Chinese states that may follow
    open_states: tuple[str, ...]
    aliases: dict[str, str]  # English name → Chinese state (the CLI accepts both)
    grounds: dict[str, str]  # ground or its alias → the ground (尽职 | 不可抗力)


def load_lifecycle() -> Lifecycle:
    data: dict[str, Any] = notices_data("lifecycle")
    states = {str(k): str(v) for k, v in data["states"].items()}

    def zh(name: str) -> str:
        if name not in states:
            raise WordsError(f"lifecycle.yaml：未知的状态 {name} / unknown state {name}")
        return states[name]

    transitions = {zh(k): tuple(zh(x) for x in v) for k, v in data["transitions"].items()}
    open_states = tuple(zh(x) for x in data["open"])
    ex = data["exemption"]
    text = article_text(int(ex["article"]))
    grounds: dict[str, str] = {}
    for ground, spec in ex["grounds"].items():
        if str(spec["quote"]) not in text:
            raise WordsError(
                f"lifecycle.yaml：免责事由“{ground}”所引原文不在第{ex['article']}条中 / ground quote not in the article"
            )
        for name in (ground, *spec.get("aliases", [])):
            grounds[str(name)] = str(ground)
    aliases = {k: v for k, v in states.items() if k not in ("draft", "void")}
    return Lifecycle(states, transitions, open_states, aliases, grounds)
