# METADATA
# title: 按日期取值的参数 / dated parameters
# description: |
#   规范中的每个数值（时限、阈值、周期）只在 policies/params 中出现一次，附条文出处与生效日期
#   （仿 OpenFisca）。规则通过 value_at(参数, 日期) 取得该日期有效的值，过去的周期按当时有效的值评价。
#   日期早于最早生效日时取值未定义，调用规则应报告缺少事实。
#   生效日期键 "in_force" 指本办法施行之日（data.params.measures_in_force_from，第七十四条）：随本办法施行的参数
#   都以它为生效日，施行日期只写一处，核定公布日期后只改那一处。
package lib.params

# the day the Measures took effect: the one date the parameters that start with the Measures refer to
in_force := data.params.measures_in_force_from.values[max({k | some k, _ in data.params.measures_in_force_from.values})].value

# _date(k): the effective date a values key stands for
_date("in_force") := in_force

_date(k) := k if k != "in_force"

# value_at is the value of a dated parameter in force on date d (ISO 8601 strings compare in order).
value_at(param, d) := param.values[k].value if {
	latest := max({_date(x) | some x, _ in param.values; _date(x) <= d})
	some k, _ in param.values
	_date(k) == latest
}
