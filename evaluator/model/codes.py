"""The GB 32100 check of a 统一社会信用代码: a pure function of the string, used by the model to refuse a
department code that cannot be one, and by the facts the rules read (``evaluator.facts.identifiers``)."""

from __future__ import annotations

import re
from enum import StrEnum

from stdnum.cn import uscc

_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class IdStatus(StrEnum):
    """Status of an identifier, as the Rego rules read it."""

    VALID = "valid"
    UNKNOWN_REGION = "unknown_region"  # well-formed, right check digit, region not in the table: a warning
    BAD_FORMAT = "bad_format"
    BAD_DATE = "bad_date"
    BAD_CHECK = "bad_check"


def uscc_status(value: str) -> IdStatus:
    """Judge an 18-character 统一社会信用代码 by its GB 32100 check character."""
    code = value.strip().upper()
    if not _USCC_RE.match(code):
        return IdStatus.BAD_FORMAT
    if uscc.calc_check_digit(code[:-1]) != code[-1]:
        return IdStatus.BAD_CHECK
    return IdStatus.VALID


def uscc_with_check(first17: str) -> str:
    """Complete a 17-character USCC body with its check character (fixtures and generators use this)."""
    return first17 + uscc.calc_check_digit(first17)
