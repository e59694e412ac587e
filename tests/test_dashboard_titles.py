"""Legal staff read rule titles on the statute page as the notices and `govshare rules` say them: a
templated title ("…{n}个工作日内…", issue 14 item 6) is composed with the parameter in force, never shown
with its placeholder."""

from __future__ import annotations

from dashboard.ui import catalog


def test_the_dashboard_catalog_shows_no_title_placeholder() -> None:
    rules = catalog()
    assert len(rules) >= 48
    assert [rid for rid, m in rules.items() if "{" in str(m.get("title", ""))] == []
    assert "5个工作日" in rules["A22.1"]["title"]
