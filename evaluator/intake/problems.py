"""A located problem in an input file, the error that carries all of a file's problems, and the
bounded echo of an offending value (a 19 MB value is never printed back whole)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evaluator.errors import GovshareError

ECHO_CHARS = 60
_CONTROL = re.compile("[\x00-\x1f\x7f\ufeff\ud800-\udfff]")


@dataclass(frozen=True)
class ImportProblem:
    """One located problem in one input file."""

    file: str
    pointer: str
    record_id: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "pointer": self.pointer,
            "record_id": self.record_id,
            "message": self.message,
        }

    def __str__(self) -> str:
        rid = f" [记录 {self.record_id}]" if self.record_id else ""
        return f"{self.file}:{self.pointer or '/'}{rid}: {self.message}"


class SnapshotFileError(GovshareError):
    """Raised when one or more input files are invalid; carries every located error."""

    def __init__(self, errors: Sequence[ImportProblem]) -> None:
        super().__init__(f"{len(errors)} 处错误 / {len(errors)} error(s)")
        self.errors = list(errors)


def echo(value: Any, limit: int = ECHO_CHARS) -> str:
    """The value as read, quoted, cut to ``limit`` characters with its full length stated."""
    s = value if isinstance(value, str) else repr(value)
    full = len(s)
    s = s[: limit + 1]
    s = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", s.replace("\n", "⏎").replace("\r", ""))
    if full > limit:
        return f"“{s[:limit]}…”（共 {full} 个字符）"
    return f"“{s}”"


def pointer_of(path: Sequence[Any]) -> str:
    """RFC 6901 JSON pointer of a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
