"""Every one of the 74 articles is accounted for, and docs/coverage.md is fresh."""

from __future__ import annotations

from typer.testing import CliRunner

from evaluator.cli.main import app
from evaluator.consumers.coverage import coverage


def test_every_article_accounted_for() -> None:
    cov = coverage()
    assert len(cov["articles"]) == 74
    assert cov["problems"] == []


def test_coverage_doc_is_fresh() -> None:
    res = CliRunner().invoke(app, ["coverage", "--check"])
    assert res.exit_code == 0, res.output
