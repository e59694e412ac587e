"""The code's layout as the issue-14 contracts describe it, read from the source (an AST walk of every
module of ``evaluator/`` and ``dashboard/``), for what ``lint-imports`` does not see:

* no import cycle, counting *every* import — at module level, inside a function, under
  ``if TYPE_CHECKING:`` (import-linter's layers see part-to-part arrows, not a cycle between two modules of
  one part, and a typing-only import hides a cycle from Python but not from the reader);
* no part uses another part's private names (``module._name``): a check one part needs is public;
* no module is longer than ``MAX_MODULE_LINES`` (issue 14: "no module … over about 500 lines"; decision
  0014 measured them) — a module that grows past it is doing a second job and is split.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("evaluator", "dashboard")
MAX_MODULE_LINES = 500


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for p in sorted((ROOT / pkg).rglob("*.py")):
            parts = list(p.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = p
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, str | None, int]]:
    """(module imported, name taken from it or None, line) for every import of a project module in
    ``path``, wherever it stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names if a.name in MODULES]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            for a in node.names:
                if f"{base}.{a.name}" in MODULES:
                    found.append((f"{base}.{a.name}", None, node.lineno))
                elif base in MODULES:
                    found.append((base, a.name, node.lineno))
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def _graph(depth: int | None) -> dict[str, set[str]]:
    """Module → modules it imports; with ``depth``, every module inside a package of that depth counted
    as the package (``evaluator.consumers.assess.scoring`` → ``evaluator.consumers.assess`` at 3)."""

    def node(m: str) -> str:
        if depth is None:
            return m
        head = ".".join(m.split(".")[:depth])
        return head if (ROOT / Path(*head.split(".")) / "__init__.py").exists() else m

    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        deps = graph.setdefault(node(name), set())
        deps.update(node(m) for m, _, _ in _imports(name, path))
    for k, deps in graph.items():
        deps.discard(k)
        for d in deps:
            graph.setdefault(d, set())
    return graph


def test_the_walk_sees_the_project() -> None:
    """The walk is not vacuous: it sees the parts and their imports (a typing-only one too)."""
    graph = _graph(None)
    assert {"evaluator.engine.bundle", "evaluator.store.runs", "dashboard.app"} <= graph.keys()
    assert "evaluator.engine.verified" in graph["evaluator.engine.bundle"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_between_modules_or_parts() -> None:
    for depth in (None, 2, 3):
        assert _cycles(_graph(depth)) == [], f"import cycle (depth {depth})"


def _part(module: str) -> str:
    """The part a module belongs to: ``evaluator.store.users`` → ``evaluator.store``."""
    return ".".join(module.split(".")[:2])


def test_no_part_uses_another_parts_private_names() -> None:
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound: dict[str, str] = {}  # local name → project module
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in MODULES and a.asname:
                        bound[a.asname] = a.name
            elif isinstance(node, ast.ImportFrom):
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    if full in MODULES:
                        bound[a.asname or a.name] = full
        for m, taken, line in _imports(name, path):
            if taken and taken.startswith("_") and not taken.startswith("__") and _part(m) != _part(name):
                found.append(f"{path.relative_to(ROOT)}:{line}: from {m} import {taken}")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in bound
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and _part(bound[node.value.id]) != _part(name)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert found == []


def _lines(path: Path) -> int:
    """Lines as ``wc -l`` counts them: newline characters (a last line without one is not counted)."""
    return path.read_bytes().count(b"\n")


def test_line_count_is_wc_l(tmp_path: Path) -> None:
    f = tmp_path / "m.py"
    f.write_bytes(b"a = 1\n\nb = 2")
    assert _lines(f) == 2
    f.write_bytes("# 中文\r\nx = 1\n".encode())
    assert _lines(f) == 2


def test_no_module_over_the_line_cap() -> None:
    assert len(MODULES) > 50  # the walk sees every module, not none
    over = [
        f"{path.relative_to(ROOT)}：{n} 行 / lines"
        for path in MODULES.values()
        if (n := _lines(path)) > MAX_MODULE_LINES
    ]
    assert over == [], (
        f"模块超过 {MAX_MODULE_LINES} 行，应按职责拆分 / modules over {MAX_MODULE_LINES} lines, "
        f"split by job: {over}"
    )
