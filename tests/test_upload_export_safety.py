"""Uploads parsed safely and exports neutralised: XLSX zip bombs (high ratio, lying sizes) and XML
entity expansion are refused with a located error; CSV and XLSX exports never carry a live formula."""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from evaluator.consumers.exports import csv_cell as safe_cell
from evaluator.consumers.exports import to_csv, to_xlsx
from evaluator.intake.files import SnapshotFileError, load_bytes
from evaluator.intake.xlsx import template_bytes

INJECTIONS = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")',
    "\t=1",
    "\r=1",
]


def _refused(raw: bytes) -> str:
    with pytest.raises(SnapshotFileError) as e:
        load_bytes(raw, "upload.xlsx", ".xlsx")
    (problem,) = e.value.errors
    assert problem.file == "upload.xlsx"
    return problem.message


def test_high_ratio_member_under_the_size_limit_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))  # 20 MB of zeros → ~20 KB
    assert "压缩" in _refused(buf.getvalue())


def test_a_member_lying_about_its_size_is_refused_not_expanded() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b"0" * (8 * 1024 * 1024) + b"</a>")
    raw = bytearray(buf.getvalue())
    # shrink the declared uncompressed size (central directory and local header) to 100 bytes
    for sig, off in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        pos = 0
        while (pos := raw.find(sig, pos)) != -1:
            size = struct.unpack_from("<I", raw, pos + off)[0]
            if size > 1024 * 1024:
                struct.pack_into("<I", raw, pos + off, 100)
            pos += 4
    msg = _refused(bytes(raw))
    assert msg  # a located, Chinese-first refusal; zipfile stops at the declared size and the CRC fails


def test_xml_entity_expansion_is_not_performed() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        + b'<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    good = zipfile.ZipFile(io.BytesIO(template_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in good.infolist():
            data = good.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = laughs
            z.writestr(info, data)
    # refused (or parsed without expansion): never a billion "lol"s in memory, never a crash
    with pytest.raises(SnapshotFileError):
        load_bytes(buf.getvalue(), "upload.xlsx", ".xlsx")


def test_csv_export_neutralises_formulas() -> None:
    rows = list(csv.reader(io.StringIO(to_csv([["x"], *[[v] for v in INJECTIONS], [-1], [3.5]]))))
    for (cell,), v in zip(rows[1 : 1 + len(INJECTIONS)], INJECTIONS, strict=True):
        assert cell == "'" + v
    assert rows[-2:] == [["-1"], ["3.5"]]  # numbers stay numbers
    assert safe_cell(None) == "" and safe_cell(True) == "是"


def test_xlsx_export_has_no_formula_cell(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    to_xlsx({"表": [["列"], *[[v] for v in INJECTIONS], [-1]]}, out)
    ws = openpyxl.load_workbook(out)["表"]
    cells = [r[0] for r in ws.iter_rows(min_row=2)]
    for c, v in zip(cells, INJECTIONS, strict=False):
        # stored as text: shown as it is, no stray apostrophe, never evaluated
        assert c.data_type == "s" and c.value == v, (c.value, c.data_type)
    assert cells[-1].value == -1 and cells[-1].data_type == "n"
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet  # no formula element anywhere in the sheet


def test_yaml_object_construction_is_refused() -> None:
    evil = b"department: !!python/object/apply:os.system ['touch /tmp/govshare-pwned']\n"
    with pytest.raises(SnapshotFileError):
        load_bytes(evil, "evil.yaml", ".yaml")
    assert not Path("/tmp/govshare-pwned").exists()
