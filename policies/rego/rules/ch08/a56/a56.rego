# METADATA
# title: 定期对政务数据汇聚、共享、开放、应用进行风险评估
# description: |
#   第五十六条：数据主管部门和各政务部门应当按照法律法规和保密、安全管理等规定，定期对政务数据汇聚、共享、开放、应用进行风险评估，保障数据安全。
#   解读："定期"的周期由数据主管部门设定（主管部门的设定 data.authority.cycles.a56_risk_assessment_period_months，govshare authority set settings 维护，默认 12 个月，不是条文数字）。
#   设周期为 P 个月，评价窗口为（快照日期前推 P 个月，快照日期]，即不含起点、含快照日期；窗口内没有任何一次风险评估即认定。
#   窗口起点早于本办法施行之日（参数 measures_in_force_from）的，第一个周期尚未届满，不认定。
#   参数在快照日期无有效值的，报告缺少事实。
# related_resources:
#   - ref: docs/statute.md#a56
#   - ref: docs/statute.md#a74
# custom:
#   id: A56
#   article: 56
#   item: null
#   kind: duty
#   severity: major
#   dimension: security
#   rectification_ground: 5
#   bears_on_funding: false
package rules.ch08.a56

import data.lib.finding
import data.lib.params
import data.lib.words

_months_before(date, n) := substring(time.format([time.add_date(time.parse_rfc3339_ns(sprintf("%sT00:00:00Z", [date])), 0, 0 - n, 0), "UTC", "2006-01-02"]), 0, 10)

_period(d) := params.value_at(data.authority.cycles.a56_risk_assessment_period_months, d.as_of)

_in_force(d) := params.value_at(data.params.measures_in_force_from, d.as_of)

findings contains f if {
	some d in input.departments
	months := _period(d)
	start := _months_before(d.as_of, months)
	start >= _in_force(d)
	dates := object.get(d.security, "risk_assessments", [])
	count([a | some a in dates; a > start; a <= d.as_of]) == 0
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/security/risk_assessments",
		{"period_months": months, "window_after": start, "as_of": d.as_of, "last": _last(dates)},
		sprintf("%s之后至%s（%d个月）未开展政务数据风险评估", [words.date(start), words.date(d.as_of), months]),
	)
}

_last(dates) := max({a | some a in dates}) if count(dates) > 0

_last(dates) := null if count(dates) == 0

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第五十六条风险评估周期或本办法施行日期参数在快照日期无有效值") if {
	some d in input.departments
	not _params_defined(d)
}

_params_defined(d) if {
	_period(d)
	_in_force(d)
}
