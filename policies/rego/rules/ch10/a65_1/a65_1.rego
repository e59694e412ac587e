# METADATA
# title: 问题数据分发之日起{n}个工作日内核实并作出是否更正的决定
# description: |
#   第六十五条：技术服务单位负责对问题数据进行分析并通过市共享平台将问题数据分发至相应的数据生产部门。数据生产部门应于5个工作日内核实问题并作出是否更正的决定，并通过市共享平台告知数据主管部门。数据生产部门作出更正决定的，应于作出决定起10个工作日内从数据源头更正数据后重新向市共享平台汇聚更新数据。
#   解读：本规则适用第二句（核实并决定），第三句见 A65.2。"5个工作日内"自问题数据分发至本部门之日的次日起算，
#   按法定工作日（含调休上班日）计算，时限为参数；以作出决定之日（decided）停表，截至快照日期未决定的，
#   期满日已过即认定逾期。"告知数据主管部门"暂无事实可供核查。
#   逾期核实属于第六十二条第（八）项"超过规定时间……校核政务数据"，同一逾期只在本规则认定一次，证据值标注 A62.8。
# related_resources:
#   - ref: docs/statute.md#a65
#   - ref: docs/statute.md#a62
# custom:
#   id: A65.1
#   prohibited_act: A62.8
#   title_params:
#     n: {chapter: ch10, name: a65_1_decide_working_days}
#   article: 65
#   item: null
#   kind: duty
#   severity: minor
#   dimension: aggregation
#   rectification_ground: 3
#   bears_on_funding: true
package rules.ch10.a65_1

import data.lib.deadline
import data.lib.finding
import data.lib.params
import data.lib.words

_n(d) := params.value_at(data.params.ch10.a65_1_decide_working_days, d.as_of)

findings contains f if {
	some d in input.departments
	n := _n(d) # the dated parameter once a department, not once a record (#20)
	some i, q in d.quality_issues
	v := deadline.late(q.distributed, n, q.decided, d.as_of)
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, q.id, sprintf("/quality_issues/%d", [i]),
			object.union(v, {"resource_code": q.resource_code, "extension_applied": false, "prohibited_act": finding.prohibited_act(rego.metadata.chain())}),
			sprintf(
				"%s的问题数据于%s分发，%d个工作日内应核实并作出是否更正的决定（期满日%s），%s",
				[words.resource(d, q.resource_code), words.date(q.distributed), v.limit_working_days, words.date(v.due_date), deadline.outcome(v)],
			),
		),
		words.named_resources(d, [q.resource_code]),
	)
}

errors contains e if {
	some d in input.departments
	some i, q in d.quality_issues
	x := deadline.missing_date([q.distributed, deadline.stop(q.decided, d.as_of)])
	e := deadline.calendar_error(rego.metadata.chain(), d.department.code, "department", sprintf("/quality_issues/%d", [i]), x)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第六十五条核实期限参数在快照日期无有效值") if {
	some d in input.departments
	count(d.quality_issues) > 0
	not _n(d)
}
