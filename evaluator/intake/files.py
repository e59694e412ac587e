"""Reading snapshot files (JSON, YAML, the Excel template, a catalog export), safely, every error located.

Only regular files are read (``/dev/zero``, a FIFO or a socket is refused before it is opened for
reading, and a file is never read past the byte budget), text must be UTF-8, and the parsers work
under ``evaluator.intake.parse.BUDGET``. Nothing is stored here: the store writes only after every
file of an import has been read without error.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from evaluator.intake.gcpause import collector_paused
from evaluator.intake.json_bytes import read_plain
from evaluator.intake.loaded import LoadedSnapshot
from evaluator.intake.parse import BUDGET, check_json_text, check_text, parse_json
from evaluator.intake.problems import ImportProblem, SnapshotFileError
from evaluator.intake.validate import canonical_json, validate_document
from evaluator.intake.yaml_reader import parse_yaml

__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "ImportProblem",
    "LoadedSnapshot",
    "SnapshotFileError",
    "canonical_json",
    "expand_paths",
    "load_batch",
    "load_bytes",
    "load_file",
    "load_files",
    "validate_document",
]

MAX_FILE_BYTES = BUDGET.max_bytes  # a file of any kind; YAML has its own, smaller budget (parse.YAML_BUDGET)
SUFFIXES = (".json", ".yaml", ".yml", ".xlsx", ".csv")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """A file stays itself; a folder gives its snapshot files, sorted, recursively."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            files.append(p)
    return files


def load_files(paths: Iterable[Path], *, models: bool = True) -> list[LoadedSnapshot]:
    """Read and validate every file; raise SnapshotFileError with all errors of all files. ``models``:
    False for a caller that only stores them (``load_batch``)."""
    files = expand_paths(paths)
    if not files:
        raise SnapshotFileError(
            [ImportProblem("", "", None, "未找到快照文件（.json/.yaml/.xlsx/.csv）/ no snapshot files found")]
        )
    errors: list[ImportProblem] = []
    items: list[tuple[bytes, str, str]] = []
    for f in files:
        try:
            items.append((read_regular_file(f), str(f), f.suffix.lower()))
        except SnapshotFileError as e:
            errors.extend(e.errors)
    try:
        loaded = load_batch(items, models=models)
    except SnapshotFileError as e:
        errors.extend(e.errors)
    if errors:
        raise SnapshotFileError(errors)
    return loaded


def load_batch(items: Iterable[tuple[bytes, str, str]], *, models: bool = True) -> list[LoadedSnapshot]:
    """Parse and validate (bytes, name, suffix) items as one import: a 1272-guide catalog export becomes the
    catalog of the department snapshot in the same batch; all errors of all items at once. ``models``:
    False for a caller that only stores the snapshots — a document read here then keeps its canonical JSON
    and head only, as one read in a worker does (its model is built again if asked for), so a batch of 500
    holds bytes, not 500 models (the importing process's peak RSS 975 → ≈ 350 MB at 1,000 departments)."""
    from evaluator.intake import pool
    from evaluator.intake.catalog_export import merge

    items = list(items)
    # the JSON and YAML documents of a large batch are read in worker processes (intake/pool.py), the rest
    # here; the answers are then taken in the batch's order, so the outcome and its errors are the serial ones
    remote = pool.remote(items)
    answers: dict[int, Any] = {}
    many = pool.load_many([items[i] for i in remote], load_bytes) if remote else None
    if many is not None:
        answers = dict(zip(remote, many, strict=True))
    errors: list[ImportProblem] = []
    loaded: list[LoadedSnapshot] = []
    parts = []
    # the collector paused for the whole batch, not document by document: switched on between two
    # documents, it walked every snapshot the batch already held at the next allocation (gcpause.py)
    with collector_paused():
        for i, (raw, name, suffix) in enumerate(items):
            if i in answers:
                answer = answers[i]
                if isinstance(answer, list):
                    errors.extend(answer)
                else:
                    loaded.append(answer)
                continue
            try:
                part = read_catalog_part(raw, name, suffix)
                if part is not None:
                    parts.append(part)
                else:
                    snap = load_bytes(raw, name, suffix)
                    loaded.append(
                        snap if models else LoadedSnapshot.without_model(snap.canonical, snap.head())
                    )
            except SnapshotFileError as e:
                errors.extend(e.errors)
    loaded, merge_errors = merge(loaded, parts)
    errors.extend(merge_errors)
    errors.extend(_cross_file_errors(loaded))
    if errors:
        raise SnapshotFileError(errors)
    return loaded


def read_catalog_part(raw: bytes, name: str, suffix: str) -> Any:
    """A catalog export (CSV, or XLSX with the sheet 政务信息资源目录) as a CatalogPart; None otherwise."""
    from evaluator.intake import catalog_export

    if suffix == ".csv":
        return catalog_export.read_catalog_csv(check_text(_utf8(raw, name), name), name)
    if suffix == ".xlsx":
        from evaluator.intake.xlsx import open_workbook

        wb = open_workbook(raw, name)
        try:
            if catalog_export.is_catalog_export(wb.sheetnames):
                return catalog_export.read_catalog_sheet(wb, name)
        finally:
            wb.close()
    return None


def _utf8(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _refuse(
            name,
            f"文件不是 UTF-8 编码（第 {e.start} 字节）：请另存为 UTF-8 / file is not UTF-8 (byte {e.start})",
        ) from e


def _cross_file_errors(loaded: list[LoadedSnapshot]) -> list[ImportProblem]:
    seen: dict[tuple[str, str | None, int], str] = {}
    errors: list[ImportProblem] = []
    for snap in loaded:
        key = (snap.kind, snap.dept, snap.period)
        if key in seen:
            who = snap.dept or "平台 platform"
            errors.append(
                ImportProblem(
                    snap.source,
                    "",
                    None,
                    f"同一批次中 {who} 的 {key[2]} 年度快照出现两次（另见 {seen[key]}）/ "
                    f"the same {key[0]} snapshot for {key[2]} appears twice (also {seen[key]})",
                )
            )
        else:
            seen[key] = snap.source
    return errors


def _refuse(name: str, message: str) -> SnapshotFileError:
    return SnapshotFileError([ImportProblem(name, "", None, message)])


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused at once."""
    name = str(path)
    try:
        st = os.stat(path)
    except OSError as e:
        raise _refuse(name, f"无法读取文件 / cannot read file: {e.strerror or e}") from e
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "目录"
            if stat.S_ISDIR(st.st_mode)
            else "设备文件"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "命名管道（FIFO）"
            if stat.S_ISFIFO(st.st_mode)
            else "套接字"
            if stat.S_ISSOCK(st.st_mode)
            else "特殊文件"
        )
        raise _refuse(name, f"不是普通文件（{kind}），不读取 / not a regular file, not read")
    if st.st_size > limit:
        raise _refuse(
            name,
            f"文件过大：{st.st_size} 字节，上限 {limit} 字节 / file too large: {st.st_size} bytes, limit {limit}",
        )
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO after the check, open does not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise _refuse(name, f"无法读取文件 / cannot read file: {e.strerror or e}") from e
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refuse(name, "不是普通文件，不读取 / not a regular file, not read")
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise _refuse(name, f"文件过大：超过上限 {limit} 字节 / file too large: more than {limit} bytes")
    return raw


def load_file(path: Path) -> LoadedSnapshot:
    return load_bytes(read_regular_file(path), str(path), path.suffix.lower())


def load_bytes(raw: bytes, name: str, suffix: str) -> LoadedSnapshot:
    """Parse and validate one snapshot document given as bytes (upload, file, test)."""
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(
            name,
            f"文件过大：{len(raw)} 字节，上限 {MAX_FILE_BYTES} 字节 / file too large: limit {MAX_FILE_BYTES}",
        )
    if suffix == ".xlsx":
        from evaluator.intake.xlsx import read_workbook

        return read_workbook(raw, name)
    if suffix == ".xls":
        raise _refuse(
            name,
            "不支持旧版 Excel（.xls）文件：请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入 / "
            "legacy .xls is not supported: save as .xlsx",
        )
    if suffix == ".csv":
        from evaluator.intake.catalog_export import alone

        raise alone(name)
    if suffix not in (".json", ".yaml", ".yml"):
        raise _refuse(
            name,
            f"不支持的文件类型 {suffix or '（无扩展名）'}（应为 .json/.yaml/.xlsx）/ unsupported file type",
        )
    if suffix == ".json":  # the text's check and the parser's character search in one pass when clean
        text, clean = check_json_text(_utf8(raw, name), name)
        # a plain text is validated from its bytes (json_bytes.py); anything else on the located path
        plain = read_plain(text, raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw, name, clean)
        if plain is not None:
            return plain
        return validate_document(parse_json(text, name, snapshot=True, bmp_clean=clean), name)
    text = check_text(_utf8(raw, name), name)
    return validate_document(parse_yaml(text, name, snapshot=True), name, from_yaml=True)
