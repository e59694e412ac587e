package rules.ch09.a61_2_test

import data.rules.ch09.a61_2

_dept(projects) := {"departments": [{"department": {"code": "D1"}, "projects": projects}]}

_p(stage, done, connected) := {
	"id": "PJ1", "name": "智慧教育平台", "stage": stage, "catalog_precompiled": true,
	"catalog_completed": done, "platform_connected": connected,
}

test_fail_accepted_not_connected if {
	r := a61_2.findings with input as _dept([_p("已验收", true, false)])
	r == {{
		"rule_id": "A61.2", "dept": "D1", "source": "department", "subject": "PJ1", "pointer": "/projects/0",
		"values": {"name": "智慧教育平台", "stage": "已验收", "unmet": ["platform_connected"]},
		"message_zh": "政务信息化项目「智慧教育平台」（已验收）：未与市共享平台完成对接",
	}}
}

test_fail_acceptance_applied_both_unmet if {
	r := a61_2.findings with input as _dept([_p("申请验收", false, false)])
	{f.values.unmet | some f in r} == {["catalog_completed", "platform_connected"]}
}

test_pass_both_met if {
	r := a61_2.findings with input as _dept([_p("已验收", true, true)])
	r == set()
}

test_pass_under_construction if {
	r := a61_2.findings with input as _dept([_p("已审批在建", false, false)])
	r == set()
}
