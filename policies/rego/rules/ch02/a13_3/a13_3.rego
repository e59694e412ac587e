# METADATA
# title: 数据主管部门要求提供的服务接口在协商时间内提供，延期须书面申请并经批准且最长{n}个工作日
# description: |
#   第十三条第二款：数据主管部门要求数据生产部门提供更多服务接口的，数据生产部门应在双方协商的时间内按要求提供，因特殊情况无法按时提供的，应向数据主管部门提交书面延期申请，经批准，可以延期提供，但最长不超过5个工作日。
#   解读：期满日为双方协商的提供时间（agreed_due）。延期同时具备书面申请、经批准、延长 1 至 5 个工作日（上限为参数）的，
#   期满日为协商时间次日起算的第 N 个工作日（按法定工作日含调休上班日）；超过上限或缺少书面申请、批准的延期不予计入，
#   按协商时间判断，证据值载明不予计入的理由。截至快照日期仍未提供的，期满日已过即认定逾期。
#   提供接口不属于第六十二条第（八）项所列行为，不标注 A62.8。
# related_resources:
#   - ref: docs/statute.md#a13
# custom:
#   id: A13.3
#   title_params:
#     n: {chapter: ch02, name: a13_3_max_extension_working_days}
#   article: 13
#   item: null
#   kind: duty
#   severity: minor
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch02.a13_3

import data.lib.calendar
import data.lib.deadline
import data.lib.extension
import data.lib.finding
import data.lib.params
import data.lib.words

_max(d) := params.value_at(data.params.ch02.a13_3_max_extension_working_days, d.as_of)

_req := {"written", "approved"}

_over := "延期超过%d个工作日上限"

_ext_days(dm, d) := extension.days(dm.extension, _req, _max(d), _over) if dm.extension != null

_ext_values(dm, d) := extension.values(dm.extension, _req, _max(d), _over)

_ext_note(v) := extension.note(v, "（含经批准延期%d个工作日）")

_due(dm, d) := calendar.due(dm.agreed_due, _ext_days(dm, d))

_due(dm, d) := dm.agreed_due if not _ext_days(dm, d)

findings contains f if {
	some d in input.departments
	some i, dm in d.interface_demands
	s := deadline.stop(dm.delivered, d.as_of)
	s > dm.agreed_due # delivered by the agreed day: not overdue, whatever the extension (it only moves the day later; #20)
	o := deadline.overdue(_due(dm, d), s)
	v := object.union(
		{
			"event_date": dm.requested, "agreed_due": dm.agreed_due, "due_date": o.due_date, "actual_date": s,
			"open": dm.delivered == null, "working_days_late": o.working_days_late,
		},
		_ext_values(dm, d),
	)
	f := finding.fail(
		rego.metadata.chain(), d, dm.id, sprintf("/interface_demands/%d", [i]), v,
		sprintf(
			"数据主管部门要求提供的服务接口协商于%s前提供，期满日%s%s，%s",
			[words.date(dm.agreed_due), words.date(o.due_date), _ext_note(v), deadline.outcome(v)],
		),
	)
}

errors contains e if {
	some d in input.departments
	some i, dm in d.interface_demands
	x := deadline.missing_date([dm.agreed_due, deadline.stop(dm.delivered, d.as_of)])
	e := deadline.calendar_error(rego.metadata.chain(), d.department.code, "department", sprintf("/interface_demands/%d", [i]), x)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第十三条延期上限参数在快照日期无有效值") if {
	some d in input.departments
	some dm in d.interface_demands
	dm.extension != null
	not _max(d)
}
