# METADATA
# title: 明确专职机构和专职人员，主要负责人为第一责任人
# description: |
#   第七条第二款：各政务部门主要负责人是本部门政务数据管理的第一责任人，负责明确专职机构和专职人员，落实政务数据管理工作。
#   解读：快照须载明政务数据管理专职机构、至少一名专职人员，并载明主要负责人已明确为第一责任人。
#   "主要负责人是否为第一责任人"未填报的，视为缺少事实而报错，不推定为已履行。
# related_resources:
#   - ref: docs/statute.md#a7
# custom:
#   id: A7
#   article: 7
#   item: null
#   kind: duty
#   severity: minor
#   dimension: security
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch01.a7

import data.lib.finding

findings contains f if {
	some d in input.departments
	_no_unit(d)
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/department/data_unit", {"data_unit": null},
		"未明确政务数据管理专职机构",
	)
}

findings contains f if {
	some d in input.departments
	count([s | some s in d.department.data_staff; s.full_time]) == 0
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/department/data_staff",
		{"staff": count(d.department.data_staff), "full_time": 0},
		"未明确政务数据管理专职人员",
	)
}

findings contains f if {
	some d in input.departments
	d.department.head_is_first_responsible == false
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/department/head_is_first_responsible",
		{"head": d.department.head, "head_is_first_responsible": false},
		sprintf("主要负责人（%s）未明确为本部门政务数据管理第一责任人", [d.department.head]),
	)
}

_no_unit(d) if d.department.data_unit == null

_no_unit(d) if d.department.data_unit == ""

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/department/head_is_first_responsible", "主要负责人是否为第一责任人") if {
	some d in input.departments
	d.department.head_is_first_responsible == null
}
