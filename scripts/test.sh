#!/usr/bin/env bash
# govshare 全部检查 — the whole check pipeline (what CI runs via .ci/run).
#
#   bash scripts/test.sh [PYTEST_ARGS...]
#
# Order (stops at the first failure): setup --no-demo, ruff check, ruff format --check, mypy, lint-imports,
# opa fmt, opa check --strict, opa test + coverage gate, regal lint (if bin/regal exists), pytest.
# Env: GOVSHARE_MIN_REGO_COVERAGE (default 95) = minimum Rego coverage in percent.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }
die() {
  printf '\n失败 / FAILED: %s\n' "$*" >&2
  exit 1
}

# run NAME CMD...: runs a step, stopping the pipeline with a clear message when it fails.
run() {
  local name="$1"
  shift
  step "$name: $*"
  "$@" || die "$name (exit $?): $*"
}

bash scripts/setup.sh --no-demo || die "scripts/setup.sh --no-demo"

VENV_BIN="$PWD/.venv/bin"
MIN_COV="${GOVSHARE_MIN_REGO_COVERAGE:-95}"
[[ "$MIN_COV" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "GOVSHARE_MIN_REGO_COVERAGE 必须是数字 / must be a number (got '$MIN_COV')"

run "ruff 代码检查 / lint" "$VENV_BIN/ruff" check .
run "ruff 格式检查 / format" "$VENV_BIN/ruff" format --check .
run "mypy 类型检查 / types" "$VENV_BIN/mypy" evaluator dashboard
# the house's arrows (pyproject.toml [tool.importlinter], shared/design/house.md): a new import that
# breaks one fails here with the arrow named
run "分层依赖 / import contracts (lint-imports)" "$VENV_BIN/lint-imports"

# Rego. `-b` (bundle mode) loads only .rego and data.json/data.yaml files, so other files under
# policies/ (e.g. policies/schemas/*.json) are not mistaken for data documents.
run "Rego 格式 / opa fmt" bin/opa fmt --list --fail policies
run "Rego 检查 / opa check" bin/opa check --strict -b policies

if find policies -type f -name '*_test.rego' -print -quit | grep -q .; then
  step "Rego 测试与覆盖率 / opa test -b policies --coverage (最低 / min ${MIN_COV}%)"
  cov_json="$(mktemp)"
  trap 'rm -f "$cov_json"' EXIT
  if ! bin/opa test -b policies --coverage >"$cov_json"; then
    # On failures opa prints the failing tests (not the JSON report): show them.
    cat "$cov_json"
    die "Rego 测试失败 / Rego tests failed: bin/opa test -b policies"
  fi
  "$VENV_BIN/python" - "$MIN_COV" "$cov_json" <<'PY' || die "Rego 覆盖率不足 / Rego coverage below ${MIN_COV}%"
import json
import sys
from collections import defaultdict

minimum = float(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as fh:
    report = json.load(fh)
coverage = float(report.get("coverage", 0.0))
print(f"Rego 覆盖率 / coverage: {coverage:.2f}% (最低 / minimum {minimum:g}%)")
if coverage < minimum:
    # In bundle mode (-b) opa 1.22 reports a file's uncovered part under a doubled path
    # ("policies/policies/x.rego") and its covered part under "policies/x.rego": merge them.
    covered: dict[str, int] = defaultdict(int)
    missed: dict[str, set[int]] = defaultdict(set)
    for path, info in report.get("files", {}).items():
        parts = path.split("/")
        if len(parts) > 2 and parts[0] == parts[1]:
            path = "/".join(parts[1:])
        covered[path] += int(info.get("covered_lines", 0))
        for r in info.get("not_covered", []):
            missed[path].update(range(r["start"]["row"], r["end"]["row"] + 1))
    for path in sorted(missed):
        rows = sorted(missed[path])
        pct = 100.0 * covered[path] / (covered[path] + len(rows))
        print(f"  {path}: {pct:.1f}% (未覆盖行 / not covered: {', '.join(map(str, rows))})")
    sys.exit(1)
PY
else
  step "Rego 测试 / opa test: 没有 *_test.rego，跳过 / no *_test.rego under policies, skipping"
fi

if [[ -x bin/regal ]]; then
  run "Regal 检查 / regal lint" bin/regal lint policies/rego
else
  step "Regal: bin/regal 不存在，跳过 / not installed, skipping lint"
fi

step "pytest $*"
set +e
"$VENV_BIN/pytest" "$@"
rc=$?
set -e
if ((rc == 5)); then
  printf '\n失败 / FAILED: pytest 没有收集到任何测试 / pytest collected no tests (exit 5)\n' >&2
elif ((rc != 0)); then
  printf '\n失败 / FAILED: pytest (exit %s)\n' "$rc" >&2
else
  printf '\n==> 全部通过 / all checks passed\n'
fi
exit "$rc"
