package rules.ch05.a29_1_test

import data.rules.ch05.a29_1

_dept(systems) := {"departments": [{"department": {"code": "D1"}, "systems": systems}]}

_s(self_built, classified, in_use, connected) := {
	"id": "S1", "name": "社会救助管理系统", "self_built": self_built, "classified": classified,
	"in_use": in_use, "connected_to_platform": connected, "network": "电子政务外网",
}

test_fail_not_connected if {
	r := a29_1.findings with input as _dept([_s(true, false, true, false)])
	r == {{
		"rule_id": "A29.1", "dept": "D1", "source": "department", "subject": "S1", "pointer": "/systems/0",
		"values": {"name": "社会救助管理系统", "network": "电子政务外网", "connected_to_platform": false},
		"message_zh": "自建非涉密信息系统「社会救助管理系统」在用但未接入市共享平台",
	}}
}

test_pass_connected if {
	r := a29_1.findings with input as _dept([_s(true, false, true, true)])
	r == set()
}

test_pass_classified if {
	r := a29_1.findings with input as _dept([_s(true, true, true, false)])
	r == set()
}

test_pass_not_in_use if {
	r := a29_1.findings with input as _dept([_s(true, false, false, false)])
	r == set()
}

test_pass_not_self_built if {
	r := a29_1.findings with input as _dept([_s(false, false, true, false)])
	r == set()
}

# reading 7: a system outside an Art. 71 body's public service is not required to connect
test_pass_art71_system_outside_public_service if {
	s := object.union(_s(true, false, true, false), {"outside_public_service": "内部财务核算"})
	r := a29_1.findings with input as _dept([s])
	r == set()
}
