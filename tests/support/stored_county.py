"""The fixture county imported into a temporary store (the incremental evaluation and scoring tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
