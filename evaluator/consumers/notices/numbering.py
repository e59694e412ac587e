"""Numbering and producing a document: the document's words are built (every check passed) before a
number is taken, in the transaction that inserts the row (:mod:`evaluator.store.notices`); the files are
written, then the row issued. Only a failure while writing the files (disk, typesetter) can follow a
number: it leaves the row in state 作废 with the reason, so no number is lost or reused without a trace,
and removes what was half written."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from evaluator.consumers.notices.render import render_docx, render_pdf
from evaluator.consumers.notices.states import DRAFT, ISSUED, VOID
from evaluator.errors import NoticeError
from evaluator.store import notices as store
from evaluator.store.notices import NoticeRow

NUMBER_RETRIES = 20


def _slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "", text)[:40]


def allocate(url: str | None, cfg: dict[str, Any], template: NoticeRow, actor: str, reason: str) -> NoticeRow:
    """Insert ``template`` with the next number of its year, in one transaction (state 草拟)."""
    return store.insert_numbered(
        url,
        template,
        prefix=cfg["number_prefix_zh"],
        state=DRAFT,
        actor=actor,
        reason=reason,
        retries=NUMBER_RETRIES,
    )


def set_state(
    url: str | None,
    notice_id: int,
    to: str,
    actor: str,
    reason: str,
    files: list[str] | None = None,
    at: dt.datetime | None = None,
) -> NoticeRow:
    """Move a notice to ``to``, with its event and audit entry (the written files' hashes in it)."""
    return store.set_state(
        url,
        notice_id,
        to,
        actor=actor,
        reason=reason,
        first_action={ISSUED: "notice.issue", VOID: "notice.void"}.get(to, "notice.transition"),
        draft_state=DRAFT,
        files=files,
        file_hashes=_file_hashes(files or []),
        at=at,
    )


def write_files(row: NoticeRow, doc: dict[str, Any], out_dir: Path, *, draft: bool = False) -> list[str]:
    """The DOCX and PDF of ``doc``; on any failure neither file is left behind."""
    out_dir.mkdir(parents=True, exist_ok=True)
    kind_zh = "整改通知书" if row.kind == "notice" else "请示"
    who = _slug(row.department_name or row.department)
    stem = f"草稿_{kind_zh}_{who}" if draft else f"{row.year}-{row.seq:03d}_{kind_zh}_{who}"
    docx_path = out_dir / f"{stem}.docx"
    pdf_path = out_dir / f"{stem}.pdf"
    try:
        breaks = render_pdf(doc, pdf_path)  # first: the DOCX repeats its page breaks before the 版记
        render_docx(doc, docx_path, breaks, row.created_at)
    except BaseException:
        # a document with a voided number must not circulate: remove what was half written
        for p in (docx_path, pdf_path):
            p.unlink(missing_ok=True)
        raise
    return [str(docx_path), str(pdf_path)]


def _file_hashes(files: list[str]) -> list[dict[str, str]]:
    """Path and SHA-256 of each written document, for the audit log."""
    out = []
    for f in files:
        p = Path(f)
        out.append({"path": f, "sha256": hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""})
    return out


def produce(
    url: str | None,
    cfg: dict[str, Any],
    template: NoticeRow,
    doc: dict[str, Any],
    out_dir: Path,
    actor: str,
    reason: str,
    final_state: str,
) -> NoticeRow:
    """Allocate a number for ``doc`` (built, every check passed), write the files with it, then mark the row
    issued; when the files fail, mark it 作废 with why."""
    row = allocate(url, cfg, template, actor, reason)
    try:
        files = write_files(row, {**doc, "number": row.number}, out_dir)
    except Exception as e:
        assert row.id is not None
        set_state(url, row.id, VOID, actor, f"文书文件生成失败，文号作废不再使用 / files failed: {e}")
        raise NoticeError(
            f"{row.number} 文件生成失败，该文号已作废并记录 / files for {row.number} failed: {e}"
        ) from e
    assert row.id is not None
    return set_state(url, row.id, final_state, actor, reason, files)
