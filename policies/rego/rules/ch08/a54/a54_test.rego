package rules.ch08.a54_test

import data.rules.ch08.a54

_dept(v) := {"departments": [{"department": {"code": "D1"}, "security": {"confidentiality_system": v}}]}

test_fail_no_confidentiality_system if {
	r := a54.findings with input as _dept(false)
	r == {{
		"rule_id": "A54", "dept": "D1", "source": "department", "subject": "D1",
		"pointer": "/security/confidentiality_system", "values": {"confidentiality_system": false},
		"message_zh": "未建立本部门政务数据保密管理制度",
	}}
}

test_pass_in_place if {
	r := a54.findings with input as _dept(true)
	r == set()
}

test_error_unreported if {
	e := a54.errors with input as _dept(null)
	{x.pointer | some x in e} == {"/security/confidentiality_system"}
	r := a54.findings with input as _dept(null)
	r == set()
}
