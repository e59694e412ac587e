"""The snapshot model: what a department did in one assessment period, and what is county-wide.

This module holds the public names; the classes live one part a module: ``base`` (field types, base
classes), ``department``, ``platform``, ``consistency`` (cross-field checks), ``codes`` (the USCC check);
the enumerations are ``evaluator.model.enums``.

A *department snapshot* is one department (or a body following the Measures by reference, Art. 71) in
one period (a year) with an as-of date. A *platform snapshot* carries what is county-wide for the
period: the register of what is shared on the city platform, the register of information systems,
service items and their materials, and the authority's own records.

Design rules (docs/decisions/0001-snapshot-schema.md):
- every record has a stable ``id`` so a finding can point at it (JSON pointer + record id);
- unknown fields are errors (``extra="forbid"``); models are frozen;
- enumerations use the statute's Chinese terms (see ``evaluator.model.enums``; English aliases accepted);
- dates are ISO 8601; an event dated after the snapshot's as-of date is an error;
- a fact the rules need and the department did not report is ``null`` — the rules then report it as
  a missing fact, never as compliance.
"""

from __future__ import annotations

from evaluator.model.base import (
    SCHEMA_VERSION,
    Code,
    ItemCode,
    Model,
    Record,
    RecordId,
    ResourceCode,
    ShortText,
    Text,
    Uscc,
)
from evaluator.model.consistency import (
    Problem,
    consistency_problems,
)
from evaluator.model.department import (
    Aggregation,
    AggregationRequest,
    ApplicationScenario,
    Authorisation,
    BusinessNetwork,
    CatalogChange,
    CatalogEntry,
    Collection,
    DataItem,
    DataRelease,
    DataUsage,
    DepartmentSnapshot,
    Duty,
    Extension,
    Incident,
    InfoSystem,
    Interface,
    InterfaceDemand,
    LegalBasis,
    Organisation,
    OwnPlatform,
    Project,
    PublicRequest,
    QualityIssue,
    QualityReport,
    ReportFiled,
    Security,
    SecurityDocument,
    SecurityEvent,
    ShareRequest,
    Staff,
)
from evaluator.model.platform import (
    CatalogReview,
    CityFiling,
    Material,
    PlatformSnapshot,
    RegisteredSystem,
    RosterEntry,
    ServiceItem,
    SharedItem,
    Snapshot,
)

__all__ = [
    "Aggregation",
    "AggregationRequest",
    "ApplicationScenario",
    "Authorisation",
    "BusinessNetwork",
    "CatalogChange",
    "CatalogEntry",
    "CatalogReview",
    "CityFiling",
    "Code",
    "Collection",
    "DataItem",
    "DataRelease",
    "DataUsage",
    "DepartmentSnapshot",
    "Duty",
    "Extension",
    "Incident",
    "InfoSystem",
    "Interface",
    "InterfaceDemand",
    "ItemCode",
    "LegalBasis",
    "Material",
    "Model",
    "Organisation",
    "OwnPlatform",
    "PlatformSnapshot",
    "Problem",
    "Project",
    "PublicRequest",
    "QualityIssue",
    "QualityReport",
    "Record",
    "RecordId",
    "RegisteredSystem",
    "ReportFiled",
    "ResourceCode",
    "RosterEntry",
    "SCHEMA_VERSION",
    "Security",
    "SecurityDocument",
    "SecurityEvent",
    "ServiceItem",
    "ShareRequest",
    "SharedItem",
    "ShortText",
    "Snapshot",
    "Staff",
    "Text",
    "Uscc",
    "consistency_problems",
]
