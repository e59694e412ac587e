# METADATA
# title: 按日期取值的参数 / dated parameters
# description: |
#   规范中的每个数值（时限、阈值、周期）只在 policies/params 中出现一次，附条文出处与生效日期
#   （仿 OpenFisca）。规则通过 value_at(参数, 日期) 取得该日期有效的值，过去的周期按当时有效的值评价。
#   日期早于最早生效日时取值未定义，调用规则应报告缺少事实。
package lib.params

# value_at is the value of a dated parameter in force on date d (ISO 8601 strings compare in order).
value_at(param, d) := param.values[max({k | some k, _ in param.values; k <= d})].value
