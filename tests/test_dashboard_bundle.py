"""The dashboard's OPA is keyed on the bundle in force: after an authority change (``govshare authority
set …`` from the command line, while the dashboard runs) its next evaluation runs the new bundle and the
old OPA process is stopped — before, the dashboard kept the bundle it started with until it exited.

The dashboard's own path: ``ui.evaluations()`` (the process's service) and ``data.reevaluate`` /
``data.what_if``, on three fixture snapshots in a fresh database and data directory."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from dashboard import data
from dashboard.auth import Role, User
from evaluator.cli.main import app
from evaluator.engine import build_bundle, overlay, stamp
from evaluator.evaluate import api
from evaluator.evaluate.service import Evaluations
from evaluator.store.runs import latest_county_run

PROJECT_ROOT = Path(__file__).resolve().parents[1]
COUNTY = PROJECT_ROOT / "fixtures" / "county"
FILES = [COUNTY / "00-platform.yaml", COUNTY / "01-dashujuju.yaml", COUNTY / "03-minzhengju.yaml"]
AUTHORITY = User("t-authority", Role.AUTHORITY, None)
runner = CliRunner()


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    url = f"sqlite:///{tmp_path}/govshare.db"
    monkeypatch.setenv("GOVSHARE_DATABASE_URL", url)
    monkeypatch.setenv("GOVSHARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GOVSHARE_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("GOVSHARE_TODAY", "2026-12-01")
    for var in ("GOVSHARE_POLICIES", "GOVSHARE_POLICY_PUBKEY", "GOVSHARE_REQUIRE_SIGNED"):
        monkeypatch.delenv(var, raising=False)
    results = api.import_paths(FILES, url)
    service = Evaluations()
    try:
        yield {"url": url, "period": max(r.period for r in results), "tmp": tmp_path, "service": service}
    finally:
        service.stop()


def _change_settings(tmp: Path) -> None:
    """The authority's own settings, in force today, set from the command line (not from the page)."""
    settings = {k: v for k, v in overlay.shipped_data("settings").items() if k != "placeholder"}
    settings["basis_zh"] = "内数据〔2026〕8号 内乡县政务数据质量要求"
    path = tmp / "settings.yaml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    res = runner.invoke(app, ["authority", "set", "settings", str(path), "--by", "县数据局 王五"])
    assert res.exit_code == 0, res.output


def test_after_an_authority_change_the_next_evaluation_runs_the_new_bundle(county: dict[str, Any]) -> None:
    url, period, service = county["url"], county["period"], county["service"]
    before = build_bundle().revision
    first = data.reevaluate(AUTHORITY, period, service, url)
    assert first.run["bundle_hash"] == before
    with service.lease() as server:
        old = server
    assert old.process.poll() is None  # the dashboard keeps its OPA between evaluations

    _change_settings(county["tmp"])
    after = build_bundle().revision
    assert after != before

    second = data.reevaluate(AUTHORITY, period, service, url)
    assert second.run["bundle_hash"] == after
    stored = latest_county_run(period, url)
    assert stored is not None and stored[0].bundle_hash == after
    assert old.process.poll() is not None  # the old OPA was stopped
    with service.lease() as server:
        assert server is not old and server.bundle.revision == after


def test_a_server_in_use_is_stopped_only_when_its_evaluation_ends(county: dict[str, Any]) -> None:
    service = county["service"]
    with service.lease() as running:
        _change_settings(county["tmp"])
        with service.lease() as new:
            assert new is not running and new.bundle.revision != running.bundle.revision
        assert running.process.poll() is None  # an evaluation still runs on it
    assert running.process.poll() is not None
    with service.lease() as again:
        assert again is new and new.process.poll() is None


def test_after_policy_adopt_the_dashboard_verifies_the_signature(
    county: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``policy adopt`` signs the same content (the revision stays): the dashboard's next evaluation runs
    a server that verifies the authority's signature, and the run records it."""
    tmp, service = county["tmp"], county["service"]
    pol = tmp / "policies"
    shutil.copytree(PROJECT_ROOT / "policies", pol, ignore=shutil.ignore_patterns("adoption.json"))
    monkeypatch.setenv("GOVSHARE_POLICIES", str(pol))
    with service.lease() as unsigned:
        assert unsigned.bundle.verification_key is None
    priv, pub = tmp / "keys" / "priv.pem", tmp / "keys" / "pub.pem"
    assert (
        runner.invoke(app, ["policy", "keygen", "--private", str(priv), "--public", str(pub)]).exit_code == 0
    )
    monkeypatch.setenv("GOVSHARE_POLICY_PUBKEY", str(pub))
    res = runner.invoke(app, ["policy", "adopt", "--key", str(priv), "--by", "王局长"])
    assert res.exit_code == 0, res.output
    report = data.reevaluate(AUTHORITY, county["period"], service, county["url"])
    assert report.run["bundle_hash"] == unsigned.bundle.revision  # the same policies …
    assert report.run["policy_signature"]["signed"] is True  # … now verified by OPA at load
    assert report.run["policy_signature"]["adopted_by"] == "王局长"
    assert unsigned.process.poll() is not None


def _edit_in_place(path: Path) -> None:
    """The same number of bytes, in the same file (inode, size kept): only its times say it changed."""
    text = path.read_text("utf-8")
    assert "a" in text
    path.write_text(text.replace("a", "b", 1), "utf-8")


@pytest.mark.parametrize("authority_files", [False, True])
def test_a_policy_edit_is_never_evaluated_on_the_old_bundle(
    county: dict[str, Any], monkeypatch: pytest.MonkeyPatch, authority_files: bool
) -> None:
    """A lease compares the stamp of the policy tree (evaluator.engine.tree_stamp, decision 0041): a file
    of the policies edited in place right after a lease (the same size, the same inode, within the same
    tick of the file system's clock) is evaluated on a new bundle at the next lease — with the shipped
    tree in force, and with the authority's files laid over it (the effective tree)."""
    tmp, service = county["tmp"], county["service"]
    pol = tmp / "policies"
    shutil.copytree(PROJECT_ROOT / "policies", pol, ignore=shutil.ignore_patterns("adoption.json"))
    monkeypatch.setenv("GOVSHARE_POLICIES", str(pol))
    if authority_files:
        _change_settings(tmp)
    with service.lease() as first:
        pass
    _edit_in_place(pol / "rego" / "main" / "main.rego")
    with service.lease() as second:
        assert second is not first and second.bundle.revision != first.bundle.revision
        assert second.bundle.revision == build_bundle().revision
    assert first.process.poll() is not None


def test_an_unchanged_tree_is_not_read_again(county: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """With the authority's files in force and nothing changed (a settled stamp), a lease neither reads
    nor checks them again, nor hashes the policy files: it compares the files' stamps only."""
    service = county["service"]
    _change_settings(county["tmp"])
    with service.lease():
        pass
    monkeypatch.setattr(stamp, "RACY_NS", 0)  # settled at once: no need to wait for the clock to tick
    with service.lease() as before:
        pass
    read: list[Path] = []
    real = overlay.read_version

    def spy(kind: str, path: Path) -> overlay.Version:
        read.append(path)
        return real(kind, path)

    monkeypatch.setattr(overlay, "read_version", spy)
    monkeypatch.setattr("evaluator.engine.bundle.policy_hash", lambda root: pytest.fail("hashed again"))
    with service.lease() as after:
        assert after is before
    assert read == []


def test_a_stamp_taken_just_after_a_write_proves_nothing(tmp_path: Path) -> None:
    """A file written twice within one tick of the file system's clock can keep its times and size, so a
    stamp taken less than stamp.RACY_NS after a write is not settled: a lease then hashes the tree."""
    import time

    f = tmp_path / "p.rego"
    f.write_text("package p\n", "utf-8")
    now = stamp.Stamp.of(time.time_ns(), files=(stamp.files_stamp(tmp_path),))
    assert not now.settled
    later = stamp.Stamp.of(time.time_ns() + stamp.RACY_NS + 1, files=(stamp.files_stamp(tmp_path),))
    assert later.settled and later == now  # equal: the same files, taken at other times
    f.write_text("package q\n", "utf-8")
    assert stamp.Stamp.of(time.time_ns(), files=(stamp.files_stamp(tmp_path),)) != now
