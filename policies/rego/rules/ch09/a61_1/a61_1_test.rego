package rules.ch09.a61_1_test

import data.rules.ch09.a61_1

_dept(projects) := {"departments": [{"department": {"code": "D1"}, "projects": projects}]}

_p(stage, pre) := {"id": "PJ1", "name": "智慧教育平台", "stage": stage, "catalog_precompiled": pre}

test_fail_applying_without_catalog if {
	r := a61_1.findings with input as _dept([_p("申请审批", false)])
	r == {{
		"rule_id": "A61.1", "dept": "D1", "source": "department", "subject": "PJ1",
		"pointer": "/projects/0/catalog_precompiled",
		"values": {"name": "智慧教育平台", "stage": "申请审批", "catalog_precompiled": false},
		"message_zh": "政务信息化项目「智慧教育平台」（申请审批）未预编制政务数据目录清单",
	}}
}

test_fail_accepted_without_catalog if {
	r := a61_1.findings with input as _dept([_p("已验收", false)])
	{f.values.stage | some f in r} == {"已验收"}
}

test_pass_precompiled if {
	r := a61_1.findings with input as _dept([_p("申请审批", true)])
	r == set()
}
