"""How long intake takes to refuse hostile files (issue 17, issue 19 item 3): each budget's refusal,
through the same ``load_files`` the CLI calls and the ``load_bytes`` the dashboard's upload calls.

    .venv/bin/python -m benchmarks.intake_budgets

Prints one line per case: best of 3 wall-clock times, and the (bounded) message. Target: well under a
second each. A valid county file is timed beside them for scale.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from evaluator.intake.files import SnapshotFileError, load_bytes, load_files
from fixtures.generator.build import COUNTY_DIR, INVALID_DIR
from fixtures.generator.invalid import CASES


def _best(call: Callable[[], object], n: int = 3) -> tuple[float, str]:
    best, msg = float("inf"), "accepted"
    for _ in range(n):
        t = time.perf_counter()
        try:
            call()
            msg = "accepted"
        except SnapshotFileError as e:
            msg = e.errors[0].message[:90]
        best = min(best, time.perf_counter() - t)
    return best, msg


def _alias_bomb_7k() -> bytes:
    """The issue's 7.7 KB file: nested aliases, each level ×10, padded with comments."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    body = "\n".join(lines) + "\n"
    return (body + "#" * (7700 - len(body)) + "\n...\n").encode()


def main() -> None:
    rows: list[tuple[str, float, str]] = []
    for case in CASES:
        f = INVALID_DIR / case.file
        rows.append((f"file  {case.file}", *_best(lambda f=f: load_files([f]))))  # type: ignore[misc]
    bomb = _alias_bomb_7k()
    rows.append(("upload alias bomb 7.7 KB", *_best(lambda: load_bytes(bomb, "bomb.yaml", ".yaml"))))
    deep = b"[" * 1_000_000 + b"]" * 1_000_000
    rows.append(("upload 2 MB of brackets (.yaml)", *_best(lambda: load_bytes(deep, "deep.yaml", ".yaml"))))
    rows.append(("upload 2 MB of brackets (.json)", *_best(lambda: load_bytes(deep, "deep.json", ".json"))))
    big = b'{"kind": "' + b"x" * 19_000_000 + b'"}'
    rows.append(("upload 19 MB string (.json)", *_best(lambda: load_bytes(big, "big.json", ".json"))))
    rows.append(("file  /dev/zero", *_best(lambda: load_files([Path("/dev/zero")]))))
    with tempfile.TemporaryDirectory() as tmp:
        fifo = Path(tmp) / "fifo.yaml"
        os.mkfifo(fifo)
        rows.append(("file  FIFO", *_best(lambda: load_files([fifo]))))
    good = COUNTY_DIR / "00-platform.yaml"
    rows.append((f"valid {good.name} ({good.stat().st_size // 1024} KB)", *_best(lambda: load_files([good]))))
    for label, secs, msg in rows:
        print(f"{secs * 1000:8.1f} ms  {label:42s} {msg}")
    print(f"slowest refusal: {max(s for label, s, m in rows if not label.startswith('valid')) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
