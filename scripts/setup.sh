#!/usr/bin/env bash
# govshare 开发/CI 环境安装脚本 — sets up everything govshare needs on a fresh Debian 12 machine.
#
#   bash scripts/setup.sh            # 安装并运行演示 / install, then run `govshare demo`
#   bash scripts/setup.sh --no-demo  # 只安装 / install only (used by scripts/test.sh and CI)
#
# Idempotent: every step checks first and skips what is already in place, so a re-run is fast.
#   - Debian packages: installed only when dpkg-query says one is missing.
#   - .venv: `pip install -e '.[dev]'` skipped while .venv/.govshare-installed holds pyproject.toml's sha256.
#   - bin/opa, bin/regal: rebuilt only when missing or at another version.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$PWD"

# ---- pinned versions ---------------------------------------------------------------------------
OPA_MODULE="github.com/open-policy-agent/opa"
OPA_VERSION="v1.22.3"
# Regal (Rego linter) is optional: the Go module proxy reachable here answered 403 "not available"
# for every Regal module path tried (open-policy-agent/regal, styrainc/regal), so this install is
# attempted and, on failure, reported and skipped; scripts/test.sh runs regal only if bin/regal exists.
REGAL_MODULE="${GOVSHARE_REGAL_MODULE:-github.com/open-policy-agent/regal}"
REGAL_VERSION="${GOVSHARE_REGAL_VERSION:-v0.36.1}"
# libreoffice-writer-nogui: tests open each notice's DOCX in LibreOffice (headless) and compare it with the PDF
# fonts-liberation: Liberation Serif has Times New Roman's metrics: the notices' digits and Latin letters in
# both the PDF and LibreOffice's layout of the DOCX (decision 0016)
APT_PACKAGES=(postgresql chromium fonts-noto-cjk fonts-liberation poppler-utils texlive-lang-chinese libreoffice-writer-nogui)
VENV="$REPO_ROOT/.venv"
STAMP="$VENV/.govshare-installed"

RUN_DEMO=1
for arg in "$@"; do
  case "$arg" in
    --no-demo) RUN_DEMO=0 ;;
    -h | --help)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "错误 / error: 未知参数 / unknown argument: $arg (用法 / usage: scripts/setup.sh [--no-demo])" >&2
      exit 2
      ;;
  esac
done

START_TIME=$SECONDS
step() { printf '==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf '错误 / error: %s\n' "$*" >&2
  exit 1
}

# ---- 1. Debian packages ------------------------------------------------------------------------
step "检查系统软件包 / checking Debian packages: ${APT_PACKAGES[*]}"
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  info "已全部安装 / all present"
else
  if [[ $(id -u) -ne 0 ]]; then
    die "缺少系统软件包 / missing Debian packages: ${missing[*]}
    请以 root 运行 / as root, run:
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  step "安装系统软件包 / installing Debian packages: ${missing[*]}"
  apt-get update -q || die "apt-get update 失败 / failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install 失败 / failed for: ${missing[*]}"
fi

# ---- 2. Python virtualenv ----------------------------------------------------------------------
step "安装 Python 依赖 / installing Python deps (.venv, pip install -e '.[dev]')"
if [[ ! -x "$VENV/bin/python" ]]; then
  info "创建虚拟环境 / creating .venv"
  python3 -m venv "$VENV" || die "python3 -m venv 失败 / failed (Debian: apt-get install python3-venv)"
fi
want_hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
have_hash="$(cat "$STAMP" 2>/dev/null || true)"
if [[ "$have_hash" == "$want_hash" ]]; then
  info "已是最新，跳过 / up to date (stamp matches pyproject.toml), skipping pip"
else
  rm -f "$STAMP"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]' \
    || die "pip install -e '.[dev]' 失败 / failed"
  printf '%s\n' "$want_hash" >"$STAMP"
  info "完成 / done"
fi

# ---- 3. Go toolchain (for OPA and Regal) ---------------------------------------------------------
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="$PATH:/usr/local/go/bin"
fi
mkdir -p "$REPO_ROOT/bin"

# go_install MODULE VERSION: builds MODULE@VERSION into bin/.
go_install() {
  command -v go >/dev/null 2>&1 || {
    echo "找不到 go / go toolchain not found (looked on PATH and in /usr/local/go/bin)" >&2
    return 1
  }
  GOBIN="$REPO_ROOT/bin" go install "$1@$2"
}

# ---- 4. OPA --------------------------------------------------------------------------------------
step "安装 OPA / installing OPA ${OPA_VERSION} (bin/opa)"
# (the version is read whole before grep looks at it: with pipefail, `bin/opa version | grep -q` fails
# whenever grep exits at the first line while opa is still writing the rest — SIGPIPE, exit 141 — which made
# a good binary look wrong, now and then, on a busy machine)
opa_is_pinned() { local v; v="$(bin/opa version 2>/dev/null)" && grep -qx "Version: ${OPA_VERSION#v}" <<<"$v"; }
if [[ -x bin/opa ]] && opa_is_pinned; then
  info "已是 ${OPA_VERSION}，跳过 / already ${OPA_VERSION}, skipping"
else
  info "从 Go 模块编译 / building from the Go module ${OPA_MODULE}@${OPA_VERSION} (几分钟 / takes a few minutes)"
  go_install "$OPA_MODULE" "$OPA_VERSION" \
    || die "无法编译 OPA / could not build ${OPA_MODULE}@${OPA_VERSION}. govshare requires this exact OPA; there is no fallback engine."
  opa_is_pinned \
    || die "bin/opa 版本不对 / bin/opa does not report Version: ${OPA_VERSION#v}"
  info "完成 / done"
fi

# ---- 5. Regal (optional Rego linter) -------------------------------------------------------------
step "安装 Regal / installing Regal ${REGAL_VERSION} (bin/regal, 可选 / optional)"
if [[ -x bin/regal ]] && grep -q "${REGAL_VERSION#v}" <<<"$(bin/regal version 2>/dev/null)"; then
  info "已是 ${REGAL_VERSION}，跳过 / already ${REGAL_VERSION}, skipping"
else
  regal_log="$(mktemp)"
  if go_install "$REGAL_MODULE" "$REGAL_VERSION" 2>"$regal_log"; then
    info "完成 / done"
  else
    rm -f bin/regal
    info "警告 / warning: 无法安装 Regal / could not install ${REGAL_MODULE}@${REGAL_VERSION}; Rego lint 将跳过 / will be skipped:"
    sed 's/^/      /' "$regal_log" | head -n 5
  fi
  rm -f "$regal_log"
fi

step "环境就绪 / environment ready ($((SECONDS - START_TIME)) s)"

# ---- 6. main job: demo (keep this the single last step) --------------------------------------------
if ((RUN_DEMO)); then
  step "运行演示 / running: govshare demo"
  if [[ ! -x "$VENV/bin/govshare" ]] || ! "$VENV/bin/govshare" demo --help >/dev/null 2>&1; then
    die "govshare demo 尚不可用 / 'govshare demo' is not available yet (.venv/bin/govshare missing or 'govshare demo --help' failed). Use --no-demo to only install."
  fi
  exec "$VENV/bin/govshare" demo --dashboard
fi
