# METADATA
# title: 有条件开放数据申请{n}个工作日内答复，延期须经主要负责人同意且不超过{max}个工作日，不同意须说明理由并提供依据
# description: |
#   第四十六条：公民、法人和其他组织通过开放平台，按照政务数据开放目录申请获取政务数据。申请获取有条件开放政务数据的，政务数据生产部门应当在收到申请之日起在10个工作日内予以答复，同意的应当予以开放；不同意的应当说明理由，并提供依据。如需延长答复期限的，应当经政务数据生产部门主要负责人同意，延长答复期限不得超过10个工作日。申请获取无条件开放的政务数据的，在开放平台中通过身份认证后直接获取。
#   解读：与 A45 同一计算方法：答复期限自收到申请之日的次日起算 10 个工作日（参数，按法定工作日含调休上班日）；
#   经主要负责人同意（approved_by_head）且延长 1 至 10 个工作日（上限为参数）的延期计入，未经主要负责人同意或超过上限的不予计入。
#   截至快照日期未答复的，期满日已过即认定逾期。不同意（决定为"不同意"）而未说明理由或未提供依据的，另列一项发现。
#   逾期答复即逾期开放政务数据，属于第六十二条第（八）项的禁止行为，同一逾期只在本规则认定一次，证据值标注 A62.8。
# related_resources:
#   - ref: docs/statute.md#a46
#   - ref: docs/statute.md#a62
# custom:
#   id: A46
#   prohibited_act: A62.8
#   title_params:
#     n: {chapter: ch07, name: a46_answer_working_days}
#     max: {chapter: ch07, name: a46_max_extension_working_days}
#   article: 46
#   item: null
#   kind: duty
#   severity: minor
#   dimension: opening
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch07.a46

import data.lib.deadline
import data.lib.extension
import data.lib.finding
import data.lib.params
import data.lib.words

_n(d) := params.value_at(data.params.ch07.a46_answer_working_days, d.as_of)

_max(d) := params.value_at(data.params.ch07.a46_max_extension_working_days, d.as_of)

_req := {"head"}

_over := "延长超过%d个工作日上限"

_ext_days(r, d) := extension.days(r.extension, _req, _max(d), _over) if r.extension != null

_ext_values(r, d) := extension.values(r.extension, _req, _max(d), _over)

_ext_note(v) := extension.note(v, "（含经主要负责人同意延长%d个工作日）")

_limit(r, d) := _n(d) + _ext_days(r, d)

_limit(r, d) := _n(d) if not _ext_days(r, d)

findings contains f if {
	some d in input.departments
	some i, r in d.open_data_requests
	late := deadline.late(r.received, _limit(r, d), r.answered, d.as_of)
	v := object.union_n([late, _ext_values(r, d), {"prohibited_act": finding.prohibited_act(rego.metadata.chain())}])
	f := finding.fail(
		rego.metadata.chain(), d, r.id, sprintf("/open_data_requests/%d", [i]), v,
		sprintf(
			"有条件开放数据申请于%s收到，%d个工作日内应予答复%s，期满日%s，%s",
			[words.date(r.received), v.limit_working_days, _ext_note(v), words.date(v.due_date), deadline.outcome(v)],
		),
	)
}

# a refusal must state its reasons and its basis
findings contains f if {
	some d in input.departments
	some i, r in d.open_data_requests
	r.decision == "不同意"
	missing := [x |
		some [x, given] in [["未说明理由", r.reasons_given], ["未提供依据", r.basis_given]]
		given == false
	]
	count(missing) > 0
	g := finding.fail(
		rego.metadata.chain(), d, r.id, sprintf("/open_data_requests/%d", [i]),
		{"decision": r.decision, "answered": r.answered, "reasons_given": r.reasons_given, "basis_given": r.basis_given},
		sprintf("不同意开放数据的答复%s", [concat("、", missing)]),
	)

	# a second finding at the same place of the same record: its own key (lib.finding.variant)
	f := finding.aspect(g, "reasons")
}

errors contains e if {
	some d in input.departments
	some i, r in d.open_data_requests
	x := deadline.missing_date([r.received, deadline.stop(r.answered, d.as_of)])
	e := deadline.calendar_error(rego.metadata.chain(), d.department.code, "department", sprintf("/open_data_requests/%d", [i]), x)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第四十六条答复期限参数在快照日期无有效值") if {
	some d in input.departments
	count(d.open_data_requests) > 0
	not _n(d)
}
