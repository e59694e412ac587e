"""Input budgets (issue 19 item 3): only regular files, bounded bytes, bounded YAML/JSON structure;
each refusal located, with a bounded echo, and nothing stored. (How long a refusal takes is measured in
``benchmarks/intake_budgets.py``, never here.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from evaluator.intake.files import SnapshotFileError, load_bytes, load_files
from evaluator.intake.parse import BUDGET, parse_json
from evaluator.intake.yaml_reader import parse_yaml
from fixtures.generator.build import COUNTY_DIR, ROOT

GOVSHARE = Path(sys.executable).parent / "govshare"


def _errors(call) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(SnapshotFileError) as exc:
        call()
    return [(e.pointer, e.message) for e in exc.value.errors]


def test_dev_zero_is_refused_without_reading() -> None:
    [(pointer, message)] = _errors(lambda: load_files([Path("/dev/zero")]))
    assert (pointer, message) == ("", "不是普通文件（设备文件），不读取 / not a regular file, not read")


def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "snapshot.yaml"
    os.mkfifo(fifo)
    [(pointer, message)] = _errors(lambda: load_files([fifo]))
    assert (pointer, message) == (
        "",
        "不是普通文件（命名管道（FIFO）），不读取 / not a regular file, not read",
    )


def test_cli_refuses_dev_zero_with_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GOVSHARE_DATABASE_URL"}
    env["GOVSHARE_DATA_DIR"] = str(tmp_path)
    env["COLUMNS"] = "400"
    proc = subprocess.run(
        [str(GOVSHARE), "import", "/dev/zero"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out
    assert "不是普通文件（设备文件）" in out and "Traceback" not in out
    assert not (tmp_path / "govshare.db").exists() or "未写入任何数据" in out


@pytest.mark.parametrize("flow", [True, False])
def test_deep_yaml_is_refused_at_the_level_that_crosses_the_budget(flow: bool) -> None:
    depth = 100_000
    text = ("[" * depth + "]" * depth) if flow else "".join("  " * i + "-\n" for i in range(2000))
    [(pointer, message)] = _errors(lambda: parse_yaml(text + "\n...\n", "deep.yaml"))
    assert pointer == "/0" * BUDGET.max_depth
    line = 1 if flow else BUDGET.max_depth + 1
    assert message.startswith(
        f"第 {line} 行第 {BUDGET.max_depth + 1 if flow else 2 * BUDGET.max_depth + 1} 列："
    )
    assert f"嵌套层级过深（上限 {BUDGET.max_depth} 层）" in message


def test_deep_json_is_refused_with_its_pointer() -> None:
    text = "[" * 100_000 + "]" * 100_000
    [(pointer, message)] = _errors(lambda: parse_json(text, "deep.json"))
    # orjson stops at its own 1,024 levels, before the tree is built; the walk then applies the budget
    assert pointer == "" and message.startswith("第 1 行第 1026 列：嵌套层级过深（上限 32 层）")


def test_alias_depth_counts_the_expansion() -> None:
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 40)]
    [(pointer, message)] = _errors(lambda: parse_yaml("\n".join(lines) + "\n...\n", "alias-depth.yaml"))
    assert pointer == "/a31/0"
    assert "嵌套层级过深（含别名展开" in message


def test_recursive_alias_is_refused() -> None:
    [(pointer, message)] = _errors(lambda: parse_yaml("a: &a [1, *a]\n...\n", "loop.yaml"))
    assert pointer == "/a/1" and "别名 *“a” 未定义或引用自身" in message


def test_a_long_list_is_refused() -> None:
    n = BUDGET.max_list + 1
    [(pointer, message)] = _errors(lambda: parse_json("[" + ",".join(["0"] * n) + "]", "list.json"))
    assert (pointer, message) == ("", f"列表过长（上限 {BUDGET.max_list} 条记录）/ list too long")


def test_yaml_keys_that_are_not_strings_are_refused() -> None:
    [(pointer, message)] = _errors(lambda: parse_yaml("a:\n  on: 1\n...\n", "k.yaml"))
    assert pointer == "/a" and "键应为文本，实为 “True”" in message


def test_an_echo_is_bounded() -> None:
    big = "x" * 19_000_000
    [(_pointer, message)] = _errors(lambda: load_bytes(f'{{"kind": "{big}"}}'.encode(), "big.json", ".json"))
    assert len(message) < 300 and "（共 19000000 个字符）" in message


def test_every_county_file_ends_with_the_end_marker() -> None:
    for f in COUNTY_DIR.glob("*.yaml"):
        assert f.read_text("utf-8").endswith("\n...\n"), f


def test_no_truncation_of_a_county_file_is_a_valid_snapshot() -> None:
    raw = (COUNTY_DIR / "15-tongjiju.yaml").read_bytes()
    load_bytes(raw, "whole.yaml", ".yaml")  # the whole file is valid
    cuts = [i + 1 for i, b in enumerate(raw[:-1]) if b == ord("\n")]  # every line end
    cuts += range(1, len(raw) - 1, 97)  # and cuts inside lines (also inside UTF-8 sequences)
    accepted = []
    for cut in cuts:
        try:
            load_bytes(raw[:cut], "cut.yaml", ".yaml")
            accepted.append(cut)
        except SnapshotFileError:
            pass
    assert accepted == []
