"""The states of a rectification notice (Art. 67) and what may follow each: data, read from
``policies/notices/lifecycle.yaml`` (:mod:`.policy`)."""

from __future__ import annotations

from evaluator.consumers.notices.policy import load_lifecycle
from evaluator.store.notices import OPEN_NOTICE_STATES

_LIFE = load_lifecycle()
DRAFT, VOID, ISSUED, REPORTED, VERIFIED, OVERDUE, ESCALATED, REFERRED = (
    _LIFE.states[k]
    for k in ("draft", "void", "issued", "reported", "verified", "overdue", "escalated", "referred")
)
STATE_ALIASES = _LIFE.aliases
# what may follow each state; 已整改 and 移送 are final (a 作废 row never was a notice)
TRANSITIONS: dict[str, tuple[str, ...]] = _LIFE.transitions
OPEN_STATES = OPEN_NOTICE_STATES  # the database's constraint: it must be the data's open states
if tuple(OPEN_STATES) != _LIFE.open_states:  # pragma: no cover - a data/schema mismatch is a defect
    raise RuntimeError(f"lifecycle.yaml open states {_LIFE.open_states} ≠ the store's {OPEN_STATES}")
