"""Build hook: the wheel carries what ``govshare`` needs besides its code — the shipped policies, the example
county (``govshare demo``) and the Chinese scenarios (the dashboard's statute page) — under
``evaluator/_shipped/``, so an installed ``govshare`` runs from any directory without the checkout.
A source checkout reads them in place (``evaluator/settings.py``). Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: checkout path -> path inside the package
SHIPPED = {
    "policies": "evaluator/_shipped/policies",
    "fixtures/county": "evaluator/_shipped/fixtures/county",
    "features": "evaluator/_shipped/features",
}
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".govshare-*", "*.tmp")
#: the scenarios' step code and conftest are tests, not data
IGNORE_FEATURES = shutil.ignore_patterns("__pycache__", "*.py", "*.pyc")


class BuildPyWithShipped(build_py):
    def run(self) -> None:
        super().run()
        for src, dst in SHIPPED.items():
            target = Path(self.build_lib) / dst
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(HERE / src, target, ignore=IGNORE_FEATURES if src == "features" else IGNORE)


setup(cmdclass={"build_py": BuildPyWithShipped})
