"""Annual assessment (Art. 58-59), O&M funding (Art. 9), project gates (Art. 61), the impact of a draft
and the publishable summary. The CLI (``evaluator/cli/assess.py``) and the dashboard call these.

    roster    who is assessed, their facts and projects, the stored county run
    scoring   the findings scored on OPA under the indicator system; stored with its hash
    funding   the funding decisions and project gates of a period
    impact    a draft policy set compared with the one in force
    publish   the summary the county publishes (no internal evidence)
"""

from evaluator.consumers.assess.funding import funding_period
from evaluator.consumers.assess.impact import impact
from evaluator.consumers.assess.publish import (
    draft_mark,
    placeholder_refusal,
    public_markdown,
    public_summary,
)
from evaluator.consumers.assess.scoring import Assessment, assess_period, indicator_hash, score, score_what_if

__all__ = [
    "Assessment",
    "assess_period",
    "funding_period",
    "impact",
    "indicator_hash",
    "draft_mark",
    "placeholder_refusal",
    "public_markdown",
    "public_summary",
    "score",
    "score_what_if",
]
