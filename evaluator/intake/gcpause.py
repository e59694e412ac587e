"""Reading one document without Python's cyclic garbage collector.

Parsing and validating a snapshot allocates ≈ 50,000 objects a department (dicts, lists, strings, models)
and frees them again, none in a reference cycle. The collector, triggered by allocation counts, walks every
live object of the process each time its oldest generation is due, so the larger the batch held (an
import holds its validated snapshots until they are stored), the longer each walk: measured at 100
generated departments (process CPU time), model validation 6.3 → 3.3 ms a department and the whole
validation 16.8 → 8.0 ms with the collector paused (benchmarks/README.md, "import/memory"). Reference
counting frees everything as before; only cycles wait for the collector's next run after the document.

Paused for one document only, the collector still ran between two: switched on again after a document
that had allocated ≈ 50,000 objects, it collected at the next allocation and walked every snapshot the
batch already held — half of an import's CPU at 300 generated departments held (19 → 9.4 ms a department
with the collector paused for the whole batch, ``files.load_batch``; no object in a reference cycle was
left to collect after 301 documents, and the peak RSS was the same; benchmarks/README.md, "import").
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The block runs without the cyclic collector; it is switched on again after, if it was on (a
    thread that found it paused leaves switching it on to the one that paused it)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
