"""A small county for the dashboard tests: the fixture county when it exists, else one built in code.

Imported and evaluated into a fresh database (``url``) with the real OPA; two periods, so trends show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from evaluator.engine import OpaServer
from evaluator.evaluate import api
from tests.support import snapshots as S

FIXTURE_COUNTY = Path(__file__).resolve().parents[2] / "fixtures" / "county"

POLICE = S.DEPT
CIVIL = S.OTHER
AUTHORITY = S.AUTHORITY


def _dept(code: str, name: str, period: int, **over: Any) -> dict[str, Any]:
    doc = S.department(code, period, **over)
    doc["department"]["name"] = name
    return doc


def built_county(period: int) -> list[dict[str, Any]]:
    violation = [
        {
            "id": "R-1",
            "code": "R-MZ-1",
            "name": "低保对象信息",
            "share_attribute": "有条件共享",
            "share_bases": [{"rank": "部门文件", "title": "县民政局关于数据管理的通知"}],
        }
    ]
    return [
        S.platform(period),
        _dept(POLICE, "县公安局", period),
        _dept(CIVIL, "县民政局", period, catalog=violation),
        _dept(AUTHORITY, "县政务服务和大数据管理局", period),
    ]


def write_county(folder: Path, period: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in built_county(period):
        who = doc.get("department", {}).get("code", "platform")
        p = folder / f"{period}-{who}.yaml"
        p.write_text(yaml.safe_dump(doc, allow_unicode=True, explicit_end=True), "utf-8")
        paths.append(p)
    return paths


def load_county(tmp: Path, url: str, server: OpaServer) -> dict[str, Any]:
    """Import and evaluate the county; returns what the tests need to know about it."""
    if FIXTURE_COUNTY.is_dir() and any(FIXTURE_COUNTY.rglob("*.yaml")):
        results = api.import_paths([FIXTURE_COUNTY], url)
    else:
        results = api.import_paths(write_county(tmp / "c2024", 2024) + write_county(tmp / "c2025", 2025), url)
    for p in sorted({r.period for r in results}):
        api.evaluate_stored(p, url=url, server=server)
    depts = sorted({r.dept for r in results if r.kind == "department"})
    return {"periods": sorted({r.period for r in results}), "depts": depts}
