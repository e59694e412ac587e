"""Files as the file system says they stand: a stamp that proves a tree's bytes did not change without
reading them (issue 20 item 5, decision 0041). Used by the effective policy tree (overlay.py) and the
bundle's lease check (bundle.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

FileStamp = tuple[str, int, int, int, int]  # path, inode, size, modification and change times (ns)
# a file changed less than this before a stamp was taken may change again with the same times and size
# (file times tick with the kernel's coarse clock, FAT's every 2 s): such a stamp proves nothing
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Stamp:
    """Files as the file system says they stand, to prove that their bytes did not change without reading
    them. Two stamps are equal when their ``files`` are. An equal stamp proves the same bytes only when
    the earlier one is ``settled``: no file had changed in the :data:`RACY_NS` before it was taken (a file
    written twice within one tick of the file system's clock can keep its times and size — git's
    "racily clean" entries)."""

    files: tuple[object, ...]
    taken_ns: int = field(compare=False)
    newest_ns: int = field(compare=False)

    @property
    def settled(self) -> bool:
        return self.newest_ns < self.taken_ns - RACY_NS

    @classmethod
    def of(cls, taken_ns: int, *parts: object, files: tuple[tuple[FileStamp, ...], ...]) -> Stamp:
        """The stamp of ``parts`` (compared as they are) and of each ``files_stamp``, taken before the first
        of them was made (``time.time_ns()``)."""
        newest = max((max(f[3], f[4]) for fs in files for f in fs), default=0)
        return cls((*parts, *files), taken_ns, newest)


def files_stamp(path: Path) -> tuple[FileStamp, ...]:
    """Every file under ``path`` (``path`` itself when it is a file; nothing when it is missing), in path
    order, with its inode, size, modification and change times: an edit changes the file's change time,
    which no program can set back (see :class:`Stamp` for the edit within one tick). Symbolic links to
    folders are not followed, as :func:`os.walk`."""
    out: list[FileStamp] = []

    def walk(folder: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return  # removed while walking: the next stamp differs
        for e in entries:
            if e.is_dir():
                if not e.is_symlink():
                    walk(e.path)
                continue
            try:
                st = os.stat(e.path)
            except FileNotFoundError:
                continue
            out.append((e.path, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))

    if path.is_dir():
        walk(str(path))
    elif path.is_file():
        st = path.stat()
        out.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(out)
