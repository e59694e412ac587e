"""Every evidence field and record kind a rule emits on the fixture county has its Chinese wording in
policies/notices/evidence.yaml — otherwise issuing refuses (notices.words.WordsError) and no notice can be
sent at all. A rule that adds a field must add its wording in the same change; this test says which."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from evaluator.evaluate import api
from evaluator.model.results import Finding
from tests.support.record_ids import county_record_ids, ids_in

ROOT = Path(__file__).resolve().parents[1]
EVIDENCE = yaml.safe_load((ROOT / "policies" / "notices" / "evidence.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVSHARE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    mp.delenv("GOVSHARE_DATABASE_URL", raising=False)
    try:
        report = api.evaluate_files(sorted((ROOT / "fixtures" / "county").glob("*.yaml")), store=False)
    finally:
        mp.undo()
    assert report.findings and not report.errors
    return report.findings


def test_every_evidence_field_has_its_chinese_wording(findings: list[Finding]) -> None:
    missing = sorted(
        {
            f"{f.rule_id}: {key}"
            for f in findings
            for ev in f.evidence
            for key in ev.values
            if key not in EVIDENCE["fields"]
        }
    )
    assert missing == [], f"policies/notices/evidence.yaml lacks fields: {missing}"


def test_every_record_kind_has_its_chinese_name(findings: list[Finding]) -> None:
    kinds = {m.group(1) for f in findings for ev in f.evidence if (m := re.match(r"/([^/]+)", ev.pointer))}
    assert sorted(kinds - set(EVIDENCE["records"])) == []


def test_no_message_names_a_record_by_its_id(findings: list[Finding]) -> None:
    """A message is read by people (notices, the dashboard, the annual assessment): a record is said by its
    name or, without one, by what it is (“2025年3月11日向内乡县公安局提出的共享申请”), never by its id.
    The id stays in the machine fields (subject, evidence values)."""
    ids = county_record_ids()
    assert {"rev-mz-1", "msk-req-1", "st-duty-9"} <= ids
    found = sorted(
        {
            (f.rule_id, i)
            for f in findings
            for text in (f.message_zh, *(r for r in (f.record_reason_zh,) if r))
            for i in ids_in(text, ids)
        }
    )
    assert found == []


def test_no_label_says_a_word_twice() -> None:
    """A label is read by the receiving department as a phrase: 「截至数据截至日期是否仍未办结」 (the word 截至
    twice) was printed in the 附件 of every notice with a lateness; no label repeats a two-character word."""
    doubled = {}
    for key, spec in EVIDENCE["fields"].items():
        label = spec["label"]
        pairs = [label[i : i + 2] for i in range(len(label) - 1)]
        twice = sorted({p for p in pairs if pairs.count(p) > 1 and all("\u4e00" <= c <= "\u9fff" for c in p)})
        if twice:
            doubled[key] = (label, twice)
    assert doubled == {}, f"标签中词语重复 / a label repeats a word: {doubled}"
