"""The one reader of govshare's settings (``GOVSHARE_*``) and paths.

Every environment variable and every path the product derives from where it is installed is read here,
at call time (tests and the dashboard change the environment between calls). Nothing else in
``evaluator/`` or ``dashboard/`` reads ``os.environ`` for a setting. The table of settings is in the
README ("环境变量 / Settings").

govshare runs from a source checkout (``bash scripts/setup.sh``) or installed like a tool (``pip install .``,
not editable, into any virtual environment). The paths, in order of precedence:

============  =======================  ======================  ===========================================
what          setting                  in a source checkout    installed
============  =======================  ======================  ===========================================
policies      ``GOVSHARE_POLICIES``    ``policies/``           shipped in the package (``_shipped/``)
example data  —                        ``fixtures/county/``    shipped in the package (``_shipped/``)
scenarios     —                        ``features/``           shipped in the package (``_shipped/``)
data          ``GOVSHARE_DATA_DIR``    ``data/``               the user's data directory (platformdirs:
                                                               ``~/.local/share/govshare`` on Linux)
build cache   ``GOVSHARE_BUILD_DIR``   ``build/``              the user's cache directory
OPA           ``GOVSHARE_OPA``         ``bin/opa``             ``opa`` on ``PATH``
============  =======================  ======================  ===========================================

Notices and letters go to ``<data>/notices`` unless a command's ``--out`` says otherwise. The wheel gets
``_shipped/`` from ``setup.py`` at build time; a checkout has no ``_shipped/`` and reads the tree in place.
"""

from __future__ import annotations

import getpass
import os
import shutil
from pathlib import Path

import platformdirs

APP = "govshare"
#: the directory holding the package: the checkout's root in a checkout, ``site-packages`` when installed
PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: what the wheel carries besides code (``setup.py`` copies it there at build time)
SHIPPED_DIR = Path(__file__).resolve().parent / "_shipped"

POLICIES_ENV = "GOVSHARE_POLICIES"
DEFAULT_OPA_TIMEOUT = 300.0
# departments in one OPA request when the evaluation is split in partitions (GOVSHARE_PARTITION_SIZE);
# a county (a few dozen departments) is always one request.
DEFAULT_PARTITION_SIZE = 50
# the soft memory limit of every OPA server govshare starts (Go's GOMEMLIMIT, MiB; GOVSHARE_OPA_MEMORY_LIMIT,
# 0 = none). Under it Go collects only as the heap nears it (GOGC=off, decision 0036), so each server holds
# about this much once it has evaluated a few partitions; the servers alive at once (the benchmark's two
# evaluating and the dashboard's) are most of a province's peak. 768 MiB: an OPA holding a 10,000-department
# county's data is 290-380 MiB live after a collection, up to 580 while it evaluates the partition that
# checks the platform's own records; a larger province raises the limit (near or below what is live Go
# collects continuously, up to half the CPU). The price: ≈ 10 % more OPA CPU than 1024 (decision 0040).
# docs/decisions/0030-opa-memory.md, 0040-opa-memory-limit.md
DEFAULT_OPA_MEMORY_LIMIT_MIB = 768


def _env(name: str) -> str | None:
    return os.environ.get(name)


def checkout_root() -> Path | None:
    """The source checkout this package runs from, or None when it is installed."""
    if (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "policies").is_dir():
        return PROJECT_ROOT
    return None


def _tree_root() -> Path:
    """Where ``policies/``, ``fixtures/`` and ``features/`` are: the checkout, or the package's copy."""
    return checkout_root() or SHIPPED_DIR


def shipped_policies_dir() -> Path:
    """The policies shipped with the software: ``GOVSHARE_POLICIES`` if set (a copy), else the
    checkout's ``policies/``, else the package's copy. The tree OPA runs adds the authority's files to it
    (:func:`evaluator.engine.policies_dir`)."""
    return Path(_env(POLICIES_ENV) or _tree_root() / "policies")


def fixtures_dir() -> Path:
    """The example county's snapshots (``govshare demo``)."""
    return _tree_root() / "fixtures" / "county"


def features_dir() -> Path:
    """The Chinese Gherkin scenarios (the dashboard's statute page shows them)."""
    return _tree_root() / "features"


def opa_path() -> Path:
    """``GOVSHARE_OPA`` if set, else ``bin/opa`` of the checkout, else ``opa`` on ``PATH`` (existence and
    version are checked by the engine)."""
    env = _env("GOVSHARE_OPA")
    if env:
        return Path(env)
    root = checkout_root()
    if root is not None and (root / "bin" / "opa").exists():
        return root / "bin" / "opa"
    found = shutil.which("opa")
    if found:
        return Path(found)
    return (root or PROJECT_ROOT) / "bin" / "opa"


def build_dir() -> Path:
    """Where bundles are built and cached: ``GOVSHARE_BUILD_DIR``, else ``build/`` in a checkout, else the
    user's cache directory."""
    env = _env("GOVSHARE_BUILD_DIR")
    if env:
        return Path(env)
    root = checkout_root()
    return root / "build" if root else Path(platformdirs.user_cache_dir(APP, appauthor=False))


def opa_timeout() -> float:
    """Seconds to wait for OPA's answer (``GOVSHARE_OPA_TIMEOUT``, default 300)."""
    return float(_env("GOVSHARE_OPA_TIMEOUT") or DEFAULT_OPA_TIMEOUT)


def opa_memory_limit_mib() -> int:
    """The soft memory limit of the OPA servers govshare starts, MiB (``GOVSHARE_OPA_MEMORY_LIMIT``,
    default ``DEFAULT_OPA_MEMORY_LIMIT_MIB``; 0 = no limit)."""
    return max(0, int(_env("GOVSHARE_OPA_MEMORY_LIMIT") or str(DEFAULT_OPA_MEMORY_LIMIT_MIB)))


def opa_urls() -> list[str]:
    """Other hosts' OPA servers (``GOVSHARE_OPA_URLS``, comma-separated); empty when unset."""
    return [u.strip() for u in (_env("GOVSHARE_OPA_URLS") or "").split(",") if u.strip()]


def opa_token() -> str | None:
    """The bearer token for the servers of :func:`opa_urls` (``GOVSHARE_OPA_TOKEN``)."""
    return _env("GOVSHARE_OPA_TOKEN") or None


def opa_ca() -> str | None:
    """The CA bundle that remote OPA servers' certificates are verified with (``GOVSHARE_OPA_CA``);
    the system's CAs when unset."""
    return _env("GOVSHARE_OPA_CA") or None


def partition_size() -> int:
    """Departments in one OPA request (``GOVSHARE_PARTITION_SIZE``, default 50, at least 1)."""
    return max(1, int(_env("GOVSHARE_PARTITION_SIZE") or str(DEFAULT_PARTITION_SIZE)))


def policy_pubkey() -> Path | None:
    """The authority's public key as configured (``GOVSHARE_POLICY_PUBKEY``), None when unset."""
    value = _env("GOVSHARE_POLICY_PUBKEY")
    return Path(value) if value else None


def default_public_key() -> Path:
    """``keys/authority.pub.pem`` in a checkout, ``<data>/keys/authority.pub.pem`` when installed."""
    root = checkout_root()
    return (root / "keys" if root else data_dir() / "keys") / "authority.pub.pem"


def require_signed() -> bool:
    """``GOVSHARE_REQUIRE_SIGNED=1``: only policies the authority adopted and signed are evaluated."""
    return (_env("GOVSHARE_REQUIRE_SIGNED") or "").strip().lower() in ("1", "true", "yes", "on")


def database_url_setting() -> str | None:
    """``GOVSHARE_DATABASE_URL`` (PostgreSQL), None for the default SQLite file."""
    return _env("GOVSHARE_DATABASE_URL") or None


def data_dir() -> Path:
    """The SQLite database and generated files (notices): ``GOVSHARE_DATA_DIR``, else ``data/`` in a
    checkout, else the user's data directory (``~/.local/share/govshare`` on Linux)."""
    env = _env("GOVSHARE_DATA_DIR")
    if env:
        return Path(env)
    root = checkout_root()
    return root / "data" if root else Path(platformdirs.user_data_dir(APP, appauthor=False))


def notice_settings_file() -> str | None:
    """The authority's own notice settings laid over the shipped ones (``GOVSHARE_NOTICE_SETTINGS``)."""
    return _env("GOVSHARE_NOTICE_SETTINGS") or None


def audit_key_path() -> Path:
    """The key the audit log's anchor is signed with: ``GOVSHARE_AUDIT_KEY``, else ``<data>/audit.key``."""
    return Path(_env("GOVSHARE_AUDIT_KEY") or data_dir() / "audit.key")


def audit_head_dir() -> Path:
    """Where the audit heads are kept outside the database: ``GOVSHARE_AUDIT_HEAD_DIR``, else
    ``<data>/audit-heads``."""
    return Path(_env("GOVSHARE_AUDIT_HEAD_DIR") or data_dir() / "audit-heads")


def notices_dir() -> Path:
    """Where notices and escalation letters are written unless ``--out`` says otherwise."""
    return data_dir() / "notices"


def actor() -> str:
    """Who acts, for the audit log: ``GOVSHARE_USER`` (the dashboard sets it), else ``cli:<os user>``."""
    return _env("GOVSHARE_USER") or f"cli:{getpass.getuser()}"


def today_override() -> str | None:
    """``GOVSHARE_TODAY`` (an ISO date): fixes "today" in Beijing, for tests and re-running a past day."""
    return _env("GOVSHARE_TODAY") or None


def calendar_root() -> Path:
    """The tree the calendar data files (``policies/calendar/…``) are found under."""
    return _tree_root()
