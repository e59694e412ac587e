"""Serving the dashboard: ``python -m dashboard.launch --port N`` runs Streamlit on 127.0.0.1 with the
product's server flags (``govshare dashboard`` starts it by this module path, without importing the
dashboard; the browser tests use :func:`streamlit_args`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from evaluator.intake.files import MAX_FILE_BYTES

SERVER = Path(__file__).resolve().parent / "server.py"  # st.App: the login gate + dashboard/app.py
UPLOAD_LIMIT_MB = MAX_FILE_BYTES // (1024 * 1024)
FONT_STACK = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif"


def streamlit_args(port: int) -> list[str]:
    """The command that serves the dashboard on 127.0.0.1 (``govshare dashboard`` and the browser tests)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(SERVER),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
        # tables are exported through the product's neutralised, audited exports, not the table toolbar
        "--client.disableDataExport",
        "true",
        "--client.showErrorLinks",
        "false",
        "--server.enableAgentApi",
        "false",
        # the intake's own limit (64 MB a file), so the upload box says what the import enforces
        "--server.maxUploadSize",
        str(UPLOAD_LIMIT_MB),
        "--server.fileWatcherType",
        "none",
        # the machine's own CJK font (fonts-noto-cjk), for headings too: nothing fetched from a font host
        "--theme.font",
        FONT_STACK,
        "--theme.headingFont",
        FONT_STACK,
    ]


def main(argv: list[str] | None = None) -> None:
    """Run Streamlit on 127.0.0.1 in the foreground (replaces this process)."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.launch", description="govshare 仪表盘")
    parser.add_argument("--port", type=int, default=8501, help="端口 / port")
    args = streamlit_args(parser.parse_args(argv).port)
    sys.stdout.flush()
    os.execv(sys.executable, args)


if __name__ == "__main__":
    main()
