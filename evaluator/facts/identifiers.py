"""Facts about identifiers: 居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100).

These are facts, not norms: they say what an identifier *is* (well-formed, real date of birth, right
check character). Whether a department may key its data by it is the Rego rule's business (Art. 24).

python-stdnum computes both check characters. The USCC check is the model's (``evaluator.model.codes``,
which refuses a department code that fails it), re-exported here beside the ID-number facts. stdnum's
``is_valid`` for ID numbers also rejects region codes by a table of dates, which real people's numbers
can break (retired or renamed counties); so the region is judged separately and an unknown region is only a warning status, never an invalid number.
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum.cn import ric

from evaluator.model.codes import IdStatus, uscc_status, uscc_with_check

__all__ = ["IdStatus", "id_number_status", "id_number_with_check", "uscc_status", "uscc_with_check"]

_ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_number_status(value: str) -> IdStatus:
    """Judge an 18-character 居民身份证号码 as GB 11643 does."""
    number = value.strip().upper()
    if not _ID_RE.match(number):
        return IdStatus.BAD_FORMAT
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return IdStatus.BAD_DATE
    if birth.year < 1850:
        return IdStatus.BAD_DATE
    if ric.calc_check_digit(number) != number[-1]:
        return IdStatus.BAD_CHECK
    if not _region_known(number[:6]):
        return IdStatus.UNKNOWN_REGION
    return IdStatus.VALID


def id_number_with_check(first17: str) -> str:
    """Complete a 17-digit ID body with its MOD 11-2 check character."""
    return first17 + ric.calc_check_digit(first17 + "0")


def _region_known(code6: str) -> bool:
    """Whether the 6-digit region code is in python-stdnum's table of administrative divisions, at any date."""
    from stdnum import numdb

    results = numdb.get("cn/loc").info(code6)
    return any(props for _part, props in results)
