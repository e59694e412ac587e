"""The notice settings: the shipped ``policies/notices/data.yaml`` with the authority's file
($GOVSHARE_NOTICE_SETTINGS) laid over it, and which of them are still the shipped examples."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from evaluator.engine import policies_dir
from evaluator.errors import NoticeError
from evaluator.settings import notice_settings_file

#: the authority's own notice settings (contact, 签发人, …), a YAML file laid over policies/notices/data.yaml
NOTICE_SETTINGS_ENV = "GOVSHARE_NOTICE_SETTINGS"


def _yaml_dict(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise NoticeError(f"整改通知书设置无法读取 / cannot read notice settings: {path}: {e}") from e
    if not isinstance(data, dict):
        raise NoticeError(f"整改通知书设置无效 / invalid notice settings: {path}")
    return data


def _overlay(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in top.items():
        out[k] = _overlay(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def settings() -> dict[str, Any]:
    """The shipped settings, with the authority's file ($GOVSHARE_NOTICE_SETTINGS) laid over them."""
    data = _yaml_dict(policies_dir() / "notices" / "data.yaml")
    own = notice_settings_file()
    if own:
        top = _yaml_dict(Path(own))
        unknown = sorted(set(top) - set(data))
        if unknown:
            raise NoticeError(f"整改通知书设置中有未知的项 / unknown settings in {own}: {'、'.join(unknown)}")
        data = _overlay(data, top)
    return data


def _blank(cfg: dict[str, Any], shipped: dict[str, Any], prefix: str = "") -> list[str]:
    """The settings the shipped file gives words (issuer, printer, 机关代字, …) that the authority's file
    left empty: a document would go out without them."""
    out = []
    for key, given in shipped.items():
        value = cfg.get(key) if isinstance(cfg, dict) else None
        if isinstance(given, dict):
            out += _blank(value if isinstance(value, dict) else {}, given, f"{prefix}{key}.")
        elif isinstance(given, str) and given.strip() and (value is None or str(value).strip() == ""):
            out.append(f"{prefix}{key}（空）")
    return out


def placeholders(cfg: dict[str, Any]) -> list[str]:
    """The settings still at their shipped example values (``placeholders:`` in policies/notices/data.yaml),
    and any the shipped file gives words to that are empty (the issuer's name, 印发机关, …)."""
    shipped = _yaml_dict(policies_dir() / "notices" / "data.yaml")
    shipped.pop("placeholders", None)
    listed = {str(p) for p in (cfg.get("placeholders") or {})}
    out = [b for b in _blank(cfg, shipped) if b.split("（")[0] not in listed]
    for path, example in (cfg.get("placeholders") or {}).items():
        node: Any = cfg
        for part in re.findall(r"[^.]+", str(path)):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None or str(node).strip() == "" or str(node) == str(example):
            out.append(f"{path}（{node or '空'}）")
    return out
