# METADATA
# title: 作出更正决定起{n}个工作日内从源头更正并重新汇聚
# description: |
#   第六十五条：技术服务单位负责对问题数据进行分析并通过市共享平台将问题数据分发至相应的数据生产部门。数据生产部门应于5个工作日内核实问题并作出是否更正的决定，并通过市共享平台告知数据主管部门。数据生产部门作出更正决定的，应于作出决定起10个工作日内从数据源头更正数据后重新向市共享平台汇聚更新数据。
#   解读：本规则适用第三句。决定为"更正"的问题数据，自作出决定之日的次日起算 10 个工作日（参数），以源头更正并
#   重新汇聚之日（corrected）停表；截至快照日期未更正的，期满日已过即认定逾期。"作出决定起"按《民法典》第二百零一条
#   理解为决定当日不计入。决定为"更正"而缺少决定日期，或已有决定日期而缺少决定内容的，报告缺少事实。
#   逾期更正属于第六十二条第（八）项"超过规定时间……校核政务数据"，同一逾期只在本规则认定一次，证据值标注 A62.8。
# related_resources:
#   - ref: docs/statute.md#a65
#   - ref: docs/statute.md#a62
# custom:
#   id: A65.2
#   prohibited_act: A62.8
#   title_params:
#     n: {chapter: ch10, name: a65_2_correct_working_days}
#   article: 65
#   item: null
#   kind: duty
#   severity: minor
#   dimension: aggregation
#   rectification_ground: 3
#   bears_on_funding: true
package rules.ch10.a65_2

import data.lib.deadline
import data.lib.finding
import data.lib.params
import data.lib.words

_n(d) := params.value_at(data.params.ch10.a65_2_correct_working_days, d.as_of)

_to_correct(d) := [[i, q] |
	some i, q in d.quality_issues
	q.decision == "更正"
	q.decided != null
]

findings contains f if {
	some d in input.departments
	n := _n(d) # the dated parameter once a department, not once a record (#20)
	some [i, q] in _to_correct(d)
	v := deadline.late(q.decided, n, q.corrected, d.as_of)
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, q.id, sprintf("/quality_issues/%d", [i]),
			object.union(v, {"resource_code": q.resource_code, "extension_applied": false, "prohibited_act": finding.prohibited_act(rego.metadata.chain())}),
			sprintf(
				"%s的问题数据于%s决定更正，%d个工作日内应从源头更正并重新汇聚（期满日%s），%s",
				[words.resource(d, q.resource_code), words.date(q.decided), v.limit_working_days, words.date(v.due_date), deadline.outcome(v)],
			),
		),
		words.named_resources(d, [q.resource_code]),
	)
}

errors contains e if {
	some d in input.departments
	some [i, q] in _to_correct(d)
	x := deadline.missing_date([q.decided, deadline.stop(q.corrected, d.as_of)])
	e := deadline.calendar_error(rego.metadata.chain(), d.department.code, "department", sprintf("/quality_issues/%d", [i]), x)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/quality_issues/%d/decided", [i]), "更正决定的作出日期") if {
	some d in input.departments
	some i, q in d.quality_issues
	q.decision == "更正"
	q.decided == null
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/quality_issues/%d/decision", [i]), "已作出的决定是否更正") if {
	some d in input.departments
	some i, q in d.quality_issues
	q.decided != null
	q.decision == null
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第六十五条更正期限参数在快照日期无有效值") if {
	some d in input.departments
	count(_to_correct(d)) > 0
	not _n(d)
}
