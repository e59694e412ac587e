"""O&M funding (Art. 9) and project gates (Art. 61): read from the period's scoring."""

from __future__ import annotations

from typing import Any

from evaluator.consumers.assess.scoring import Assessment, assess_period


def funding_period(period: int, **kwargs: Any) -> Assessment:
    """The funding decisions (Art. 9) and project gates (Art. 61) of a period: the same scoring as
    :func:`assess_period`, read for its ``funding`` and ``projects`` parts."""
    return assess_period(period, **kwargs)
