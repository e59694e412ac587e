"""Chronology is part of validity (issue 19 item 2): a property test reverses every ordered pair of
dates of every dated record kind and expects exactly one located error naming the right record; every
date field of the model is classified (ordered, or bounded only by as_of and the floor)."""

from __future__ import annotations

import copy
import datetime as dt
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from evaluator.intake.chronology import HISTORIC, ORDERS, Order
from evaluator.intake.files import SnapshotFileError, validate_document
from evaluator.model import snapshot as S

COUNTY = Path(__file__).resolve().parent.parent / "fixtures" / "county"
DOCS = [yaml.safe_load(f.read_text("utf-8")) for f in sorted(COUNTY.glob("*.yaml"))]
AS_OF = dt.date(2026, 2, 27)
TODAY = dt.date(2026, 12, 1)
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

# Dates that only need to lie between the floor and as_of (each is one event, no partner to precede).
SINGLE = {
    (S.CatalogEntry, "last_refreshed"),
    (S.BusinessNetwork, "established"),
    (S.ShareRequest, "requested"),
    (S.DataRelease, "date"),
    (S.Security, "risk_assessments"),
    (S.Security, "drills"),
    (S.Incident, "date"),
    (S.SecurityEvent, "date"),
    (S.ReportFiled, "submitted"),  # ordered against covers_year (test_report_before_its_year_ends)
    (S.ApplicationScenario, "launched"),
    # snapshot 1.1
    (S.Aggregation, "filed_on"),
    (S.Authorisation, "date"),
    (S.DataUsage, "used_on"),
    (S.Interface, "published_on"),
    (S.Organisation, "head_first_responsible_since"),
}


def _date_fields(model: type[BaseModel]) -> set[str]:
    out = set()
    for name, info in model.model_fields.items():
        text = str(info.annotation)
        if "datetime.date" in text:
            out.add(name)
    return out


def _models() -> list[type[BaseModel]]:
    return [
        m
        for m in vars(S).values()
        if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == S.__name__
    ]


def test_every_date_field_is_classified() -> None:
    ordered = {(o.model, f) for o in ORDERS for f in (o.earlier, o.later)}
    dated = {(m, f) for m in _models() for f in _date_fields(m) if f != "as_of"}
    assert dated - ordered - SINGLE - HISTORIC == set(), "a new date field: add it to ORDERS or to SINGLE"


def _section(model: type[BaseModel]) -> tuple[str, str]:
    """(kind, list field) of the snapshot that holds records of ``model``."""
    for snap, kind in ((S.DepartmentSnapshot, "department"), (S.PlatformSnapshot, "platform")):
        for name, info in snap.model_fields.items():
            args = typing.get_args(info.annotation)
            if args and args[0] is model:
                return kind, name
    raise AssertionError(model)


def _first(kind: str, section: str) -> dict[str, Any]:
    for doc in DOCS:
        if doc["kind"] == kind and doc.get(section):
            base = copy.deepcopy(doc)
            base[section] = base[section][:1]
            return base
    raise AssertionError(f"no fixture record in {section}")


def _nested(order: Order) -> tuple[dict[str, Any], list[Any], str]:
    """A minimal valid record of a kind that lives inside another record: (doc, its path, record id)."""
    if order.model is S.Extension:
        doc = _first("department", "interface_demands")
        doc["interface_demands"][0]["extension"] = {
            "written_application": True,
            "approved": True,
            "working_days": 1,
        }
        return doc, ["interface_demands", 0, "extension"], doc["interface_demands"][0]["id"]
    if order.model is S.AggregationRequest:
        doc = _first("department", "catalog")
        entry = doc["catalog"][0]
        entry["aggregation"] = {
            **(entry.get("aggregation") or {"status": "已汇聚"}),
            "authority_request": {"answer": "同意汇聚"},
        }
        return doc, ["catalog", 0, "aggregation", "authority_request"], entry["id"]
    if order.model is S.SecurityDocument:
        doc = _first("department", "catalog")
        doc["security"]["documents"] = [
            {"id": "sd-1", "kind": "数据安全防护制度", "title": "数据安全防护制度"}
        ]
        return doc, ["security", "documents", 0], "sd-1"
    raise AssertionError(f"{order.model.__name__}: add a builder for this dated record kind")


def _base(order: Order) -> tuple[dict[str, Any], list[Any], str]:
    try:
        kind, section = _section(order.model)
    except AssertionError:
        return _nested(order)
    doc = _first(kind, section)
    return doc, [section, 0], doc[section][0]["id"]


def _role(order: Order, other: str) -> str:
    if any(
        o.model is order.model and o.earlier == other and o.later in (order.earlier, order.later)
        for o in ORDERS
    ):
        return "min"
    return "max"


reversed_pair = st.tuples(
    st.dates(dt.date(2000, 1, 1), AS_OF - dt.timedelta(days=1)), st.integers(1, 3000)
).map(lambda t: (t[0], min(AS_OF, t[0] + dt.timedelta(days=t[1]))))


@pytest.mark.parametrize("order", ORDERS, ids=[f"{o.model.__name__}.{o.earlier}<{o.later}" for o in ORDERS])
@PROPERTY
@given(dates=reversed_pair)
def test_a_reversed_pair_is_one_located_error(order: Order, dates: tuple[dt.date, dt.date]) -> None:
    early, late = dates  # early < late; the record gets them the wrong way round
    doc, path, rid = _base(order)
    record: Any = doc
    for part in path:
        record = record[part]
    for name in _date_fields(order.model):
        if name not in (order.earlier, order.later):
            required = order.model.model_fields[name].is_required()
            record[name] = (early if _role(order, name) == "min" else late).isoformat() if required else None
    many = isinstance(record.get(order.later), list) or "list[" in str(
        order.model.model_fields[order.later].annotation
    )
    record[order.earlier] = late.isoformat()
    record[order.later] = [early.isoformat()] if many else early.isoformat()
    with pytest.raises(SnapshotFileError) as exc:
        validate_document(doc, "chronology.yaml", today=TODAY)
    where = "/" + "/".join(str(p) for p in path) + f"/{order.later}" + ("/0" if many else "")
    assert [(e.pointer, e.record_id) for e in exc.value.errors] == [(where, rid)]
    assert f"{early} 早于" in exc.value.errors[0].message


@PROPERTY
@given(year=st.integers(2000, 2025), day=st.integers(0, 364))
def test_report_before_its_year_ends(year: int, day: int) -> None:
    doc = copy.deepcopy(next(d for d in DOCS if d["kind"] == "department" and d.get("reports")))
    doc["reports"] = doc["reports"][:1]
    submitted = dt.date(year, 1, 1) + dt.timedelta(days=day)
    doc["reports"][0].update(covers_year=year, submitted=submitted.isoformat())
    with pytest.raises(SnapshotFileError) as exc:
        validate_document(doc, "report.yaml", today=TODAY)
    assert [(e.pointer, e.record_id) for e in exc.value.errors] == [
        ("/reports/0/submitted", doc["reports"][0]["id"])
    ]


@PROPERTY
@given(period=st.integers(2000, 2100).filter(lambda p: p not in (2025, 2026)))
def test_as_of_outside_the_period_window(period: int) -> None:
    doc = copy.deepcopy(next(d for d in DOCS if d["kind"] == "department"))
    doc["period"] = period
    with pytest.raises(SnapshotFileError) as exc:
        validate_document(doc, "period.yaml", today=TODAY)
    assert ("/as_of", None) in [(e.pointer, e.record_id) for e in exc.value.errors]
    assert any(f"与评价年度 {period} 不符" in e.message for e in exc.value.errors)


def test_the_county_is_chronologically_valid() -> None:
    for doc in DOCS:
        validate_document(doc, "county", today=TODAY)
