"""``govshare dashboard`` starts the dashboard by module path (``python -m dashboard.launch``): the
command line imports nothing of the dashboard, and the launcher runs Streamlit with the product's flags."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from evaluator.cli.main import app


class _Exec(Exception):
    pass


def _capture(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def execv(path: str, args: Any) -> None:
        calls.append([path, *args])
        raise _Exec

    monkeypatch.setattr("os.execv", execv)
    return calls


def test_govshare_dashboard_runs_the_launcher_by_module_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _capture(monkeypatch)
    res = CliRunner().invoke(app, ["dashboard", "--port", "8642"])
    assert isinstance(res.exception, _Exec)
    assert calls == [[sys.executable, sys.executable, "-m", "dashboard.launch", "--port", "8642"]]
    assert "http://127.0.0.1:8642" in res.stdout


def test_the_launcher_serves_on_localhost_with_the_product_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import launch

    calls = _capture(monkeypatch)
    with pytest.raises(_Exec):
        launch.main(["--port", "8642"])
    assert calls == [[sys.executable, *launch.streamlit_args(8642)]]
    args = calls[0][1:]
    assert args[1:5] == ["-m", "streamlit", "run", str(launch.SERVER)]
    flags = dict(zip(args[5::2], args[6::2], strict=True))
    assert flags["--server.address"] == "127.0.0.1" and flags["--server.port"] == "8642"
    assert flags["--client.disableDataExport"] == "true"
