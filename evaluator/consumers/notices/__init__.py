"""Art. 67 rectification notices (整改通知书) and the 请示 of an escalation.

    states     the states and what may follow each
    config     the notice settings (shipped + the authority's), example values still in them
    lifecycle  issue, transitions, verification against the latest county run
    numbering  a number per document in the transaction that inserts it; files written or the number voided
    document   the words of a notice and of a 请示 (templates in policies/notices)
    words      the shared wording helpers (dates, values, what must be rectified)
    render     DOCX and PDF in the GB/T 9704 layout: layout (the shared numbers), pdf_render (Typst),
               docx_render (python-docx) and ooxml (schema-order details python-docx leaves to us)

The SQL is the store's (:mod:`evaluator.store.notices`); Art. 68 waivers are :mod:`evaluator.consumers.waivers`.
"""

from evaluator.consumers.notices.config import placeholders, settings
from evaluator.consumers.notices.lifecycle import (
    IssueResult,
    authority_of,
    beijing_today,
    deadline,
    get,
    grounds,
    issue,
    list_notices,
    remaining,
    transition,
)
from evaluator.consumers.notices.states import (
    DRAFT,
    ESCALATED,
    ISSUED,
    OPEN_STATES,
    OVERDUE,
    REFERRED,
    REPORTED,
    STATE_ALIASES,
    TRANSITIONS,
    VERIFIED,
    VOID,
)
from evaluator.errors import NoticeError

__all__ = [
    "DRAFT",
    "ESCALATED",
    "ISSUED",
    "OPEN_STATES",
    "OVERDUE",
    "REFERRED",
    "REPORTED",
    "STATE_ALIASES",
    "TRANSITIONS",
    "VERIFIED",
    "VOID",
    "IssueResult",
    "NoticeError",
    "authority_of",
    "beijing_today",
    "deadline",
    "get",
    "grounds",
    "issue",
    "list_notices",
    "placeholders",
    "remaining",
    "settings",
    "transition",
]
