#!/usr/bin/env bash
# 重新生成 docs/samples/ 的样张 / regenerate docs/samples/ (notices, the 请示, the public summary).
# 示例县 fixtures/county（2025 年度）；2026-03-02 下发；民政局逾期（2026-03-24），重新评价后当日请示督促。
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
G=.venv/bin/govshare
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export GOVSHARE_DATA_DIR="$WORK/data" GOVSHARE_NOTICE_SETTINGS="$PWD/docs/samples/notice-settings.yaml"
$G import fixtures/county >/dev/null
# the authority's own indicator system (the shipped one is an example and is never published)
$G authority export indicators -o "$WORK/ind.yaml" >/dev/null
.venv/bin/python - "$WORK/ind.yaml" <<'PY'
import sys, yaml
p = sys.argv[1]
doc = yaml.safe_load(open(p, encoding="utf-8"))
v = doc["indicators"]["values"]["2022-01-01"]["value"]
v["title"], v["version"] = "内乡县政务数据管理工作情况评价办法", "内数据〔2026〕9号"
open(p, "w", encoding="utf-8").write(yaml.safe_dump(doc, allow_unicode=True))
PY
$G authority set indicators "$WORK/ind.yaml" --by 县数据局 --effective 2025-01-01 >/dev/null
$G evaluate --period 2025 >/dev/null || true
$G notices issue --period 2025 --date 2026-03-02 --out "$WORK/out" >/dev/null
MZ=$($G notices list --period 2025 | grep 内乡县民政局 | grep -o '内数据〔2026〕[0-9]*号' | head -1)
$G notices transition "$MZ" --to overdue --by 王科长 --reason 期满未报送整改报告 --date 2026-03-24 >/dev/null
sleep 1.1
$G evaluate --period 2025 >/dev/null || true
$G notices transition "$MZ" --to escalated --by 王科长 --reason 期满后重新评价问题仍在 --out "$WORK/out" >/dev/null
rm -f docs/samples/*.docx docs/samples/*.pdf docs/samples/*.xlsx docs/samples/*.csv docs/samples/*.md.sample
for who in 内乡县公安局 内乡县民政局 内乡县马山口镇人民政府; do cp "$WORK"/out/*整改通知书_"$who".* docs/samples/; done
cp "$WORK"/out/*请示_*.* docs/samples/
$G assess --period 2025 --public --format xlsx --output docs/samples/公布摘要.xlsx >/dev/null
$G assess --period 2025 --public --format csv --output docs/samples/公布摘要.csv >/dev/null
$G assess --period 2025 --public --output docs/samples/公布摘要.md >/dev/null
ls docs/samples
