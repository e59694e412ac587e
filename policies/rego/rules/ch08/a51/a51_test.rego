package rules.ch08.a51_test

import data.rules.ch08.a51

_all := {"protection_system": true, "encryption": true, "access_authentication": true, "vendors_supervised": true}

_dept(sec) := {"departments": [{"department": {"code": "D1"}, "security": sec}]}

test_pass_all_in_place if {
	r := a51.findings with input as _dept(_all)
	r == set()
	e := a51.errors with input as _dept(_all)
	e == set()
}

test_fail_no_encryption if {
	r := a51.findings with input as _dept(object.union(_all, {"encryption": false}))
	r == {{
		"rule_id": "A51", "dept": "D1", "source": "department", "subject": "D1", "pointer": "/security/encryption",
		"values": {"encryption": false}, "message_zh": "未落实数据加密措施",
	}}
}

test_fail_each_missing_measure if {
	sec := object.union(_all, {"protection_system": false, "vendors_supervised": false})
	r := a51.findings with input as _dept(sec)
	{f.pointer | some f in r} == {"/security/protection_system", "/security/vendors_supervised"}
}

test_error_unreported if {
	sec := object.union(_all, {"access_authentication": null})
	e := a51.errors with input as _dept(sec)
	{x.pointer | some x in e} == {"/security/access_authentication"}
	r := a51.findings with input as _dept(sec)
	r == set()
}
