# METADATA
# title: 开放目录更正申请{n}个工作日内答复，延期须经主要负责人同意且不超过{max}个工作日，不同意更正须说明理由并提供依据
# description: |
#   第四十五条：数据主管部门应当按照数据开放属性，发布政务数据开放目录。公民、法人和其他组织对政务数据开放目录有疑义的，可以通过开放平台向数据生产部门提出更正申请。政务数据生产部门应当在收到申请之日起 10 个工作日内予以答复，同意更正的，应当提请市级数据主管部门变更政务数据开放目录；不同意更正的，应当说明理由，并提供依据。如需延长答复期限的，应当经政务数据生产部门主要负责人同意，延长答复期限不得超过 10 个工作日。
#   解读：答复期限自收到申请之日的次日起算 10 个工作日（参数，按法定工作日含调休上班日）；经主要负责人同意
#   （approved_by_head）且延长 1 至 10 个工作日（上限为参数）的延期，期限为两者之和，即自收到申请次日起连续计算；
#   未经主要负责人同意或超过上限的延期不予计入。截至快照日期未答复的，期满日已过即认定逾期。
#   不同意更正（决定为"不同意"）而未说明理由或未提供依据的，另列一项发现（与逾期是两个不同的违法事实）。
#   逾期答复更正申请即逾期更新开放目录，属于第六十二条第（八）项的禁止行为，同一逾期只在本规则认定一次，证据值标注 A62.8。
# related_resources:
#   - ref: docs/statute.md#a45
#   - ref: docs/statute.md#a62
# custom:
#   id: A45
#   prohibited_act: A62.8
#   title_params:
#     n: {chapter: ch07, name: a45_answer_working_days}
#     max: {chapter: ch07, name: a45_max_extension_working_days}
#   article: 45
#   item: null
#   kind: duty
#   severity: minor
#   dimension: opening
#   rectification_ground: 1
#   bears_on_funding: true
package rules.ch07.a45

import data.lib.deadline
import data.lib.extension
import data.lib.finding
import data.lib.params
import data.lib.words

_n(d) := params.value_at(data.params.ch07.a45_answer_working_days, d.as_of)

_max(d) := params.value_at(data.params.ch07.a45_max_extension_working_days, d.as_of)

_req := {"head"}

_over := "延长超过%d个工作日上限"

_ext_days(r, d) := extension.days(r.extension, _req, _max(d), _over) if r.extension != null

_ext_values(r, d) := extension.values(r.extension, _req, _max(d), _over)

_ext_note(v) := extension.note(v, "（含经主要负责人同意延长%d个工作日）")

_limit(r, d) := _n(d) + _ext_days(r, d)

_limit(r, d) := _n(d) if not _ext_days(r, d)

findings contains f if {
	some d in input.departments
	some i, r in d.open_catalog_corrections
	late := deadline.late(r.received, _limit(r, d), r.answered, d.as_of)
	v := object.union_n([late, _ext_values(r, d), {"prohibited_act": finding.prohibited_act(rego.metadata.chain())}])
	f := finding.fail(
		rego.metadata.chain(), d, r.id, sprintf("/open_catalog_corrections/%d", [i]), v,
		sprintf(
			"开放目录更正申请于%s收到，%d个工作日内应予答复%s，期满日%s，%s",
			[words.date(r.received), v.limit_working_days, _ext_note(v), words.date(v.due_date), deadline.outcome(v)],
		),
	)
}

# a refusal must state its reasons and its basis
findings contains f if {
	some d in input.departments
	some i, r in d.open_catalog_corrections
	r.decision == "不同意"
	missing := [x |
		some [x, given] in [["未说明理由", r.reasons_given], ["未提供依据", r.basis_given]]
		given == false
	]
	count(missing) > 0
	g := finding.fail(
		rego.metadata.chain(), d, r.id, sprintf("/open_catalog_corrections/%d", [i]),
		{"decision": r.decision, "answered": r.answered, "reasons_given": r.reasons_given, "basis_given": r.basis_given},
		sprintf("不同意更正开放目录的答复%s", [concat("、", missing)]),
	)

	# a second finding at the same place of the same record: its own key (lib.finding.variant)
	f := finding.aspect(g, "reasons")
}

errors contains e if {
	some d in input.departments
	some i, r in d.open_catalog_corrections
	x := deadline.missing_date([r.received, deadline.stop(r.answered, d.as_of)])
	e := deadline.calendar_error(rego.metadata.chain(), d.department.code, "department", sprintf("/open_catalog_corrections/%d", [i]), x)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第四十五条答复期限参数在快照日期无有效值") if {
	some d in input.departments
	count(d.open_catalog_corrections) > 0
	not _n(d)
}
