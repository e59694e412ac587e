"""The one input document of a county period: the snapshots as JSON, the facts Python computes for the
rules (identifier check characters, masked) and the department names the rules read through
``data.lib.county.names``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from evaluator.facts.identifiers import IdStatus, id_number_status, uscc_status
from evaluator.facts.names import name_key
from evaluator.model.enums import IdentifierType
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot

# ---------------------------------------------------------------------------------------------
# Facts


def _mask(value: str) -> str:
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def compute_facts(snap: DepartmentSnapshot) -> dict[str, Any]:
    """Facts the rules read and Rego cannot compute: identifier validity (check characters), the name
    key of each system (A62.1)."""
    return compute_facts_doc(snap.model_dump(mode="json"))


def compute_facts_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """:func:`compute_facts` on a department snapshot as JSON (validated, e.g. as stored)."""
    identifiers: dict[str, list[dict[str, Any]]] = {}
    for c in doc.get("collections") or ():
        samples = c.get("identifier_samples") or ()
        if not samples:
            continue
        kind = c.get("identifier_type")
        if kind == IdentifierType.ID_NUMBER.value:
            statuses = [id_number_status(x) for x in samples]
        elif kind == IdentifierType.USCC.value:
            statuses = [uscc_status(x) for x in samples]
        else:
            statuses = [IdStatus.VALID for _ in samples]
        identifiers[c["id"]] = [
            {"index": i, "masked": _mask(x), "status": st.value}
            for i, (x, st) in enumerate(zip(samples, statuses, strict=True))
        ]
    return {"identifiers": identifiers, "system_name_keys": _name_keys(doc.get("systems"))}


def _name_keys(records: Any) -> list[str]:
    """The match key of each record's name, by position (A62.1 matches systems by name: facts/names.py)."""
    return [name_key(r.get("name") or "") for r in records or ()]


def platform_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """The platform snapshot as the rules read it: with the facts Python computes for it (the name key of
    each registered system, by position in ``system_register``; the names of the shared items and
    resources by code, :func:`shared_names`)."""
    facts = {"system_register_name_keys": _name_keys(doc.get("system_register")), **shared_names(doc)}
    return {**doc, "facts": facts}


def shared_names(doc: dict[str, Any]) -> dict[str, Any]:
    """The names the rules' messages use for codes (data.lib.county.item_name, .resource; decision 0026),
    from the city platform's register of shared items: ``item_names`` (item code → name) and
    ``resources`` (resource code → {"name": name or None, "dept": providing department}). Where the
    register gives one code two names, the first entry in register order names it."""
    items: dict[str, str] = {}
    resources: dict[str, dict[str, Any]] = {}
    for it in doc.get("shared_items") or ():
        items.setdefault(it["item_code"], it["item_name"])
        res = resources.setdefault(it["resource_code"], {"name": None, "dept": it["provider"]})
        if res["name"] is None and it.get("resource_name") and res["dept"] == it["provider"]:
            res["name"] = it["resource_name"]
    return {"item_names": items, "resources": resources}


def department_doc(doc: dict[str, Any]) -> dict[str, Any]:
    return {**doc, "facts": compute_facts_doc(doc)}


def build_input(
    period: int,
    platform: PlatformSnapshot | None,
    departments: Sequence[DepartmentSnapshot],
    waivers: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The one input document of a county period; ``waivers`` (Art. 68) go in ``input.waivers``."""
    docs = [d.model_dump(mode="json") for d in departments]
    return build_input_docs(period, platform.model_dump(mode="json") if platform else None, docs, waivers)


def build_input_docs(
    period: int,
    platform: dict[str, Any] | None,
    departments: Sequence[dict[str, Any]],
    waivers: Sequence[dict[str, Any]] | None = None,
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The input document from snapshots as JSON. ``names`` (code → name of every department of the
    evaluation, all partitions) goes in ``input.department_names`` (data.lib.county.names)."""
    out: dict[str, Any] = {"period": period, "departments": [department_doc(d) for d in departments]}
    out["department_names"] = names if names is not None else names_of(departments)
    if platform is not None:
        out["platform"] = platform_doc(platform)
    if waivers:
        out["waivers"] = list(waivers)
    return out


def names_of(departments: Iterable[dict[str, Any]]) -> dict[str, str]:
    return {d["department"]["code"]: d["department"]["name"] for d in departments}
