"""Validating a batch's JSON and YAML documents on every core: worker processes run the very reader an
import runs in-process (``files.load_bytes``), one document each time, and send back only what the store
and the cross-file check need — the canonical JSON, its hash and the head (``LoadedSnapshot.head``), or the
document's located errors. Never the model: pickling one costs more than validating it again, and the
store does not need it (a caller that does gets it built from the canonical JSON on first use).

The outcome is the serial one exactly: every document is read by the same function, the answers are put
back in the batch's order (errors included, in the same order), and nothing is stored before the whole
batch is valid (``store_snapshots`` runs after, in the parent, in one transaction). Below
``POOL_MIN_BYTES`` of JSON and YAML, with one document or one processor, or while the processors are busy
(fewer than all but half a processor idle now), the batch stays in-process: the workers would cost more
than they save (benchmarks/README.md, "Import, session 7"; decisions 0042, 0048).

Workers come from a fork server whose one process has imported the reader once (``forkserver``, not
``fork``: a parent holding threads — the dashboard, the benchmark's sampler — is never forked). As with
any Python worker process, a worker first imports the parent's main module under another name (the
``if __name__ == "__main__"`` guard of every entry point of govshare keeps that harmless); where workers
cannot run at all (a main module read from standard input, no processes allowed), the batch is read
in-process instead, with the same outcome.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import repeat
from typing import Any

from evaluator.intake.problems import ImportProblem, SnapshotFileError

# JSON and YAML bytes of a batch below which it is validated in-process: the fork server's first start
# (≈ 0.4–0.7 s, it imports the reader) is what ≈ 12 MB of generated departments cost on one core
POOL_MIN_BYTES = 16 * 1024 * 1024
MAX_WORKERS = 8  # each holds one document's objects while it validates it: a bound on the import's memory
_CHUNK = 4  # documents a worker takes at once (fewer round trips; the order is kept either way)
SUFFIXES = (".json", ".yaml", ".yml")  # read alone; a workbook or CSV may be a catalog export of the batch

_context: Any = None


def workers() -> int:
    """Processors this process may run on, at most ``MAX_WORKERS``."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return min(n, MAX_WORKERS)


def busy() -> bool:
    """Whether the processors are already taken now: fewer than ``workers() - ½`` of them idle over the
    last ``SAMPLE_S`` (``/proc/stat``). Workers then only share the same processors, at a cost: at a load
    average of 6 on 2 cores the pooled import took 1.4–1.8× the in-process one's wall time
    (benchmarks/README.md, "Import, session 7"). Not the load average: it remembers a minute of this very
    process's own work (an import right after an evaluation on two OPA servers saw 3 on 2 idle cores and
    stayed in-process; decision 0048). Where ``/proc/stat`` cannot be read, not busy."""
    try:
        idle = idle_cpus(SAMPLE_S)
    except (OSError, ValueError):
        return False
    return idle < workers() - 0.5


SAMPLE_S = 0.05  # a batch of 16 MiB or more takes seconds to validate


def _cpu_times() -> tuple[int, int]:
    """(idle, total) jiffies of all processors since boot: the first line of ``/proc/stat``."""
    with open("/proc/stat", "rb") as fh:
        fields = [int(x) for x in fh.readline().split()[1:9]]  # user … steal (guest is within user)
    return fields[3] + fields[4], sum(fields)  # idle + iowait


def idle_cpus(seconds: float) -> float:
    """How many processors were idle, on average, over the next ``seconds``."""
    idle0, total0 = _cpu_times()
    time.sleep(seconds)
    idle1, total1 = _cpu_times()
    if total1 <= total0:
        raise ValueError("no processor time passed")
    return (idle1 - idle0) / (total1 - total0) * (os.cpu_count() or 1)


def remote(items: Sequence[tuple[bytes, str, str]]) -> list[int]:
    """The indexes of a batch's documents read in workers: its JSON and YAML documents when they are at
    least two and ``POOL_MIN_BYTES``, there are two processors and they are not busy; none otherwise."""
    found = [i for i, (_, _, suffix) in enumerate(items) if suffix in SUFFIXES]
    if len(found) < 2 or workers() < 2 or sum(len(items[i][0]) for i in found) < POOL_MIN_BYTES:
        return []
    return [] if busy() else found


def _ctx(module: str) -> Any:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload([module])
    return _context


def load_many(
    items: Sequence[tuple[bytes, str, str]], read: Callable[[bytes, str, str], Any]
) -> list[Any] | None:
    """Each (bytes, name, suffix) document read as ``read`` (``files.load_bytes``, a module-level function:
    it pickles by name, so this module needs no import of the reader) reads it, in order: a ``LoadedSnapshot``
    (without its model) or the list of its located errors; None when the workers could not run (the
    caller then reads the batch in-process)."""
    from evaluator.intake.loaded import LoadedSnapshot

    n = min(workers(), len(items))
    try:
        with ProcessPoolExecutor(max_workers=n, mp_context=_ctx(read.__module__)) as ex:
            answers = list(ex.map(_one, repeat(read), *zip(*items, strict=True), chunksize=_CHUNK))
    except (BrokenProcessPool, OSError):
        return None
    return [a if isinstance(a, list) else LoadedSnapshot.without_model(*a) for a in answers]


def stop() -> None:
    """Stop the fork server (≈ 38 MB of RSS), for a process that imports once and then does other work
    (the benchmark, before its OPA servers start); the next pooled batch starts it again."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    if _context is not None and server is not None and hasattr(server, "_stop"):
        server._stop()


def _one(read: Callable[[bytes, str, str], Any], raw: bytes, name: str, suffix: str) -> Any:
    """In a worker: one document's canonical JSON and head, or its errors (a list: the exception itself
    does not pickle with its errors)."""
    try:
        snap = read(raw, name, suffix)
    except SnapshotFileError as e:
        errors: list[ImportProblem] = e.errors
        return errors
    return snap.canonical, snap.head()
