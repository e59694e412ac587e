"""The policy tree OPA runs: the shipped ``policies/`` plus the authority's own files.

What the county data authority decides each year (next year's holidays, its indicator system, its
notice settings, its settings under the Measures) is not kept in the code tree: it lives in the data
directory, ``$GOVSHARE_DATA_DIR/authority/<kind>/NNNN.yaml`` (one file a version, never deleted; see
docs/authority.md), and survives an upgrade of the package. This module assembles the *effective*
policy tree from the two: a copy of the shipped policies into ``$GOVSHARE_BUILD_DIR/effective/<key>/``
with the authority's version in force (the latest whose ``effective_from`` is not after today,
Beijing time) put in place of the shipped data, and the working-day calendar regenerated. ``key`` is
the hash of everything that went in, so an edit on either side makes a new tree; nothing is guessed:
an authority file that does not validate against its schema (``policies/schemas/``) is an error that
names the file, the field and the command that fixes it.

Without authority files the shipped tree is used as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from evaluator import settings
from evaluator.engine.stamp import Stamp, files_stamp
from evaluator.errors import GovshareError

PROJECT_ROOT = settings.PROJECT_ROOT
BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
MARKER = ".govshare-effective.json"
ADOPTION_FILE = "adoption.json"


class AuthorityFileError(GovshareError, ValueError):
    """An authority file is missing, unreadable or invalid (Chinese first, then English)."""

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message + ("".join(f"\n  {e}" for e in errors) if errors else ""))
        self.errors = errors or []


@dataclass(frozen=True)
class Kind:
    name: str
    name_zh: str
    schema: str
    target: str  # the shipped file, relative to policies/
    keys: tuple[str, ...] | None  # top-level keys replaced; None: the whole file
    command: str  # the command that edits it


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "calendar",
            "工作日历（主管部门补充的年份）",
            "authority-calendar.schema.json",
            "calendar/overrides/data.yaml",
            ("years",),
            "govshare calendar add-year",
        ),
        Kind(
            "indicators",
            "评价指标体系",
            "authority-indicators.schema.json",
            "assessment/data.yaml",
            ("indicators", "project_gates"),
            "govshare authority set indicators",
        ),
        Kind(
            "notices",
            "整改通知书发文设置",
            "authority-notices.schema.json",
            "notices/data.yaml",
            (
                "issuer_zh",
                "issuer_mark_zh",
                "number_prefix_zh",
                "printer_zh",
                "county_government_zh",
                "signer_zh",
                "contact",
                "copy_to_zh",
                "escalation_copy_to_zh",
                "time_limit_working_days",
            ),
            "govshare authority set notices",
        ),
        Kind(
            "dashboard",
            "仪表盘登录会话（无操作超时、最长登录时间）",
            "authority-dashboard.schema.json",
            "dashboard/data.yaml",
            ("dashboard",),
            "govshare authority set dashboard",
        ),
        Kind(
            "settings",
            "主管部门的设定（数据质量要求、周期）",
            "authority-settings.schema.json",
            "authority/data.yaml",
            None,
            "govshare authority set settings",
        ),
    )
}


def shipped_policies_dir() -> Path:
    """The policies shipped with the software (``GOVSHARE_POLICIES`` for a copy)."""
    return settings.shipped_policies_dir()


def data_dir() -> Path:
    return settings.data_dir()


def authority_dir() -> Path:
    return data_dir() / "authority"


def build_dir() -> Path:
    return settings.build_dir()


def today() -> dt.date:
    """Today in Beijing (``GOVSHARE_TODAY`` fixes it, for tests and for re-running a past day)."""
    fixed = settings.today_override()
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.datetime.now(BEIJING).date()


# --------------------------------------------------------------------------- versions


@dataclass(frozen=True)
class Version:
    kind: str
    number: int
    path: Path
    effective_from: dt.date
    submitted_by: str
    submitted_at: str
    note_zh: str
    data: dict[str, Any]
    sha256: str


def _jsonable(value: Any) -> Any:
    """YAML dates become ISO strings, as OPA reads them; everything else unchanged."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {_key(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _key(k: Any) -> str:
    return k.isoformat() if isinstance(k, dt.date) else str(k)


def schema(kind: str) -> dict[str, Any]:
    path = shipped_policies_dir() / "schemas" / KINDS[kind].schema
    return dict(json.loads(path.read_text("utf-8")))


def validate(kind: str, data: Any, where: str) -> dict[str, Any]:
    """Check ``data`` against the kind's schema and its cross-field rules; every error, located."""
    k = KINDS[kind]
    data = _jsonable(data)
    validator = jsonschema.Draft202012Validator(schema(kind))
    errors = [
        f"{where}：字段 /{'/'.join(str(p) for p in e.absolute_path)}：{e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    ]
    if not errors and isinstance(data, dict):
        errors = [f"{where}：{m}" for m in _cross_checks(kind, data)]
    if errors:
        raise AuthorityFileError(
            f"{k.name_zh}文件未通过校验（{len(errors)} 处），未采用；格式见 policies/schemas/{k.schema}，"
            f"改正后用 {k.command} 提交 / the {kind} file does not validate: fix it and submit it with {k.command}",
            errors,
        )
    return dict(data)


def _cross_checks(kind: str, data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if data.get("placeholder") is True:
        out.append(
            "字段 /placeholder：主管部门提交的版本不得标为示例（placeholder: true）/ not a placeholder"
        )
    if kind == "settings":
        cats = set(data["categories"])
        for c in sorted(set(data["quality_thresholds"]) - cats):
            out.append(f"字段 /quality_thresholds/{c}：类别 {c} 不在 categories 中 / unknown category")
        for c in sorted(cats - set(data["quality_thresholds"])):
            out.append(f"字段 /categories/{c}：类别 {c} 没有质量要求（quality_thresholds）/ no thresholds")
    if kind == "indicators":
        for day, v in sorted(data["indicators"]["values"].items()):
            value = v["value"]
            p = f"字段 /indicators/values/{day}/value"
            total = sum(d["weight"] for d in value["dimensions"].values())
            if total != 100:
                out.append(f"{p}/dimensions：权重合计 {total}，应为 100 / weights sum to {total}, not 100")
            for name, d in sorted(value["dimensions"].items()):
                if d["cap"] > d["weight"]:
                    out.append(
                        f"{p}/dimensions/{name}/cap：上限 {d['cap']} 高于权重 {d['weight']} / cap above weight"
                    )
            if is_placeholder_indicator(value["title"], value["version"]):
                out.append(f"{p}/title：仍是示例的标题或版本（{value['title']}）/ still the example's title")
    return out


PLACEHOLDER_MARKS = ("示例", "待主管部门替换")


def is_placeholder_indicator(title: str, version: str) -> bool:
    """The shipped example's title or version (a placeholder can never be published)."""
    return any(m in title for m in PLACEHOLDER_MARKS) or version.startswith("示例")


def versions(kind: str) -> list[Version]:
    """Every stored version of ``kind``, oldest first; a broken file is an error naming it."""
    folder = authority_dir() / kind
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("[0-9][0-9][0-9][0-9].yaml")):
        out.append(read_version(kind, path))
    return out


def read_version(kind: str, path: Path) -> Version:
    fix = f"请改正该文件，或用 {KINDS[kind].command} 提交新版本 / fix the file or submit a new version"
    try:
        raw = path.read_bytes()
        doc = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise AuthorityFileError(f"无法读取主管部门文件 {path}：{e}；{fix}") from e
    if not isinstance(doc, dict) or "effective_from" not in doc or "data" not in doc:
        raise AuthorityFileError(f"主管部门文件 {path} 缺少 effective_from 或 data；{fix}")
    eff = doc["effective_from"]
    try:
        eff = eff if isinstance(eff, dt.date) else dt.date.fromisoformat(str(eff))
    except ValueError as e:
        raise AuthorityFileError(f"{path}：effective_from {eff!r} 不是日期；{fix}") from e
    data = validate(kind, doc["data"], str(path))
    return Version(
        kind=kind,
        number=int(path.stem),
        path=path,
        effective_from=eff,
        submitted_by=str(doc.get("submitted_by") or ""),
        submitted_at=str(doc.get("submitted_at") or ""),
        note_zh=str(doc.get("note_zh") or ""),
        data=data,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def in_force(kind: str, on: dt.date | None = None) -> Version | None:
    """The version in force on ``on`` (default today, Beijing): latest effective_from not after it."""
    on = on or today()
    current = [v for v in versions(kind) if v.effective_from <= on]
    # the latest effective date wins (a change scheduled ahead takes over on its day); on the same
    # date, the version submitted last
    return max(current, key=lambda v: (v.effective_from, v.number)) if current else None


def write_version(kind: str, data: Any, effective_from: dt.date, actor: str, note_zh: str = "") -> Version:
    """Validate and store a new version (never overwrites one); returns it. The caller audits."""
    clean = validate(kind, data, f"{KINDS[kind].name_zh}（提交的内容）")
    folder = authority_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("[0-9][0-9][0-9][0-9].yaml"))
    number = int(existing[-1].stem) + 1 if existing else 1
    path = folder / f"{number:04d}.yaml"
    header = (
        f"# {KINDS[kind].name_zh}，第 {number} 版（govshare 写入；改动请用 {KINDS[kind].command} 提交新版本）\n"
        f"# 格式 / schema: policies/schemas/{KINDS[kind].schema}\n"
    )
    doc = {
        "effective_from": effective_from.isoformat(),
        "submitted_by": actor,
        "submitted_at": dt.datetime.now(BEIJING).isoformat(timespec="seconds"),
        "note_zh": note_zh,
        "data": clean,
    }
    text = header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    tmp = folder / f".{number:04d}.{secrets.token_hex(4)}.tmp"
    tmp.write_text(text, "utf-8")
    try:
        os.link(tmp, path)  # fails if the number was taken meanwhile: never overwrite a version
    finally:
        tmp.unlink(missing_ok=True)
    return read_version(kind, path)


def shipped_data(kind: str, root: Path | None = None) -> dict[str, Any]:
    """The shipped content of a kind (the keys the authority may replace), as plain JSON values."""
    k = KINDS[kind]
    doc = yaml.safe_load(((root or shipped_policies_dir()) / k.target).read_text("utf-8")) or {}
    doc = _jsonable(doc)
    if k.keys is None:
        return dict(doc)
    return {key: doc[key] for key in k.keys if key in doc}


# --------------------------------------------------------------------------- effective tree


def _tree_files(root: Path) -> Iterator[Path]:
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.name != ADOPTION_FILE and "__pycache__" not in f.parts:
            yield f


_tree_lock = threading.Lock()
_tree_memo: list[tuple[Stamp, Path]] = []  # the last (stamp of the inputs, effective tree)


def _inputs_stamp(shipped: Path) -> Stamp:
    """Everything :func:`effective_policies_dir` reads: the shipped tree (its files and the schemas the
    authority's files are checked against), the authority's files and adoption record, the build folder
    and today's date (which version is in force)."""
    taken = time.time_ns()
    auth = authority_dir()
    files = (files_stamp(shipped), files_stamp(auth))
    return Stamp.of(taken, str(shipped), str(auth), str(build_dir()), today(), files=files)


def stamped_policies_dir() -> tuple[Path, Stamp]:
    """:func:`effective_policies_dir` and the stamp of everything it was made from. While a settled stamp
    stays, the tree is the last call's: the authority's files are not read, parsed and checked against
    their schemas again, nor the shipped files hashed (≈ 140 ms with three authority files at load 7, on
    every lease of the dashboard's OPA: issue 20 item 5, decision 0041). Any file edited, added or removed,
    or another day, makes the tree anew, as before."""
    shipped = shipped_policies_dir().resolve()
    stamp = _inputs_stamp(shipped)
    with _tree_lock:
        hit = _tree_memo[0] if _tree_memo else None
    if (
        hit is not None
        and hit[0].settled
        and hit[0] == stamp
        and (hit[1] == shipped or (hit[1] / MARKER).is_file())
    ):
        return hit[1], stamp
    root = _effective_policies_dir(shipped)
    if _inputs_stamp(shipped) == stamp:  # nothing changed while it was made
        with _tree_lock:
            _tree_memo[:] = [(stamp, root)]
    return root, stamp


def effective_policies_dir() -> Path:
    """The policy tree to build and read: the shipped one, or the effective one with the authority's
    files in force today (materialised once per content)."""
    return stamped_policies_dir()[0]


def _effective_policies_dir(shipped: Path) -> Path:
    current = {kind: in_force(kind) for kind in KINDS}
    used = {k: v for k, v in current.items() if v is not None}
    if not used:
        return shipped
    adoption = authority_dir() / ADOPTION_FILE
    h = hashlib.sha256()
    for f in _tree_files(shipped):
        h.update(f.relative_to(shipped).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    for kind, v in sorted(used.items()):
        h.update(f"{kind}:{v.number}:{v.sha256}\0".encode())
    if adoption.is_file():
        h.update(adoption.read_bytes())
    h.update(metadata.version("chinesecalendar").encode())
    key = h.hexdigest()[:24]
    target = build_dir() / "effective" / key
    if (target / MARKER).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{key}.{secrets.token_hex(4)}.tmp"
    try:
        shutil.copytree(shipped, tmp, ignore=shutil.ignore_patterns(ADOPTION_FILE, "__pycache__"))
        for kind, v in used.items():
            _overlay(tmp, kind, v)
        if "calendar" in used:
            _regenerate_calendar(tmp, used["calendar"])
        if adoption.is_file():
            shutil.copyfile(adoption, tmp / ADOPTION_FILE)
        marker = {
            "shipped": str(shipped),
            "authority": {
                kind: {"version": v.number, "file": str(v.path), "sha256": v.sha256}
                for kind, v in used.items()
            },
        }
        (tmp / MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=2), "utf-8")
        try:
            tmp.rename(target)
        except OSError:  # another process made the same tree meanwhile
            if not (target / MARKER).is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def is_effective(root: Path) -> bool:
    return (root / MARKER).is_file()


def _overlay(tree: Path, kind: str, v: Version) -> None:
    k = KINDS[kind]
    path = tree / k.target
    if k.keys is None:
        doc = dict(v.data)
    else:
        doc = _jsonable(yaml.safe_load(path.read_text("utf-8")) or {})
        if kind == "calendar":  # the authority's years are added to (or correct) the shipped ones
            years = dict(doc.get("years") or {})
            years.update(v.data["years"])
            doc["years"] = years
        else:
            doc.update({key: v.data[key] for key in k.keys if key in v.data})
    header = f"# 由 govshare 生成：随软件提供的 {k.target} 加主管部门的 {v.path}（第 {v.number} 版）。不要编辑本文件。\n"
    path.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100), "utf-8")


def _regenerate_calendar(tree: Path, v: Version) -> None:
    """data.calendar.days from chinesecalendar plus the merged overrides, by the calendar generator
    (a separate process: the engine does not import the facts it builds on)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "evaluator.facts.workcalendar",
            "--overrides",
            str(tree / KINDS["calendar"].target),
            "--out",
            str(tree / "calendar" / "days" / "data.json"),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise AuthorityFileError(
            f"主管部门补充的工作日历（{v.path}）无法生成工作日历数据：{proc.stderr.strip()}；"
            "请用 govshare calendar add-year 改正 / the authority's calendar cannot be built"
        )
