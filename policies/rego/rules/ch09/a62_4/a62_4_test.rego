package rules.ch09.a62_4_test

import data.rules.ch09.a62_4

_input(duties, requests) := {
	"departments": [{
		"department": {"code": "D1", "duties": [{"id": t, "name": "某职责"} | some t in duties]},
		"share_requests": requests,
	}],
	"platform": {"facts": {"resources": {"R1": {"name": "低保对象信息", "dept": "P1"}}}},
}

_req(duty, decision) := {
	"id": "Q1", "resource_code": "R1", "scenario": "低保审核", "duty_id": duty,
	"via_platform": true, "decision": decision, "requested": "2025-03-11", "provider": "P1",
}

test_fail_no_duty_named if {
	r := a62_4.findings with input as _input(["T1"], [_req(null, "同意")])
	r == {{
		"rule_id": "A62.4", "dept": "D1", "source": "department", "subject": "Q1", "pointer": "/share_requests/0/duty_id",
		"values": {"resource_code": "R1", "scenario": "低保审核", "duty_id": null},
		"message_zh": "2025年3月11日向P1提出的共享申请（场景「低保审核」）经市共享平台获取数据资源「低保对象信息」，未指明所服务的本部门法定职责",
		"named": {"R1": "数据资源「低保对象信息」"},
	}}
}

test_fail_duty_not_of_the_department if {
	r := a62_4.findings with input as _input(["T1"], [_req("T9", "部分同意")])
	r == {{
		"rule_id": "A62.4", "dept": "D1", "source": "department", "subject": "Q1", "pointer": "/share_requests/0/duty_id",
		"values": {"resource_code": "R1", "scenario": "低保审核", "duty_id": "T9"},
		"message_zh": "2025年3月11日向P1提出的共享申请（场景「低保审核」）经市共享平台获取数据资源「低保对象信息」，所填的职责不在本部门法定职责清单中",
		"named": {"R1": "数据资源「低保对象信息」"},
	}}
}

test_fail_no_duty_named_even_without_duty_list if {
	r := a62_4.findings with input as _input([], [_req(null, "同意")])
	{f.subject | some f in r} == {"Q1"}
}

test_pass_duty_of_the_department if {
	r := a62_4.findings with input as _input(["T1"], [_req("T1", "同意")])
	r == set()
}

test_pass_refused_request_obtained_nothing if {
	r := a62_4.findings with input as _input(["T1"], [_req(null, "不同意")])
	r == set()
}

test_pass_not_via_platform_left_to_a14 if {
	req := object.union(_req(null, "同意"), {"via_platform": false})
	r := a62_4.findings with input as _input(["T1"], [req])
	r == set()
}

test_error_duty_list_missing if {
	i := _input([], [_req("T1", "同意")])
	a62_4.findings == set() with input as i
	a62_4.errors == {{
		"rule_id": "A62.4", "dept": "D1", "source": "department", "pointer": "/department/duties",
		"message_zh": "缺少规则所需事实：本部门法定职责清单（判断共享申请是否与履职有关） / missing fact needed by the rule",
	}} with input as i
}
