"""合成一个省的一个年度：N 个部门快照 + 平台快照，违规按已知比例注入，由种子决定。

Synthetic province for one period (issue 10): N departments (default 10,000) of about 500 records each,
a platform register, rule violations injected at declared rates, deterministic from ``--seed``.

Every department is built from the fixture department ``fixtures/county/15-tongjiju.yaml``, which keeps
every duty (the base department is clean under every rule); its records are repeated
with fresh ids and codes, then violations are injected into a seeded random subset of departments.

Output: one JSON Lines file — line 1 the platform snapshot, then one department a line — plus
``<out>.manifest.json`` naming, for every injected rule, the departments it was injected into. JSON Lines
was chosen over one file a department: 10,000 files cost ~2× the parse time in open/stat calls and the
importer reads one stream anyway.

    .venv/bin/python benchmarks/generate.py -n 10000 -o build/bench/province-10000.jsonl
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import orjson
import yaml
from stdnum.cn import uscc

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "fixtures" / "county" / "15-tongjiju.yaml"

# records a department gets (≈ 500 in all); catalog entries carry their data items and interfaces
SIZES = {
    "catalog": 100,
    "systems": 10,
    "collections": 60,
    "share_requests": 60,
    "data_usage": 60,
    "releases": 60,
    "interface_demands": 40,
    "catalog_changes": 30,
    "open_catalog_corrections": 20,
    "open_data_requests": 20,
    "quality_issues": 40,
}

# the declared violation rates: share of departments that get one break of that rule
RATES = {
    "A7": 0.02,  # no full-time data staff
    "A24": 0.02,  # an identifier sample with a wrong check character
    "A27": 0.03,  # data quality below the threshold
    "A42": 0.05,  # an own open platform still running
    "A46": 0.02,  # an open-data request still unanswered past its deadline (A62.8 sums it up)
    "A62.1": 0.02,  # a system in the county register the department does not report
    "A62.3": 0.03,  # self-collecting an item another department shares
    "A62.4": 0.05,  # data obtained for a duty the department does not have
}


def dept_code(n: int) -> str:
    body = f"11411325{600000000 + n:09d}"
    return body + uscc.calc_check_digit(body)


def _sample_uscc(n: int, k: int, j: int) -> str:
    body = f"914113{n:05d}{k:03d}{j:03d}"[:17]
    return body + uscc.calc_check_digit(body)


def _copy(x: Any) -> Any:
    return orjson.loads(orjson.dumps(x))  # ~10x faster than copy.deepcopy for plain JSON data


def _template() -> dict[str, Any]:
    doc = yaml.safe_load(TEMPLATE.read_text("utf-8"))
    # the fixture department keeps every duty (no deliberate break): the base department is clean
    return dict(doc)


def _department(t: dict[str, Any], n: int, codes: list[str]) -> dict[str, Any]:
    """Department n, clean: the template's records repeated with fresh ids, codes and item codes."""
    code = codes[n]
    p = f"d{n:05d}"
    d = _copy({k: v for k, v in t.items() if k not in SIZES})
    dep = d["department"]
    dep.update(code=code, name=f"合成省第{n:05d}号政务部门", head=f"负责人{n:05d}")
    dep["data_staff"] = [dict(s, id=f"{p}-staff-{i}") for i, s in enumerate(dep["data_staff"])]
    duty = f"{p}-duty-1"
    dep["duties"] = [dict(dep["duties"][0], id=duty)]
    sys_ids = [f"{p}-sys-{i}" for i in range(SIZES["systems"])]
    cat = []
    for k in range(SIZES["catalog"]):
        e = _copy(t["catalog"][k % len(t["catalog"])])
        e["id"] = f"{p}-res-{k}"
        e["code"] = f"S{n:05d}-{k:03d}"
        e["name"] = f"{e['name']}{k}"
        e["system_id"] = sys_ids[k % len(sys_ids)]
        e["items"] = [dict(it, code=f"I{n:05d}{k:03d}{j}") for j, it in enumerate(e["items"])]
        e["interfaces"] = [dict(x, id=f"{p}-if-{k}-{j}") for j, x in enumerate(e["interfaces"])]
        cat.append(e)
    d["catalog"] = cat
    shareable = [e["code"] for e in cat if e["share_attribute"] == "无条件共享"]
    d["systems"] = [
        dict(
            _copy(t["systems"][0]),
            id=s,
            name=f"合成省第{n:05d}号部门业务系统{i}",
            resource_codes=[e["code"] for e in cat if e["system_id"] == s],
        )
        for i, s in enumerate(sys_ids)
    ]
    d["collections"] = []
    for k in range(SIZES["collections"]):
        c = _copy(t["collections"][k % 2])
        c["id"] = f"{p}-col-{k}"
        if c["method"] == "自行采集":
            c["item_code"] = f"C{n:05d}{k:03d}"
        c["identifier_samples"] = [_sample_uscc(n, k, j) for j in range(2)]
        d["collections"].append(c)
    req_t, use_t = t["share_requests"][0], t["data_usage"][0]
    d["share_requests"], d["data_usage"] = [], []
    for k in range(SIZES["share_requests"]):
        prov = (n + 1 + k) % len(codes)
        r = _copy(req_t)
        r.update(id=f"{p}-req-{k}", provider=codes[prov], resource_code=f"S{prov:05d}-000", duty_id=duty)
        d["share_requests"].append(r)
        d["data_usage"].append(dict(_copy(use_t), id=f"{p}-use-{k}", request_id=r["id"], duty_id=duty))
    d["releases"] = [
        dict(_copy(t["releases"][k % 2]), id=f"{p}-rel-{k}", resource_code=shareable[k % len(shareable)])
        for k in range(SIZES["releases"])
    ]
    for key in ("interface_demands", "catalog_changes", "open_catalog_corrections", "open_data_requests"):
        d[key] = [dict(_copy(t[key][0]), id=f"{p}-{key}-{k}") for k in range(SIZES[key])]
    d["quality_issues"] = [
        dict(_copy(t["quality_issues"][0]), id=f"{p}-qi-{k}", resource_code=cat[k % len(cat)]["code"])
        for k in range(SIZES["quality_issues"])
    ]
    d["reports"] = [dict(r, id=f"{p}-{r['id']}") for r in t["reports"]]
    d["application_scenarios"] = [dict(a, id=f"{p}-app-1") for a in t["application_scenarios"]]
    return d


def _inject(rule: str, d: dict[str, Any], n: int, codes: list[str], t: dict[str, Any]) -> None:
    """One break of ``rule`` in department d (changes the department only; A62.1 is in the platform)."""
    p = f"d{n:05d}"
    if rule == "A7":
        for s in d["department"]["data_staff"]:
            s["full_time"] = False
    elif rule == "A24":
        c = next(c for c in d["collections"] if c["identifier_type"] == "统一社会信用代码")
        s = c["identifier_samples"][0]
        c["identifier_samples"][0] = s[:-1] + ("0" if s[-1] != "0" else "1")
    elif rule == "A27":
        d["quality_reports"] = [dict(r, accuracy=0.5) for r in d["quality_reports"]]
    elif rule == "A42":
        d["own_platforms"] = [
            {"id": f"{p}-plt-1", "name": f"合成部门{n:05d}数据开放网", "kind": "开放平台", "status": "运行中"}
        ]
    elif rule == "A46":
        d["open_data_requests"][0].update(answered=None, decision=None, reasons_given=False)
    elif rule == "A62.3":
        other = (n + 7) % len(codes)
        d["collections"][0]["item_code"] = f"I{other:05d}0000"
    elif rule == "A62.4":
        d["share_requests"][0]["duty_id"] = f"{p}-duty-9"


def generate(n: int, seed: int) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, list[str]]]:
    """Return (departments, platform, injected: rule -> department codes)."""
    rng = random.Random(seed)
    t = _template()
    codes = [dept_code(i) for i in range(n)]
    depts = [_department(t, i, codes) for i in range(n)]
    injected: dict[str, list[str]] = {}
    dropped_system: set[int] = set()
    for rule, rate in RATES.items():
        chosen = sorted(rng.sample(range(n), max(1, round(n * rate))))
        injected[rule] = [codes[i] for i in chosen]
        for i in chosen:
            if rule == "A62.1":
                dropped_system.add(i)
            else:
                _inject(rule, depts[i], i, codes, t)
    authority = codes[0]
    shared, register, services, reviews = [], [], [], []
    for i, d in enumerate(depts):
        first = d["catalog"][0]
        for j, it in enumerate(first["items"][:2]):
            shared.append(
                {
                    "id": f"si-{i:05d}-{j}",
                    "item_code": it["code"],
                    "item_name": it["name"],
                    "provider": codes[i],
                    "resource_code": first["code"],
                    "resource_name": first["name"],
                    "share_attribute": "无条件共享",
                }
            )
        for s in d["systems"]:
            register.append(
                {
                    "id": f"reg-{s['id']}",
                    "dept": codes[i],
                    "name": s["name"],
                    "resource_codes": list(s["resource_codes"]),
                }
            )
        if i in dropped_system:  # A62.1: the register knows a system the department does not report
            d["systems"] = d["systems"][:-1]
        services.append(
            {
                "id": f"svc-{i:05d}",
                "dept": codes[i],
                "name": f"合成政务服务事项{i:05d}",
                "materials": [
                    {
                        "id": f"svc-{i:05d}-m1",
                        "name": "申请表",
                        "item_code": None,
                        "paper_required": True,
                        "e_document_excluded": False,
                    }
                ],
            }
        )
        reviews.append(
            {"id": f"rev-{i:05d}", "dept": codes[i], "received": "2025-04-03", "reviewed": "2025-04-08"}
        )
    platform = {
        "schema_version": "1.1",
        "kind": "platform",
        "period": t["period"],
        "as_of": t["as_of"],
        "authority": authority,
        "shared_items": shared,
        "system_register": register,
        "service_items": services,
        "catalog_reviews": reviews,
        "city_filings": [{"id": "cf-1", "change_date": "2026-02-09", "filed": "2026-02-13"}],
        "reports": [
            {
                "id": "prov-rep-2024",
                "kind": "县级政务数据管理情况年度报告",
                "covers_year": 2024,
                "submitted": "2025-02-20",
            },
            {
                "id": "prov-rep-2025",
                "kind": "县级政务数据管理情况年度报告",
                "covers_year": 2025,
                "submitted": "2026-02-24",
            },
        ],
        "departments": [
            {"id": f"roster-{i:05d}", "code": codes[i], "name": d["department"]["name"]}
            for i, d in enumerate(depts)
        ],
    }
    return depts, platform, injected


def write(path: Path, n: int, seed: int) -> dict[str, Any]:
    depts, platform, injected = generate(n, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.write(orjson.dumps(platform) + b"\n")
        for d in depts:
            fh.write(orjson.dumps(d) + b"\n")
    manifest = {
        "departments": n,
        "seed": seed,
        "records_per_department": sum(SIZES.values()),
        "rates": RATES,
        "injected": injected,
    }
    path.with_suffix(".manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="合成省级快照 / synthetic province snapshots (JSON Lines)")
    ap.add_argument("-n", "--departments", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20251)
    ap.add_argument("-o", "--out", type=Path, default=None)
    a = ap.parse_args(argv)
    out = a.out or ROOT / "build" / "bench" / f"province-{a.departments}.jsonl"
    write(out, a.departments, a.seed)
    print(f"{out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
