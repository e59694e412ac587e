"""The browser tests share one server and one browser per test session (tests/support/browser.py)."""

from tests.support.browser import browser, ctx, server  # noqa: F401  (fixtures for every test here)
