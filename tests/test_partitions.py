"""Partitioned evaluation (issue 10, docs/decisions/0007-scale.md) on the real OPA binary.

The fixture county split into partitions over several OPA servers gives byte-identical findings, errors
and out-of-scope lists to one request; one failed partition fails the whole evaluation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from evaluator.engine import (
    OpaEndpoint,
    OpaError,
    OpaServer,
    build_bundle,
    county_data,
    county_document,
    endpoints_from_env,
    opa_server,
)
from evaluator.evaluate.inputs import platform_doc
from evaluator.evaluate.runner import SnapshotRef, evaluate_documents, evaluate_snapshots
from evaluator.intake.files import load_files
from evaluator.model.snapshot import DepartmentSnapshot, PlatformSnapshot
from tests.support.opa_tls import TlsOpa, self_signed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "county"


@pytest.fixture(scope="module")
def servers() -> Iterator[list[OpaServer]]:
    bundle = build_bundle()
    srvs = [OpaServer(bundle), OpaServer(bundle)]
    yield srvs
    for s in srvs:
        s.stop()


@pytest.fixture(scope="module")
def county() -> tuple[PlatformSnapshot, list[DepartmentSnapshot], list[SnapshotRef]]:
    loaded = load_files(sorted(FIXTURES.glob("*.yaml")))
    plat = next(s.snapshot for s in loaded if isinstance(s.snapshot, PlatformSnapshot))
    depts = [s.snapshot for s in loaded if isinstance(s.snapshot, DepartmentSnapshot)]
    refs = [SnapshotRef(s.kind, s.dept or "", 2025, s.source, s.sha256) for s in loaded]
    return plat, depts, refs  # type: ignore[return-value]


def _stable(report: Any) -> bytes:
    doc = dict(report.as_dict(), run=dict(report.run))
    for k in ("id", "started_at", "finished_at"):
        doc["run"].pop(k)
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)


def test_partitions_give_byte_identical_reports(servers: list[OpaServer], county: Any) -> None:
    plat, depts, refs = county
    one = evaluate_snapshots(2025, plat, depts, refs, server=servers[0], size=1000)
    assert one.findings, "the fixture county has deliberate breaks"
    # cross-department joins: A62.3 names providers in other partitions, A62.8 sums up the authority's
    # platform and department grounds; platform findings (A22.2, A23, A60.2) come once, not per partition
    for size in (1, 3, 7):
        many = evaluate_snapshots(2025, plat, depts, refs, servers=servers, size=size)
        assert _stable(many) == _stable(one), f"partitions of {size} differ from one request"
    # the same from stored bytes (canonical JSON), departments in another order
    raw = [orjson.dumps(d.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS) for d in reversed(depts)]
    names = {d.department.code: d.department.name for d in depts}
    stored = evaluate_documents(
        2025, plat.model_dump(mode="json"), raw, refs, servers=servers, names=names, size=4
    )
    assert _stable(stored) == _stable(one)


def test_a_failed_partition_fails_the_evaluation(servers: list[OpaServer], county: Any) -> None:
    plat, depts, refs = county
    dead = OpaEndpoint("https://127.0.0.1:9", None, servers[0].bundle)  # nothing listens on port 9
    with pytest.raises(OpaError):
        evaluate_snapshots(2025, plat, depts, refs, servers=[servers[0], dead], size=2)


def test_a_failed_request_reports_its_own_error_and_leaves_no_departments(
    servers: list[OpaServer], county: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    plat, depts, refs = county
    server = servers[0]
    real = server.query_raw

    def refuse(ref: str, body: bytes) -> Any:
        if ref == "data.main.stored_result":
            raise OpaError("stored_result refused")
        return real(ref, body)

    monkeypatch.setattr(server, "query_raw", refuse)
    with pytest.raises(OpaError, match="^stored_result refused$"):
        evaluate_snapshots(2025, plat, depts, refs, servers=[server], size=2)
    monkeypatch.undo()
    sha, _ = county_document(
        platform_doc(plat.model_dump(mode="json")), {d.department.code: d.department.name for d in depts}
    )
    assert server.get_data(f"county_data/{sha}/partitions") == {}


@pytest.fixture
def remote(servers: list[OpaServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TlsOpa]:
    """An OPA on "another host": TLS with a certificate the client trusts through GOVSHARE_OPA_CA."""
    srv = TlsOpa(servers[0].bundle, tmp_path / "tls")
    monkeypatch.setenv("GOVSHARE_OPA_CA", str(srv.cert))
    try:
        yield srv
    finally:
        srv.stop()


def test_a_wrong_token_is_refused(servers: list[OpaServer], county: Any, remote: TlsOpa) -> None:
    plat, depts, refs = county
    intruder = OpaEndpoint(remote.url, "not-the-token", servers[0].bundle)
    with pytest.raises(OpaError, match="401"):
        evaluate_snapshots(2025, plat, depts, refs, servers=[servers[0], intruder], size=5)


def test_urls_from_the_environment(
    servers: list[OpaServer], county: Any, remote: TlsOpa, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GOVSHARE_OPA_URLS + GOVSHARE_OPA_TOKEN: OPA servers run elsewhere, over TLS."""
    plat, depts, refs = county
    monkeypatch.setenv("GOVSHARE_OPA_URLS", f"{remote.url}, {remote.url}")
    monkeypatch.setenv("GOVSHARE_OPA_TOKEN", remote.token)
    assert len(endpoints_from_env(servers[0].bundle)) == 2
    one = evaluate_snapshots(2025, plat, depts, refs, server=servers[0], size=1000)
    monkeypatch.setenv("GOVSHARE_PARTITION_SIZE", "5")
    assert _stable(evaluate_snapshots(2025, plat, depts, refs)) == _stable(one)
    monkeypatch.setenv("GOVSHARE_OPA_TOKEN", "wrong")
    with pytest.raises(OpaError):
        endpoints_from_env(servers[0].bundle)


def test_a_remote_opa_must_prove_itself_with_tls(
    servers: list[OpaServer], remote: TlsOpa, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain http, a password in the URL, or a certificate the client does not trust: nothing is sent."""
    monkeypatch.setenv("GOVSHARE_OPA_TOKEN", remote.token)
    for url, why in (
        (f"http://127.0.0.1:{remote.port}", "只能用 https"),
        (f"https://u:pw@127.0.0.1:{remote.port}", "不得含用户名、口令"),
    ):
        monkeypatch.setenv("GOVSHARE_OPA_URLS", url)
        with pytest.raises(OpaError, match=why) as e:
            endpoints_from_env(servers[0].bundle)
        assert "pw" not in str(e.value)
    other, _ = self_signed(tmp_path / "other", "other")  # an impostor's certificate is not the trusted one
    monkeypatch.setenv("GOVSHARE_OPA_CA", str(other))
    monkeypatch.setenv("GOVSHARE_OPA_URLS", remote.url)
    with pytest.raises(OpaError, match="证书未通过校验"):
        endpoints_from_env(servers[0].bundle)


# ---------------------------------------------------------------------------------------------
# The platform loaded once per OPA server (Data API, data.county_data[<SHA-256>])


def test_platform_in_data_gives_the_same_report_as_platform_in_input(
    servers: list[OpaServer], county: Any
) -> None:
    plat, depts, refs = county
    docs = [d.model_dump(mode="json") for d in depts]
    pdoc = plat.model_dump(mode="json")
    naive = evaluate_documents(2025, pdoc, docs, refs, servers=servers[:1], size=1000, platform_in_input=True)
    for size in (1000, 2, 5):
        loaded = evaluate_documents(2025, pdoc, docs, refs, servers=servers, size=size)
        assert _stable(loaded) == _stable(naive), f"Data-API path, partitions of {size}, differs"
    # each server holds the document under its hash, and a request carries only the hash
    names = {d.department.code: d.department.name for d in depts}
    sha, _ = county_document(platform_doc(pdoc), names)  # the platform as the rules read it, with its facts
    for s in servers:
        assert s.get_data(f"county_data/{sha}/sha256") == sha
        assert s.get_data(f"county_data/{sha}/platform/authority") == plat.authority
        # each request's departments went beside it (main.stored_result) and were deleted after it
        assert s.get_data(f"county_data/{sha}/partitions") == {}
    # a changed platform is another document under another hash: the old one is never read for it
    changed = dict(pdoc, as_of="2025-12-30")
    assert county_document(changed, names)[0] != sha


def test_platform_not_held_by_opa_is_an_error(servers: list[OpaServer], county: Any) -> None:
    plat, depts, refs = county
    pdoc = plat.model_dump(mode="json")
    names = {d.department.code: d.department.name for d in depts}
    evaluate_documents(2025, pdoc, [d.model_dump(mode="json") for d in depts[:1]], refs, servers=servers[:1])
    sha, _ = county_document(platform_doc(pdoc), names)  # the platform as the rules read it, with its facts
    servers[0].delete_data(f"county_data/{sha}")
    # a request naming a platform the server does not hold: the missing platform is an error, never clean
    body = orjson.dumps({"input": {"period": 2025, "county_data": sha, "departments": []}})
    got = servers[0].query_raw("data.main.result", body)
    assert any(e["pointer"] == "/platform" for e in got["errors"])
    # a request naming departments the server does not hold has no answer (OpaError), never "no findings"
    body = orjson.dumps({"input": {"period": 2025, "county_data": sha, "partition": "none"}})
    with pytest.raises(OpaError, match="undefined"):
        servers[0].query_raw("data.main.stored_result", body)
    # without a platform at all the evaluation fails (exit 2)
    report = evaluate_documents(2025, None, [d.model_dump(mode="json") for d in depts], refs, servers=servers)
    assert report.exit_code == 2
    assert any(e["pointer"] == "/platform" for e in report.errors)


def test_a_refused_platform_put_fails_the_evaluation(tmp_path: Path, county: Any) -> None:
    """An OPA whose bundle owns every path (no .manifest roots) refuses the PUT: OpaError, no report."""
    import shutil

    root = tmp_path / "policies"
    shutil.copytree(Path(__file__).resolve().parent.parent / "policies", root)
    (root / ".manifest").unlink()
    bundle = build_bundle(root, cache_dir=tmp_path / "bundles")
    plat, depts, refs = county
    with opa_server(bundle) as srv, pytest.raises(OpaError):
        evaluate_snapshots(2025, plat, depts, refs, servers=[srv], size=5)


def test_what_if_of_one_department_without_the_platform_records(
    servers: list[OpaServer], county: Any
) -> None:
    """A what-if of one department leaves out the platform's own records, unless it is the authority's.

    It gives exactly the findings made from that department's snapshot (and, for the authority, from the
    platform's records). A finding against another department made from its snapshot — Art. 12's
    over-broad grant is the authority's (issue 15) — is compared where it was made, by its evidence."""
    plat, depts, refs = county
    pdoc = plat.model_dump(mode="json")
    names = {d.department.code: d.department.name for d in depts}
    ref_of = {r.dept: r.ref for r in refs if r.kind == "department"}
    platform_ref = next(r.ref for r in refs if r.kind == "platform")

    def made_from(findings: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
        sources = {ref_of[code], *([platform_ref] if code == plat.authority else [])}
        return [f for f in findings if f.department == code and f.evidence[0].snapshot in sources]

    whole = evaluate_documents(2025, pdoc, [d.model_dump(mode="json") for d in depts], refs, servers=servers)
    against_others = [f for f in whole.findings if f.evidence[0].snapshot == ref_of.get(f.department, "")]
    assert len(against_others) < len(whole.findings)  # the authority's A12 findings come from requesters
    for d in depts:
        doc = d.model_dump(mode="json")
        one = evaluate_documents(
            2025, pdoc, [doc], refs, servers=servers[:1], names=names, platform_records=False
        )
        code = d.department.code
        assert made_from(one.findings, code) == made_from(whole.findings, code), code
        assert all(f.evidence[0].snapshot in (ref_of[code], platform_ref) for f in one.findings), code
        if d.department.code != plat.authority:
            assert not {"A22.2", "A23", "A60.2"} & {f.rule_id for f in one.findings}


def test_a_server_this_process_gave_the_platform_is_not_asked_again(
    servers: list[OpaServer], county: Any
) -> None:
    """A what-if's round trip less: the county data this process PUT into its own OPA is known held; a
    delete (here by hand) forgets it, and the next evaluation loads it again instead of finding nothing."""
    plat, depts, refs = county
    pdoc = plat.model_dump(mode="json")
    docs = [d.model_dump(mode="json") for d in depts[:1]]
    names = {d.department.code: d.department.name for d in depts}
    county_doc = county_data(pdoc, names)
    sha = county_doc.sha256
    srv = servers[0]
    srv.delete_data(f"county_data/{sha}")  # whatever an earlier test left: this evaluation PUTs it
    first = evaluate_documents(2025, pdoc, docs, refs, servers=[srv], names=names, county=county_doc)
    assert srv.holds(f"county_data/{sha}/index")
    calls: list[str] = []
    real = srv.get_data
    srv.get_data = lambda path: calls.append(path) or real(path)  # type: ignore[method-assign]
    try:
        again = evaluate_documents(2025, pdoc, docs, refs, servers=[srv], names=names, county=county_doc)
        assert calls == [] and _stable(again) == _stable(first)
        srv.delete_data(f"county_data/{sha}")
        assert not srv.holds(f"county_data/{sha}/index")
        third = evaluate_documents(2025, pdoc, docs, refs, servers=[srv], names=names, county=county_doc)
        assert calls and _stable(third) == _stable(first)
    finally:
        del srv.get_data
