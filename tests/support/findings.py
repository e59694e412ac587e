"""A whole finding (every field of evaluator.model.results.Finding) from the few fields a test cares about."""

from __future__ import annotations

from typing import Any


def finding(**given: Any) -> dict[str, Any]:
    """The fields a test gives over neutral defaults; ``key`` is left to the legacy reading unless given."""
    subject = given.get("subject", "R-1")
    base: dict[str, Any] = {
        "rule_id": "A1",
        "article": 1,
        "item": None,
        "citation_zh": "第一条",
        "article_text_zh": "",
        "title_zh": "",
        "severity": "minor",
        "severity_zh": "一般",
        "dimension": "catalog",
        "dimension_zh": "目录",
        "rectification_ground": None,
        "bears_on_funding": False,
        "record_only": False,
        "record_reason_zh": "",
        "department": "D1",
        "department_name": "",
        "by_reference": False,
        "period": 2025,
        "subject": subject,
        "message_zh": "",
        "evidence": [{"snapshot": "", "pointer": f"/x/{subject}", "record_id": subject, "values": {}}],
        "waived": False,
        "waiver": None,
    }
    return {**base, **given}
