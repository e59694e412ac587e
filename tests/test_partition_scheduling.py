"""Partitions are handed to OPA servers as each becomes free (issue 20 item 4): never two requests on one
server at once while another waits — each request holds a partition's input and evaluation in that OPA's
memory beside the county data — and a slow partition does not hold back the ones after it."""

from __future__ import annotations

import threading
import time
from typing import Any

import orjson
import pytest

from evaluator.engine import OpaError
from evaluator.evaluate.partitions import query_partitions


class _Recording:
    """Stands in for an OPA endpoint: answers every partition with one finding naming its departments,
    records which partitions it served and how many requests it had at once."""

    def __init__(self, slow: set[str] | None = None, fail: set[str] | None = None) -> None:
        self.served: list[list[str]] = []
        self.busy = 0
        self.most = 0
        self._lock = threading.Lock()
        self._slow = slow or set()
        self._fail = fail or set()

    def query_raw(self, path: str, body: bytes) -> dict[str, Any]:
        codes = [d["department"]["code"] for d in orjson.loads(body)["input"]["departments"]]
        with self._lock:
            self.busy += 1
            self.most = max(self.most, self.busy)
        try:
            time.sleep(0.3 if self._slow & set(codes) else 0.02)
            if self._fail & set(codes):
                raise OpaError("partition refused")
            with self._lock:
                self.served.append(codes)
            return {
                "findings": [{"departments": codes}],
                "errors": [],
                "out_of_scope": [],
                "rule_packages": [],
            }
        finally:
            with self._lock:
                self.busy -= 1


def _depts(n: int) -> list[dict[str, Any]]:
    return [{"department": {"code": f"D{i:02d}", "name": f"部门{i}", "kind": "部门"}} for i in range(n)]


def test_a_slow_partition_keeps_its_server_and_the_other_takes_the_rest() -> None:
    a, b = _Recording(slow={"D00"}), _Recording()
    out, kinds = query_partitions(2025, None, _depts(12), None, {}, [a, b], size=2)  # type: ignore[list-item]
    assert (a.most, b.most) == (1, 1)
    assert a.served == [["D00", "D01"]]  # 0.3 s: meanwhile the other server answered the five others
    assert sorted(b.served) == [[f"D{i:02d}", f"D{i + 1:02d}"] for i in range(2, 12, 2)]
    assert sorted(f["departments"][0] for f in out["findings"]) == [f"D{i:02d}" for i in range(0, 12, 2)]
    assert len(kinds) == 12


def test_one_failed_partition_fails_the_evaluation_and_the_rest_stop() -> None:
    a, b = _Recording(fail={"D02"}), _Recording(fail={"D02"})
    with pytest.raises(OpaError, match="partition refused"):
        query_partitions(2025, None, _depts(40), None, {}, [a, b], size=2)  # type: ignore[list-item]
    assert len(a.served) + len(b.served) < 19  # not all 20 partitions were sent after the failure
