"""OPA's Wasm target run in this process (wasmtime): a host for the policy ``opa build -t wasm`` compiles
from ``policies/`` (OPA's Wasm ABI 1.x: opa_eval with the input as JSON), and the six built-ins the
compiled policy asks its host for, written to Go's semantics (sprintf, time.parse_ns,
time.parse_rfc3339_ns, time.add_date, time.format, regex.replace).

A measurement for issue 20 item 1 (benchmarks/wasm.py), not the product's engine: the product evaluates
on the OPA binary (decision 0046 says why and what it would take)."""

from __future__ import annotations

import ctypes
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import orjson
import wasmtime

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NS = 10**9
_DAY_NS = 86_400 * _NS
# OPA's Wasm JSON dump writes a number as it was parsed (to_number("03") dumps as 03): leading zeros
# outside strings are removed before the JSON is read
_LEADING_ZEROS = re.compile(rb'("(?:[^"\\]|\\.)*")|(?<![\w.])0+(?=\d)')


def _json(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return orjson.loads(_LEADING_ZEROS.sub(lambda m: m.group(1) or b"", raw))


class BuiltinError(Exception):
    """A built-in's error: undefined in Rego (OPA's non-strict default), as the Go built-in's error is."""


def _ns(t: dt.datetime) -> int:
    d = t - _EPOCH
    return (d.days * 86_400 + d.seconds) * _NS + d.microseconds * 1000


def _at(ns: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=ns // 1000)


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_ns(layout: str, value: str) -> int:
    if layout != "2006-01-02":
        raise BuiltinError(f"layout {layout!r} not implemented")
    m = _DATE.fullmatch(value)  # Go's layout wants exactly two digits for month and day
    if m is None:
        raise BuiltinError(f"cannot parse {value!r}")
    try:
        return _ns(dt.datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=dt.UTC))
    except ValueError as e:  # month or day out of range, as Go's time.Parse
        raise BuiltinError(str(e)) from e


def parse_rfc3339_ns(value: str) -> int:
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as e:
        raise BuiltinError(str(e)) from e
    if t.tzinfo is None:
        raise BuiltinError("RFC 3339 needs a zone")
    return _ns(t)


def add_date(ns: int, years: int, months: int, days: int) -> int:
    """Go's Time.AddDate: year, month and day added, then normalised (31 January + 1 month = 3 March)."""
    t = _at(ns)
    month0 = t.month - 1 + months
    year, month = t.year + years + month0 // 12, month0 % 12 + 1
    rest = ns - _ns(dt.datetime(t.year, t.month, t.day, tzinfo=dt.UTC))
    first = dt.datetime(year, month, 1, tzinfo=dt.UTC)
    return _ns(first + dt.timedelta(days=t.day - 1 + days)) + rest


def time_format(x: Any) -> str:
    if isinstance(x, list) and len(x) == 3 and x[1] == "UTC" and x[2] == "2006-01-02":
        return _at(int(x[0])).strftime("%Y-%m-%d")
    raise BuiltinError(f"time.format of {x!r} not implemented")


def _go_float(f: float) -> str:
    """Go's %v of a float64: the shortest representation, exponent form below 1e-4 and from 1e21."""
    if f == 0 or 1e-4 <= abs(f) < 1e21:
        s = repr(f)
        if "e" in s:  # Python's repr switches at 1e16; Go's %v only at 1e21
            s = format(f, "f").rstrip("0").rstrip(".")
        return s.removesuffix(".0")
    mant, exp = repr(f).split("e")
    return f"{mant.removesuffix('.0')}e{int(exp):+03d}"


def _rego_string(v: Any) -> str:
    """ast.Term.String() of a composite (what OPA's sprintf gives for an argument not a string or number)."""
    if isinstance(v, str):
        return orjson.dumps(v).decode()
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v) if isinstance(v, int) else _go_float(v)
    if isinstance(v, list):
        return "[" + ", ".join(_rego_string(x) for x in v) + "]"
    return "{" + ", ".join(f"{_rego_string(k)}: {_rego_string(x)}" for k, x in v.items()) + "}"


_VERB = re.compile(r"%(0?)(\d*)([sdv%])")


def sprintf(fmt: str, args: list[Any]) -> str:
    """OPA's sprintf: numbers as Go integers or floats, strings as strings, anything else as its Rego text,
    then Go's fmt with the verbs the policies use (%s, %d, %v, %0Nd)."""
    out: list[str] = []
    pos = k = 0
    for m in _VERB.finditer(fmt):
        out.append(fmt[pos : m.start()])
        pos = m.end()
        zero, width, verb = m.groups()
        if verb == "%":
            out.append("%")
            continue
        a = args[k]
        k += 1
        if isinstance(a, bool) or a is None or isinstance(a, (list, dict)):
            text = _rego_string(a)
            out.append(text if verb in "sv" else f"%!{verb}(string={text})")
        elif isinstance(a, int):
            text = str(a)
            if verb == "s":
                text = f"%!s(*big.Int={a})" if abs(a) >= 1 << 63 else f"%!s(int={a})"
            out.append(text.rjust(int(width), "0" if zero else " ") if width else text)
        elif isinstance(a, float):
            out.append(_go_float(a) if verb == "v" else f"%!{verb}(float64={_go_float(a)})")
        else:
            out.append(a if verb in "sv" else f"%!d(string={a})")
    out.append(fmt[pos:])
    return "".join(out)


def regex_replace(s: str, pattern: str, value: str) -> str:
    if "$" in value:
        raise BuiltinError("replacement templates not implemented")
    return re.sub(pattern, lambda _: value, s)


BUILTINS: dict[str, Callable[..., Any]] = {
    "sprintf": sprintf,
    "time.parse_ns": parse_ns,
    "time.parse_rfc3339_ns": parse_rfc3339_ns,
    "time.add_date": add_date,
    "time.format": time_format,
    "regex.replace": regex_replace,
}


class Policy:
    """One instance of the compiled policy with its data set once; :meth:`eval` runs an entrypoint on a
    JSON input, freeing what the previous evaluation allocated (the heap is reset to after the data)."""

    def __init__(self, wasm: bytes) -> None:
        self.store = wasmtime.Store(wasmtime.Engine())
        self.memory = wasmtime.Memory(self.store, wasmtime.MemoryType(wasmtime.Limits(32, None)))
        self.calls: Counter[str] = Counter()
        module = wasmtime.Module(self.store.engine, wasm)
        imports: list[Any] = []
        for imp in module.imports:
            if imp.name == "memory":
                imports.append(self.memory)
            elif imp.name == "opa_abort":
                imports.append(wasmtime.Func(self.store, wasmtime.FuncType([_I32], []), self._abort))
            else:
                arity = int(imp.name.removeprefix("opa_builtin"))
                imports.append(
                    wasmtime.Func(self.store, wasmtime.FuncType([_I32] * (arity + 2), [_I32]), self._builtin)
                )
        self.x = wasmtime.Instance(self.store, module, imports).exports(self.store)
        self.names = {v: k for k, v in self._dump(self.x["builtins"](self.store)).items()}
        missing = set(self.names.values()) - BUILTINS.keys()
        if missing:
            raise RuntimeError(f"the compiled policy needs built-ins this host lacks: {sorted(missing)}")
        self.entrypoints: dict[str, int] = self._dump(self.x["entrypoints"](self.store))
        self.data = self.x["opa_json_parse"](self.store, *self._put(b"{}"))
        self.base = self.x["opa_heap_ptr_get"](self.store)

    def _bytes(self, addr: int) -> bytes:
        base = ctypes.addressof(self.memory.data_ptr(self.store).contents)
        return ctypes.string_at(base + addr)

    def _dump(self, value: int) -> Any:
        return _json(self._bytes(self.x["opa_json_dump"](self.store, value)))

    def _put(self, raw: bytes) -> tuple[int, int]:
        addr = self.x["opa_malloc"](self.store, len(raw))
        self.memory.write(self.store, raw, addr)
        return addr, len(raw)

    def _abort(self, addr: int) -> None:
        raise RuntimeError(f"opa_abort: {self._bytes(addr).decode(errors='replace')}")

    def _builtin(self, builtin: int, _ctx: int, *args: int) -> int:
        name = self.names[builtin]
        self.calls[name] += 1
        try:
            value = BUILTINS[name](*(self._dump(a) for a in args))
        except BuiltinError:
            return 0  # undefined
        return int(self.x["opa_json_parse"](self.store, *self._put(orjson.dumps(value))))

    def set_data(self, raw: bytes) -> None:
        self.x["opa_heap_ptr_set"](self.store, self.base)
        self.data = self.x["opa_json_parse"](self.store, *self._put(raw))
        self.base = self.x["opa_heap_ptr_get"](self.store)

    def eval(self, entrypoint: str, raw_input: bytes) -> Any:
        """The entrypoint's value (its one result), or None when undefined."""
        self.x["opa_heap_ptr_set"](self.store, self.base)
        addr, n = self._put(raw_input)
        heap = self.x["opa_heap_ptr_get"](self.store)
        out = self.x["opa_eval"](self.store, 0, self.entrypoints[entrypoint], self.data, addr, n, heap, 0)
        results = _json(self._bytes(out))
        return results[0]["result"] if results else None


_I32 = wasmtime.ValType.i32()
