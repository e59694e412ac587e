"""The fixture county imported into a temporary store (the incremental evaluation and scoring tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.evaluate import api

COUNTY = Path(__file__).resolve().parents[2] / "fixtures" / "county"


def store_county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Copy fixtures/county under ``tmp_path``, import it into a store of its own (data dir under
    ``tmp_path``, no database URL, no remote OPA) and return the folder of the copied files."""
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GOVSHARE_DATABASE_URL", raising=False)
    monkeypatch.delenv("GOVSHARE_OPA_URLS", raising=False)
    files = tmp_path / "county"
    shutil.copytree(COUNTY, files)
    api.import_paths(sorted(files.glob("*.yaml")))
    return files


def resubmit_tongjiju(files: Path) -> api.ImportResult:
    """内乡县统计局 re-submits its snapshot with its head no longer the first responsible (a new finding):
    stored as version 2."""
    f = files / "15-tongjiju.yaml"
    f.write_text(
        f.read_text("utf-8").replace("head_is_first_responsible: true", "head_is_first_responsible: false"),
        "utf-8",
    )
    (result,) = api.import_paths([f])
    assert result.version == 2
    return result


def assess_refuses(what_zh: str) -> None:
    """`govshare assess` refuses a forged cache entry: exit 2, the cache named, its HMAC failed."""
    res = CliRunner().invoke(app, ["assess", "--period", "2025", "--format", "json"])
    assert res.exit_code == 2, res.output
    assert what_zh in res.output and "校验码不符" in res.output
