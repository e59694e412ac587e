# METADATA
# title: 法律法规修改或职能变更之日起{n}个工作日内申请更新政务数据目录
# description: |
#   第二十二条：政务部门应当于法律法规做出修改或者行政管理职能发生变更之日起5个工作日内，向本级数据主管部门申请更新政务数据目录。数据主管部门应当在收到更新申请之日起5个工作日内审核、更新政务数据目录，并同步更新责任清单。
#   解读：本规则适用第一句（部门申请），第二句见 A22.2。期限自修改或变更之日的次日起算（《民法典》第二百零一条），
#   按国务院办公厅节假日安排（含调休上班日）计算工作日，时限为参数。已申请的以申请日为准；截至快照日期未申请的，
#   期满日已过即认定逾期。发现项列明事由日期、期满日、申请日（或快照日期）和逾期工作日数。
#   逾期更新目录同时属于第六十二条第（八）项"超过规定时间更新政务数据目录"的禁止行为：同一逾期只在本规则认定一次，
#   证据值以 prohibited_act 标注 A62.8，不另行扣分（见 A62.8）。
#   日期不在工作日历范围内的，报告错误，不按星期几推算。
# related_resources:
#   - ref: docs/statute.md#a22
#   - ref: docs/statute.md#a62
# custom:
#   id: A22.1
#   prohibited_act: A62.8
#   title_params:
#     n: {chapter: ch03, name: a22_1_apply_working_days}
#   article: 22
#   item: null
#   kind: duty
#   severity: minor
#   dimension: catalog
#   rectification_ground: 1
#   bears_on_funding: false
package rules.ch03.a22_1

import data.lib.deadline
import data.lib.finding
import data.lib.params
import data.lib.words

_n(d) := params.value_at(data.params.ch03.a22_1_apply_working_days, d.as_of)

findings contains f if {
	some d in input.departments
	n := _n(d) # the dated parameter once a department, not once a record (#20)
	some i, c in d.catalog_changes
	v := deadline.late(c.trigger_date, n, c.applied, d.as_of)
	f := finding.fail(
		rego.metadata.chain(), d, c.id, sprintf("/catalog_changes/%d", [i]),
		object.union(v, {"trigger": c.trigger, "extension_applied": false, "prohibited_act": finding.prohibited_act(rego.metadata.chain())}),
		sprintf(
			"%s之日（%s）起%d个工作日内应申请更新政务数据目录（期满日%s），%s",
			[c.trigger, words.date(c.trigger_date), v.limit_working_days, words.date(v.due_date), deadline.outcome(v)],
		),
	)
}

errors contains e if {
	some d in input.departments
	some i, c in d.catalog_changes
	x := deadline.missing_date([c.trigger_date, deadline.stop(c.applied, d.as_of)])
	e := deadline.calendar_error(rego.metadata.chain(), d.department.code, "department", sprintf("/catalog_changes/%d", [i]), x)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第二十二条申请期限参数在快照日期无有效值") if {
	some d in input.departments
	count(d.catalog_changes) > 0
	not _n(d)
}
