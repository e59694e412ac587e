"""Dates that cannot be true: checked at import, each refusal located by JSON pointer and record id.

The world imposes an order on some dates; a snapshot that breaks it describes something that did not
happen, and evaluating it would give invented findings or invented compliance. Refused here:

- ``as_of`` after today (Beijing time), or outside the period's window (from 1 January of the period to
  31 December of the next year: the assessment of year N is made during or just after year N);
- any date after ``as_of``, or before the earliest year a snapshot may describe;
- within one record, a later step dated before an earlier one (``ORDERS``: an answer before its
  request, a delivery before the request, a correction before the decision, …);
- a report on year N submitted before year N has ended, or a report on a year after ``as_of``.

Where the statute makes the order itself the violation (an answer *after* its deadline, a report filed
after the end of January), the rules report it as a finding; nothing here judges lateness
(docs/decisions/0017-intake-budgets-and-chronology.md lists each pair and why it is an import error).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from evaluator.intake.keys import holds_model, keys_set
from evaluator.model.snapshot import (
    AggregationRequest,
    BusinessNetwork,
    CatalogChange,
    CatalogReview,
    CityFiling,
    DepartmentSnapshot,
    Extension,
    InterfaceDemand,
    PlatformSnapshot,
    Project,
    PublicRequest,
    QualityIssue,
    Record,
    ReportFiled,
    SecurityDocument,
    ShareRequest,
)
from evaluator.model.walk import fields_holding

BEIJING = ZoneInfo("Asia/Shanghai")


def _floor_year() -> int:
    """The earliest period the schema allows (``period: ge=…``): no event dated before it is real."""
    for meta in DepartmentSnapshot.model_fields["period"].metadata:
        ge = getattr(meta, "ge", None)
        if ge is not None:
            return int(ge)
    raise RuntimeError("DepartmentSnapshot.period has no lower bound")


# Dates of things that can predate the Measures' period (a network built in 1995) only need to be real.
HISTORIC_FLOOR = dt.date(1949, 10, 1)
HISTORIC: set[tuple[type[BaseModel], str]] = {(BusinessNetwork, "established")}


@dataclass(frozen=True)
class Order:
    """Within one record, ``later`` cannot be dated before ``earlier``."""

    model: type[BaseModel]
    earlier: str
    later: str


ORDERS: list[Order] = [
    Order(InterfaceDemand, "requested", "agreed_due"),
    Order(InterfaceDemand, "requested", "delivered"),
    Order(CatalogChange, "trigger_date", "applied"),
    Order(PublicRequest, "received", "answered"),
    Order(QualityIssue, "distributed", "decided"),
    Order(QualityIssue, "distributed", "corrected"),
    Order(QualityIssue, "decided", "corrected"),
    Order(Project, "applied", "accepted"),
    Order(CatalogReview, "received", "reviewed"),
    Order(CityFiling, "change_date", "filed"),
    # snapshot 1.1 dated facts (issue 15)
    Order(ShareRequest, "requested", "decided"),
    Order(Extension, "applied_on", "approved_on"),
    Order(AggregationRequest, "requested", "answered"),
    Order(CatalogReview, "received", "responsibility_list_updated"),
    Order(SecurityDocument, "adopted", "revised"),  # each revision after the adoption
]


@functools.cache
def _orders_of(model: type[BaseModel]) -> tuple[Order, ...]:
    """The orders that bind a record of ``model`` (read once a model class)."""
    return tuple(o for o in ORDERS if issubclass(model, o.model))


@dataclass(frozen=True)
class DateProblem:
    pointer: str
    record_id: str | None
    message: str


def today_beijing() -> dt.date:
    return dt.datetime.now(BEIJING).date()


@functools.cache
def _zh(model: type[BaseModel], name: str) -> str:
    info: FieldInfo = model.model_fields[name]
    return (info.description or name).split(" / ")[0]


def chronology_problems(
    snap: DepartmentSnapshot | PlatformSnapshot,
    today: dt.date | None = None,
    records: Callable[[str, Record], None] | None = None,
    keys: list[int] | None = None,
) -> list[DateProblem]:
    """Every impossible date of one validated snapshot, in document order. ``records`` is called with
    each record and its pointer, in document order, on the way (the unique-id check rides this walk);
    ``keys`` gets the number of fields set in all its models (the keys read from JSON: ``intake/keys.py``)."""
    today = today or today_beijing()
    as_of = snap.as_of
    out: list[DateProblem] = []
    if as_of > today:
        out.append(
            DateProblem(
                "/as_of",
                None,
                f"快照截止日期 {as_of} 晚于今天（{today}，北京时间）：不能报送尚未发生的情况 / "
                f"as_of {as_of} is after today ({today}, Beijing time)",
            )
        )
    start, end = dt.date(snap.period, 1, 1), dt.date(snap.period + 1, 12, 31)
    if not start <= as_of <= end:
        out.append(
            DateProblem(
                "/as_of",
                None,
                f"快照截止日期 {as_of} 与评价年度 {snap.period} 不符：应在 {start} 至 {end} 之间 / "
                f"as_of {as_of} does not match period {snap.period}: expected {start} to {end}",
            )
        )
    floor = dt.date(_floor_year(), 1, 1)
    walk = _Walk(as_of, floor, out, records)
    walk.model(snap, "", None)
    if keys is not None:
        keys.append(walk.keys)
    return out


@dataclass(frozen=True)
class _Plan:
    """What the walk does with a model class: read once a class."""

    record: bool
    fields: tuple[tuple[str, str, bool], ...]  # name, its Chinese name, whether the historic floor applies
    orders: tuple[Order, ...]
    report: bool
    counted: tuple[str, ...]  # fields holding models with neither a date nor a record: their keys counted


_PLANS: dict[type[BaseModel], _Plan] = {}


def _plan(model: type[BaseModel]) -> _Plan:
    plan = _PLANS.get(model)
    if plan is None:
        plan = _PLANS[model] = _Plan(
            issubclass(model, Record),
            tuple((n, _zh(model, n), (model, n) in HISTORIC) for n in fields_holding(model, dt.date)),
            _orders_of(model),
            issubclass(model, ReportFiled),
            tuple(
                n
                for n, info in model.model_fields.items()
                if holds_model(info.annotation) and n not in fields_holding(model, dt.date)
            ),
        )
    return plan


@dataclass
class _Walk:
    as_of: dt.date
    floor: dt.date
    out: list[DateProblem]
    records: Callable[[str, Record], None] | None
    keys: int = 0

    def model(self, obj: BaseModel, pointer: str, rid: str | None) -> None:
        plan = _plan(type(obj))
        self.keys += len(obj.__pydantic_fields_set__)
        for name in plan.counted:
            self.keys += keys_set(getattr(obj, name))
        if plan.record:
            rid = obj.id  # type: ignore[attr-defined]
            if self.records is not None:
                self.records(pointer, obj)  # type: ignore[arg-type]
        as_of, out = self.as_of, self.out
        for name, zh, historic in plan.fields:  # only fields that can hold a date or a record
            value = getattr(obj, name)
            if value is None:
                continue
            if isinstance(value, dt.date):
                if pointer == "" and name == "as_of":
                    continue
                if value > as_of or value < self.floor or historic:
                    _bounds(
                        value,
                        f"{pointer}/{name}",
                        rid,
                        zh,
                        as_of,
                        HISTORIC_FLOOR if historic else self.floor,
                        out,
                    )
            elif isinstance(value, list):
                if not value:
                    continue
                here = f"{pointer}/{name}"
                if isinstance(value[0], dt.date):
                    for i, d in enumerate(value):
                        if d > as_of or d < self.floor:
                            _bounds(d, f"{here}/{i}", rid, zh, as_of, self.floor, out)
                else:
                    for i, v in enumerate(value):
                        if isinstance(v, BaseModel):
                            self.model(v, f"{here}/{i}", rid)
            elif isinstance(value, BaseModel):
                self.model(value, f"{pointer}/{name}", rid)
        for order in plan.orders:
            first, later = getattr(obj, order.earlier), getattr(obj, order.later)
            many = isinstance(later, list)
            for j, then in enumerate(later if many else [later]):
                if first is not None and then is not None and then < first:
                    a, b = _zh(type(obj), order.earlier), _zh(type(obj), order.later)
                    out.append(
                        DateProblem(
                            f"{pointer}/{order.later}" + (f"/{j}" if many else ""),
                            rid,
                            f"{b} {then} 早于{a} {first}：不可能先有后者 / {order.later} {then} is before "
                            f"{order.earlier} {first}",
                        )
                    )
        if plan.report:
            _report(obj, pointer, rid, as_of, out)  # type: ignore[arg-type]


def _bounds(
    value: dt.date,
    pointer: str,
    rid: str | None,
    what: str,
    as_of: dt.date,
    floor: dt.date,
    out: list[DateProblem],
) -> None:
    if value > as_of:
        out.append(
            DateProblem(
                pointer,
                rid,
                f"{what} {value} 晚于快照截止日期 {as_of} / date {value} is after the snapshot's as-of "
                f"date {as_of}",
            )
        )
    elif value < floor:
        out.append(
            DateProblem(
                pointer,
                rid,
                f"{what} {value} 早于 {floor}，不是本快照能记载的日期 / date {value} is before {floor}",
            )
        )


def _report(rep: ReportFiled, pointer: str, rid: str | None, as_of: dt.date, out: list[DateProblem]) -> None:
    year_end = dt.date(rep.covers_year, 12, 31)
    if rep.covers_year > as_of.year:
        out.append(
            DateProblem(
                f"{pointer}/covers_year",
                rid,
                f"所属年度 {rep.covers_year} 晚于快照截止日期 {as_of} 所在年度 / year reported on is after "
                "the as-of year",
            )
        )
    elif rep.submitted is not None and rep.submitted <= year_end:
        out.append(
            DateProblem(
                f"{pointer}/submitted",
                rid,
                f"{rep.covers_year} 年度的材料于 {rep.submitted} 提交，该年度尚未结束（{year_end} 之后才能提交）"
                f" / the report on {rep.covers_year} is dated {rep.submitted}, before that year ended",
            )
        )
