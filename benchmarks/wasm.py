"""评价引擎对照：OPA 服务（产品的路径）与同一策略编译为 Wasm 在进程内运行 / the OPA server against the same
policies compiled to Wasm and run in worker processes (issue 20 item 1; decision 0046).

For each size, on the generated province (benchmarks/generate.py, the file run.py uses): the parse floor
(orjson over every line, as run.py), then the evaluation of every department twice, in partitions of 50,
alternating which goes first:

- **OPA**: the product's path (``evaluate.partitions.query_partitions``: the county data PUT once into each
  of ``--workers`` OPA servers, each partition PUT beside it and evaluated by ``data.main.stored_result``);
- **Wasm**: ``opa build -t wasm -e main/result -e lib/county/index`` of the same policies, run by wasmtime in
  ``--workers`` worker processes (benchmarks/wasm_host.py: the ABI and six built-ins written to Go's
  semantics); each worker sets the bundle's data and the county data (with the register index the Wasm
  policy computes, once, in the parent) and evaluates ``main/result`` on each partition it is given, the
  input built in the worker from the department's bytes as the product builds it.

Both answers are merged as the product merges partitions (``partitions.merge``: sets in canonical order)
and compared byte for byte (column 相同; the script exits 1 when they differ).

    .venv/bin/python benchmarks/wasm.py --sizes 1000          # needs wasmtime (pip install wasmtime)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PERIOD = 2025
SIZE = 50
_policy: Any = None


def _compile(out: Path) -> tuple[bytes, dict[str, Any]]:
    """The policies as OPA's Wasm target: the module and the bundle's data."""
    from evaluator.engine.binary import opa_binary
    from evaluator.engine.tree import policies_dir

    tar = out / "wasm.tar.gz"
    cmd = [str(opa_binary()), "build", "-t", "wasm", "-e", "main/result", "-e", "lib/county/index"]
    subprocess.run([*cmd, "--ignore", "*_test.rego", "-b", str(policies_dir()), "-o", str(tar)], check=True)
    with tarfile.open(tar) as t:
        wasm = t.extractfile("/policy.wasm").read()  # type: ignore[union-attr]
        data = orjson.loads(t.extractfile("/data.json").read())  # type: ignore[union-attr]
    return wasm, data


def _canon(v: Any) -> bytes:
    if isinstance(v, dict):
        return b"{" + b",".join(orjson.dumps(k) + b":" + _canon(v[k]) for k in sorted(v)) + b"}"
    if isinstance(v, list):
        return b"[" + b",".join(sorted(_canon(x) for x in v)) + b"]"
    return orjson.dumps(v)


def _init(wasm: bytes, data: bytes) -> None:
    global _policy
    from wasm_host import Policy

    _policy = Policy(wasm)
    _policy.set_data(data)


def _evaluate(head: bytes, lines: list[bytes]) -> tuple[bytes, dict[str, int]]:
    """In a worker: one partition's input built as the product builds it, evaluated by the Wasm policy."""
    from evaluator.evaluate.inputs import department_doc

    t = time.process_time()
    depts = orjson.dumps([department_doc(orjson.loads(line)) for line in lines])
    before = dict(_policy.calls)
    t1 = time.process_time()
    result = _policy.eval("main/result", head + b',"departments":' + depts + b"}")
    calls = {k: v - before.get(k, 0) for k, v in _policy.calls.items()}
    calls["CPU ms: input"] = round((t1 - t) * 1000)  # facts and JSON in Python
    calls["CPU ms: Wasm"] = round(
        (time.process_time() - t1) * 1000
    )  # the module, its built-in calls included
    return orjson.dumps(result), calls


def measure(n: int, seed: int, workers: int, first: str) -> dict[str, Any]:
    from run import _data_file
    from wasm_host import Policy

    from evaluator.engine import OpaServer, build_bundle
    from evaluator.engine.county_data import county_document
    from evaluator.evaluate.inputs import platform_doc
    from evaluator.evaluate.partitions import merge, query_partitions

    path = _data_file(n, seed)
    out: dict[str, Any] = {"n": n}
    t = time.perf_counter()
    with path.open("rb") as fh:
        for line in fh:
            orjson.loads(line)
    out["parse"] = time.perf_counter() - t
    lines = path.read_bytes().splitlines()
    platform, depts = orjson.loads(lines[0]), lines[1:]
    names = {}
    for line in depts:
        d = orjson.loads(line)["department"]
        names[d["code"]] = d["name"]
    tmp = Path(tempfile.mkdtemp(prefix="govshare-wasm-"))
    os.environ["GOVSHARE_DATA_DIR"] = str(tmp / "data")
    wasm, data = _compile(tmp)

    def opa() -> dict[str, Any]:
        bundle = build_bundle()
        servers = [OpaServer(bundle) for _ in range(workers)]
        try:
            t = time.perf_counter()
            raw, _ = query_partitions(PERIOD, platform, depts, None, names, servers, SIZE)
            out["opa"] = time.perf_counter() - t
        finally:
            for s in servers:
                s.stop()
        return raw

    def in_wasm() -> dict[str, Any]:
        t = time.perf_counter()
        sha, body = county_document(platform_doc(platform), names)
        county = orjson.loads(body)
        data["county_data"] = {sha: county}
        one = Policy(wasm)
        one.set_data(orjson.dumps(data))
        county["index"] = {**one.eval("lib/county/index", orjson.dumps({"county_data": sha})), "sha256": sha}
        out["index_s"] = time.perf_counter() - t
        del one
        blob = orjson.dumps(data)
        del data["county_data"]
        parts = [depts[i : i + SIZE] for i in range(0, len(depts), SIZE)]
        authority = str(platform.get("authority") or "")
        checker = next(
            (
                i
                for i, p in enumerate(parts)
                for x in p
                if authority
                and authority.encode() in x
                and orjson.loads(x)["department"]["code"] == authority
            ),
            0,
        )
        head = orjson.dumps({"period": PERIOD, "county_data": sha})[:-1]
        heads = [
            head if i == checker else head + b',"platform_checked_elsewhere":true' for i in range(len(parts))
        ]
        ctx = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(wasm, blob)) as ex:
            answers = list(ex.map(_evaluate, heads, parts))
        out["wasm"] = time.perf_counter() - t
        calls: dict[str, int] = {}
        for _, c in answers:
            for k, v in c.items():
                calls[k] = calls.get(k, 0) + v
        out["calls"] = calls
        return merge([orjson.loads(a) for a, _ in answers])

    runs = (opa, in_wasm) if first == "opa" else (in_wasm, opa)
    got = {f.__name__: f() for f in runs}
    keyed = [orjson.dumps(got[k], option=orjson.OPT_SORT_KEYS) for k in ("opa", "in_wasm")]
    # OPA's JSON of a set is sorted, the Wasm policy's is in insertion order: "same" is the answers' bytes
    # with object keys sorted; "same as sets" also sorts every array (a set and an array look alike in JSON)
    out["same"] = keyed[0] == keyed[1]
    out["same_sets"] = _canon(got["opa"]) == _canon(got["in_wasm"])
    out["findings"] = len(got["opa"]["findings"])
    if not out["same"]:
        for key in got["opa"]:
            a = {_canon(x) for x in got["opa"][key]}
            b = {_canon(x) for x in got["in_wasm"][key]}
            for x in sorted(a - b)[:3]:
                print(f"  {key} only OPA: {x[:400].decode()}", file=sys.stderr)
            for x in sorted(b - a)[:3]:
                print(f"  {key} only Wasm: {x[:400].decode()}", file=sys.stderr)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="OPA server against OPA Wasm in-process / 评价引擎对照")
    ap.add_argument("--sizes", default="1000")
    ap.add_argument("--seed", type=int, default=20251)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="OPA servers = Wasm workers")
    ap.add_argument("--first", choices=("opa", "wasm"), default="opa")
    a = ap.parse_args()
    print(
        f"机器 machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {a.workers} OPA servers / Wasm workers, {SIZE} departments a partition"
    )
    print(
        "| 部门数 | 解析 parse s | OPA 评价 s | Wasm 评价 s | OPA ÷ 解析 | Wasm ÷ 解析 | Wasm ÷ OPA | 发现项 | 相同 same (按集合 as sets) | 索引 index s | Wasm 工作进程 workers: CPU, host built-in calls |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for n in (int(x) for x in a.sizes.split(",")):
        r = measure(n, a.seed, a.workers, a.first)
        ok = ok and r["same_sets"]
        calls = ", ".join(f"{k} {v:,}" for k, v in sorted(r["calls"].items()))
        print(
            f"| {n:,} | {r['parse']:.2f} | {r['opa']:.2f} | {r['wasm']:.2f} | {r['opa'] / r['parse']:.1f}× | "
            f"{r['wasm'] / r['parse']:.1f}× | {r['wasm'] / r['opa']:.2f} | {r['findings']:,} | "
            f"{'✓' if r['same'] else '✗'} ({'✓' if r['same_sets'] else '✗'}) | {r['index_s']:.2f} | {calls} |",
            flush=True,
        )
    print(f"load after: {os.getloadavg()[0]:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
