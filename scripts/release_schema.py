"""Write the DDL that a release's ``SQLModel.metadata.create_all`` issued, per dialect, for the migration tests.

    .venv/bin/python scripts/release_schema.py [COMMIT] [OUT_DIR]

COMMIT defaults to cf096bf (release 0.1.0: the last commit before migrations, whose flat layout
``evaluator/store.py``, ``evaluator/audit.py`` and ``dashboard/auth.py`` declared the tables); OUT_DIR to
``tests/data/release-0.1.0``. The release's own code is extracted with ``git archive`` into a temp dir
and imported there, so the files say what that release created, not what we think it created.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_COMPILE = textwrap.dedent(
    """
    import sys
    import evaluator.store, evaluator.audit, dashboard.auth  # the release's table modules
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    out = sys.argv[1]
    for name, dialect in (("sqlite", sqlite.dialect()), ("postgresql", postgresql.dialect())):
        parts = []
        for table in SQLModel.metadata.sorted_tables:
            parts.append(str(CreateTable(table).compile(dialect=dialect)).strip() + ";")
            for ix in sorted(table.indexes, key=lambda i: str(i.name)):
                parts.append(str(CreateIndex(ix).compile(dialect=dialect)).strip() + ";")
        with open(f"{out}/{name}.sql", "w", encoding="utf-8") as fh:
            fh.write("\\n\\n".join(parts) + "\\n")
    """
)


def main(commit: str = "cf096bf", out_dir: str = "tests/data/release-0.1.0") -> None:
    out = (ROOT / out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "evaluator", "dashboard", "policies"],
            check=True,
            capture_output=True,
        ).stdout
        tar = Path(tmp) / "release.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as tf:
            tf.extractall(tmp, filter="data")
        subprocess.run([sys.executable, "-c", _COMPILE, str(out)], cwd=tmp, check=True)
    print(f"wrote {out}/sqlite.sql, {out}/postgresql.sql from {commit}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
