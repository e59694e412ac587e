package rules.ch01.a7_test

import data.rules.ch01.a7

_org(unit, staff, first) := {"departments": [{"department": {
	"code": "D1", "head": "张局长", "data_unit": unit, "data_staff": staff, "head_is_first_responsible": first,
}}]}

_ft := {"id": "S1", "name": "李四", "position": "科员", "full_time": true}

_pt := {"id": "S2", "name": "王五", "position": "科员", "full_time": false}

test_pass_all_named if {
	r := a7.findings with input as _org("信息中心", [_ft], true)
	r == set()
}

test_fail_no_unit if {
	r := a7.findings with input as _org(null, [_ft], true)
	r == {{
		"rule_id": "A7", "dept": "D1", "source": "department", "subject": "D1",
		"pointer": "/department/data_unit", "values": {"data_unit": null}, "message_zh": "未明确政务数据管理专职机构",
	}}
}

test_fail_only_part_time_staff if {
	r := a7.findings with input as _org("信息中心", [_pt], true)
	r == {{
		"rule_id": "A7", "dept": "D1", "source": "department", "subject": "D1",
		"pointer": "/department/data_staff", "values": {"staff": 1, "full_time": 0},
		"message_zh": "未明确政务数据管理专职人员",
	}}
}

test_fail_head_not_first_responsible if {
	r := a7.findings with input as _org("信息中心", [_ft], false)
	r == {{
		"rule_id": "A7", "dept": "D1", "source": "department", "subject": "D1",
		"pointer": "/department/head_is_first_responsible",
		"values": {"head": "张局长", "head_is_first_responsible": false},
		"message_zh": "主要负责人（张局长）未明确为本部门政务数据管理第一责任人",
	}}
}

test_error_when_first_responsible_unreported if {
	e := a7.errors with input as _org("信息中心", [_ft], null)
	{x.pointer | some x in e} == {"/department/head_is_first_responsible"}
	r := a7.findings with input as _org("信息中心", [_ft], null)
	r == set()
}
