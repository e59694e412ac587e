# METADATA
# title: 制定应急预案并定期演练，发生网络安全事件时应急响应、保存记录并报告
# description: |
#   第五十七条：数据主管部门和各政务部门应当针对政务数据安全风险制定应急预案并定期组织演练。发生网络安全事件时，应当立即启动应急响应，及时采取应急措施防止事态发展，保存相关记录，并按照规定向有关主管部门报告。
#   解读：（一）须有应急预案（未填报报告缺少事实）；（二）"定期"演练的周期由数据主管部门设定（主管部门的设定 data.authority.cycles.a57_drill_period_months，govshare authority set settings 维护，默认 12 个月），
#   评价窗口同 A56：（快照日期前推周期，快照日期]内无演练即认定，窗口起点早于本办法施行之日的不认定；
#   （三）每一起网络安全事件须已应急响应、保存记录、向主管部门报告，缺一即认定（一事件一条，列出所缺环节）。
#   "立即""及时"的时效快照未载明，本规则不作认定。
# related_resources:
#   - ref: docs/statute.md#a57
#   - ref: docs/statute.md#a74
# custom:
#   id: A57
#   article: 57
#   item: null
#   kind: duty
#   severity: major
#   dimension: security
#   rectification_ground: 5
#   bears_on_funding: false
package rules.ch08.a57

import data.lib.finding
import data.lib.params
import data.lib.words

_months_before(date, n) := substring(time.format([time.add_date(time.parse_rfc3339_ns(sprintf("%sT00:00:00Z", [date])), 0, 0 - n, 0), "UTC", "2006-01-02"]), 0, 10)

_period(d) := params.value_at(data.authority.cycles.a57_drill_period_months, d.as_of)

_in_force(d) := params.value_at(data.params.measures_in_force_from, d.as_of)

# no emergency plan
findings contains f if {
	some d in input.departments
	object.get(d.security, "emergency_plan", null) == false
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/security/emergency_plan",
		{"emergency_plan": false}, "未针对政务数据安全风险制定应急预案",
	)
}

# no drill within the period
findings contains f if {
	some d in input.departments
	months := _period(d)
	start := _months_before(d.as_of, months)
	start >= _in_force(d)
	dates := object.get(d.security, "drills", [])
	count([a | some a in dates; a > start; a <= d.as_of]) == 0
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/security/drills",
		{"period_months": months, "window_after": start, "as_of": d.as_of},
		sprintf("%s之后至%s（%d个月）未组织应急演练", [words.date(start), words.date(d.as_of), months]),
	)
}

_steps := [["responded", "应急响应"], ["recorded", "保存记录"], ["reported", "向主管部门报告"]]

# an incident not responded to, recorded or reported
findings contains f if {
	some d in input.departments
	some i, inc in d.incidents
	lacking := [name | some [key, name] in _steps; not inc[key]]
	count(lacking) > 0
	f := finding.fail(
		rego.metadata.chain(), d, inc.id, sprintf("/incidents/%d", [i]),
		{"date": inc.date, "responded": inc.responded, "recorded": inc.recorded, "reported": inc.reported},
		sprintf("%s发生的网络安全事件未%s", [words.date(inc.date), concat("、未", lacking)]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/security/emergency_plan", "是否制定应急预案") if {
	some d in input.departments
	object.get(d.security, "emergency_plan", null) == null
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第五十七条演练周期或本办法施行日期参数在快照日期无有效值") if {
	some d in input.departments
	not _params_defined(d)
}

_params_defined(d) if {
	_period(d)
	_in_force(d)
}
