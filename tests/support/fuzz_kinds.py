"""The 26 kinds of bad input of the hostile test (issue 19), generated deterministically as files.

    .venv/bin/python -m tests.support.fuzz_kinds [SCALE]     # prints the figures of SECURITY.md

Each kind yields variants of a valid department snapshot (the fixture county's 统计局) broken one way, or a
file that is not a snapshot at all. Every file is imported through the product's own intake
(:func:`evaluator.intake.files.load_files`) and must be refused with a located error (file and line, or
JSON pointer; a file-level refusal only where the whole file is the fault), quickly, never accepted,
never with another exception; a bad file in a batch with good ones stores nothing.
"""

from __future__ import annotations

import copy
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
BASE: dict[str, Any] = yaml.safe_load((ROOT / "fixtures" / "county" / "15-tongjiju.yaml").read_text("utf-8"))
GOOD_PLATFORM = ROOT / "fixtures" / "county" / "00-platform.yaml"
HANG_SECONDS = 2.0  # a file taking longer than this is a hang


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    data: bytes | None  # None: made by ``make`` (a FIFO, a link to a device)
    file_level: bool = False  # the whole file is the fault: naming the file locates it
    make: Callable[[Path], None] | None = None


def _doc() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def _yaml(doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, explicit_end=True, sort_keys=False).encode()


def _json(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    d = _doc()
    cur: Any = d
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = value
    return d


# (record list, earlier field, later field): an order the world imposes
PAIRS = [
    ("share_requests", "requested", "decided"),
    ("interface_demands", "requested", "delivered"),
    ("open_catalog_corrections", "received", "answered"),
    ("open_data_requests", "received", "answered"),
    ("quality_issues", "distributed", "decided"),
    ("catalog_changes", "trigger_date", "applied"),
]
CODES = [("department", "code"), ("share_requests", 0, "provider"), ("catalog", 0, "code")]


def cases(scale: int = 1) -> Iterator[Case]:
    s = scale
    yaml_text = _yaml(BASE)
    json_text = _json(BASE)
    # 1-6 chronology
    for lst, a, b in PAIRS:
        for n in range(12 * s):
            d = _doc()
            rec = d[lst][0]
            rec[a] = f"2025-{9 + n % 3:02d}-{10 + n % 18:02d}"
            rec[b] = f"2025-0{1 + n % 8}-{1 + n % 28:02d}"
            yield Case(f"reversed {lst}.{a}→{b}", f"rev-{lst}-{n}.yaml", _yaml(d))
    for n in range(20 * s):
        year = (2024, 2025, 2001, 1999)[n % 4]
        yield Case(
            "report filed before its year ends",
            f"rep-{n}.yaml",
            _yaml(_with(("reports", 1, "submitted"), f"{year}-0{1 + n % 9}-15")),
        )
    for n, path in enumerate(
        [("reports", 0, "submitted"), ("share_requests", 0, "requested"), ("releases", 0, "date")] * 6 * s
    ):
        yield Case("a date in year 1", f"year1-{n}.yaml", _yaml(_with(path, "0001-01-0" + str(1 + n % 9))))
    for n in range(15 * s):
        yield Case(
            "as_of far in the future",
            f"asof-{n}.yaml",
            _yaml(_with(("as_of",), f"{2100 + n * 500}-12-31".replace("10100", "9999"))),
        )
    # 7 alias bombs
    for n in range(15 * s):
        width, depth = 6 + n % 5, 6 + n % 4
        lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
        for i in range(1, depth):
            lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
        yield Case("YAML alias bomb", f"bomb-{n}.yaml", ("\n".join(lines) + "\n...\n").encode())
    # 8 a file over the size budget
    yield Case(
        "file over the size budget",
        "big.yaml",
        b"period: 2025\nx: '" + b"a" * (21 * 1024 * 1024) + b"'\n...\n",
        True,
    )
    # 9-10 not regular files
    for n in range(3):
        yield Case("a FIFO", f"fifo-{n}.yaml", None, True, make=lambda p: os.mkfifo(p))
        yield Case(
            "a link to /dev/zero", f"zero-{n}.yaml", None, True, make=lambda p: p.symlink_to("/dev/zero")
        )
    # 11 a huge value, echoed bounded
    for n in range(5 * s):
        yield Case(
            "a huge value",
            f"hugeval-{n}.json",
            _json(_with(("department", "name"), "名" * (200_000 * (1 + n % 5)))),
        )
    # 12 list (or mapping) as a mapping key
    for n in range(20 * s):
        key = "[a, b]" if n % 2 else "{x: 1}"
        yield Case(
            "a non-string mapping key",
            f"listkey-{n}.yaml",
            yaml_text.replace(b"kind: department", f"? {key}\n: {n}\nkind: department".encode(), 1),
        )
    # 13 integers beyond any sensible size
    for n in range(20 * s):
        yield Case(
            "an integer of thousands of digits",
            f"bigint-{n}.json",
            json_text.replace(b'"period": 2025', b'"period": ' + b"9" * (4301 + 97 * n), 1),
        )
    # 14-15 truncated files (cut at spread-out places)
    for n in range(150 * s):
        cut = max(1, (len(yaml_text) - 1) * (n + 1) // (150 * s + 1))
        yield Case("truncated YAML", f"trunc-{n}.yaml", yaml_text[:cut])
    for n in range(100 * s):
        cut = max(1, (len(json_text) - 1) * (n + 1) // (100 * s + 1))
        yield Case("truncated JSON", f"trunc-{n}.json", json_text[:cut])
    # 16 NUL (and other control characters) inside codes
    for n in range(30 * s):
        path = CODES[n % len(CODES)]
        d = _doc()
        cur: Any = d
        for p in path[:-1]:
            cur = cur[p]
        v = str(cur[path[-1]])
        cur[path[-1]] = v[: n % len(v)] + ("\x00", "\x07", "\x1b")[n % 3] + v[n % len(v) :]
        yield Case("NUL or a control character in a code", f"nul-{n}.json", _json(d))
    # 17 a BOM in the middle of the file
    lines = yaml_text.split(b"\n")
    for n in range(30 * s):
        i = 1 + (n * 7) % (len(lines) - 2)
        yield Case(
            "a BOM inside the file",
            f"bom-{n}.yaml",
            b"\n".join(lines[:i] + [b"\xef\xbb\xbf" + lines[i]] + lines[i + 1 :]),
        )
    # 18 non-text YAML tags on a text field, tags that do not fit their value, a date where text belongs
    tags = [
        "!!binary aGVsbG8=",
        "!!python/object:os.system 'id'",
        "!!set {a: null}",
        "!!timestamp 2025-01-01",
        "2025-01-01",
        "!!bool maybe",
        "!!int abc",
        "!!float x",
        "!!null x",
        "!!int 42",
    ]
    for n, tag in enumerate(tags * 2 * s):
        yield Case(
            "a non-text YAML tag", f"tag-{n}.yaml", yaml_text.replace(b"name: ", f"name: {tag} #".encode(), 1)
        )
    # 19 confusable characters in enum values (Kelvin sign, full-width letters)
    for n in range(10 * s):
        enum = ("conditional", "unconditional")[n % 2]
        fake = enum.replace("c", "\u217d") if n % 3 == 0 else enum.replace("n", "\uff4e")
        yield Case(
            "a confusable character in an enum",
            f"confusable-{n}.yaml",
            _yaml(_with(("catalog", 0, "share_attribute"), fake.replace("k", "\u212a"))),
        )
    # 20 duplicate keys (JSON and YAML)
    for n in range(20 * s):
        key = ("period", "kind", "as_of", "catalog")[n % 4]
        text = json_text if n % 2 else yaml_text
        if n % 2:
            dup = json_text.replace(b"{", f'{{"{key}": 1,'.encode(), 1)
        else:
            dup = yaml_text.replace(b"kind: department", f"kind: department\n{key}: 1".encode(), 1)
        yield Case(
            "a duplicate key", f"dupkey-{n}.{'json' if n % 2 else 'yaml'}", dup if dup != text else dup + b"x"
        )
    # 21 nesting too deep
    for n in range(20 * s):
        depth = 40 + n * 400
        inner = "[" * depth + "]" * depth
        yield Case(
            "nesting too deep",
            f"deep-{n}.json",
            json_text.replace(b'"projects": []', f'"projects": {inner}'.encode(), 1),
        )
    # 22 not an object at the top
    for n, top in enumerate(["[]", "42", '"text"', "null", "true", "[1, 2]"] * 4 * s):
        yield Case("a snapshot that is not an object", f"notobj-{n}.json", top.encode())
    # 23 impossible dates
    for n in range(30 * s):
        bad = ("2025-02-30", "2025-13-01", "2025-04-31", "2025-00-10", "2025-9-9", "20250101")[n % 6]
        path = (("releases", n % 2, "date"), ("share_requests", 0, "requested"), ("as_of",))[n % 3]
        yield Case("an impossible or malformed date", f"date-{n}.yaml", _yaml(_with(path, bad)))
    # 24 unknown fields
    for n in range(30 * s):
        where = (("department",), ("catalog", 0), ("share_requests", 0), ())[n % 4]
        d = _doc()
        cur = d
        for p in where:
            cur = cur[p]
        cur[f"unknown_{n}"] = n
        yield Case("an unknown field", f"unknown-{n}.yaml", _yaml(d))
    # 25 wrong check digits in a USCC
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for n in range(30 * s):
        code = BASE["department"]["code"]
        wrong = next(c for c in alphabet[n % 31 :] + alphabet if c != code[-1])
        yield Case(
            "a wrong check digit", f"uscc-{n}.yaml", _yaml(_with(("department", "code"), code[:-1] + wrong))
        )
    # 26 not UTF-8
    for n in range(30 * s):
        pos = (n * 97) % len(yaml_text)
        junk = (b"\xff", b"\xc3\x28", b"\xe2\x28\xa1", b"\xf0\x28\x8c\xbc", b"\x80")[n % 5]
        yield Case("bytes that are not UTF-8", f"utf8-{n}.yaml", yaml_text[:pos] + junk + yaml_text[pos:])
    # several YAML documents in one file (the second one silently dropped before)
    for n in range(10 * s):
        yield Case(
            "two YAML documents in one file",
            f"twodocs-{n}.yaml",
            yaml_text + b"---\n" + yaml_text[: 200 * (n + 1)] + b"\n...\n",
        )
    # and wrong types anywhere
    paths = [
        ("period",),
        ("as_of",),
        ("department", "name"),
        ("catalog", 0, "code"),
        ("share_requests", 0, "via_platform"),
        ("reports", 0, "covers_year"),
    ]
    for n in range(60 * s):
        value = ({"$": 1}, [1, 2], True, 3.5, "", None)[n % 6]
        path = paths[(n // 6) % len(paths)]
        original: Any = BASE
        for p in path:
            original = original[p]
        if type(value) is type(original):  # not a wrong type for this field
            value = {"$": n}
        yield Case("a value of the wrong type", f"type-{n}.yaml", _yaml(_with(path, value)))


def group(kind: str) -> str:
    """The kinds of the issue: the six reversed pairs are one kind (reversed intervals)."""
    return "reversed interval" if kind.startswith("reversed") else kind


KINDS = sorted({group(c.kind) for c in cases()})

_LINE = re.compile(r"第 \d+ (?:行|字节)|line \d+|byte \d+")


@dataclass
class Figures:
    files: int = 0
    kinds: int = 0
    crashes: int = 0
    hangs: int = 0
    unlocated: int = 0
    silent_passes: int = 0
    partial_writes: int = 0
    slowest: float = 0.0
    seconds: float = 0.0
    failures: list[str] | None = None
    by_kind: Counter[tuple[str, str]] | None = None

    def table(self) -> str:
        return (
            f"kinds {self.kinds}, files {self.files}: crashes {self.crashes}, hangs {self.hangs} "
            f"(> {HANG_SECONDS} s), unlocated errors {self.unlocated}, partial writes {self.partial_writes}, "
            f"silent passes {self.silent_passes}; slowest file {self.slowest:.2f} s, total {self.seconds:.0f} s"
        )


def _located(err: Any, path: Path, case: Case) -> bool:
    if err.file != str(path) or not any("\u4e00" <= ch <= "\u9fff" for ch in err.message):
        return False
    return case.file_level or err.pointer not in ("", "/") or bool(_LINE.search(err.message))


def run(folder: Path, scale: int = 1) -> Figures:
    """Write every case under ``folder``, import each alone, and a bad one among good ones per kind."""
    from evaluator.evaluate.api import import_paths
    from evaluator.intake.files import SnapshotFileError, load_files
    from evaluator.store.db import session
    from evaluator.store.snapshots import SnapshotRow

    fig = Figures(failures=[], by_kind=Counter())
    assert fig.failures is not None and fig.by_kind is not None
    kinds: Counter[str] = Counter()
    start = time.monotonic()
    first_of_kind: dict[str, Path] = {}
    folder.mkdir(parents=True, exist_ok=True)
    load_files([GOOD_PLATFORM, ROOT / "fixtures" / "county" / "15-tongjiju.yaml"])  # warm: the first file's
    # time is not the lazy imports' and the models' first build (a 3 s "hang" under load otherwise)
    for case in cases(scale):
        path = folder / case.name
        if case.make is not None:
            case.make(path)
        else:
            path.write_bytes(case.data or b"")
        kinds[case.kind] += 1
        fig.files += 1
        first_of_kind.setdefault(case.kind, path)
        t0 = time.monotonic()
        try:
            load_files([path])
        except SnapshotFileError as e:
            if not e.errors or not all(_located(x, path, case) for x in e.errors):
                fig.unlocated += 1
                fig.by_kind["unlocated", case.kind] += 1
                fig.failures.append(
                    f"unlocated {case.kind} {case.name}: {[str(x)[:200] for x in e.errors][:2]}"
                )
        except Exception as e:  # noqa: BLE001 - counted, that is the point
            fig.crashes += 1
            fig.by_kind["crash", case.kind] += 1
            fig.failures.append(f"crash {case.kind} {case.name}: {type(e).__name__}: {str(e)[:200]}")
        else:
            fig.silent_passes += 1
            fig.by_kind["accepted", case.kind] += 1
            fig.failures.append(f"accepted {case.kind} {case.name}")
        took = time.monotonic() - t0
        fig.slowest = max(fig.slowest, took)
        if took > HANG_SECONDS:
            fig.hangs += 1
            fig.by_kind["hang", case.kind] += 1
            fig.failures.append(f"hang {case.kind} {case.name}: {took:.1f} s")
    for kind, bad in sorted(first_of_kind.items()):  # a bad file among good ones: all or nothing
        try:
            import_paths([GOOD_PLATFORM, ROOT / "fixtures" / "county" / "15-tongjiju.yaml", bad])
        except SnapshotFileError:
            pass
        except Exception as e:  # noqa: BLE001
            fig.crashes += 1
            fig.failures.append(f"crash in a batch ({kind}): {type(e).__name__}: {str(e)[:200]}")
        with session() as s:
            if s.exec(select_rows(SnapshotRow)).first() is not None:
                fig.partial_writes += 1
                fig.failures.append(f"partial write: a batch with {bad.name} stored snapshots")
                break
    fig.kinds = len({group(k) for k in kinds})
    fig.seconds = time.monotonic() - start
    return fig


def select_rows(table: Any) -> Any:
    from sqlmodel import select

    return select(table)


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GOVSHARE_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.pop("GOVSHARE_DATABASE_URL", None)
        figures = run(Path(tmp) / "files", int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    print(figures.table())
    for f in figures.failures or []:
        print("  ", f)
