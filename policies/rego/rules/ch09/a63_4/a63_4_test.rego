package rules.ch09.a63_4_test

import data.rules.ch09.a63_4

_input(events, usage) := {"departments": [{
	"department": {"code": "D1", "name": "某县民政局"},
	"security_events": events,
	"share_requests": [{"id": "Q1", "requested": "2025-03-11", "provider": "P1", "scenario": "低保资格核验"}],
	"data_usage": usage,
}]}

_ev(kind, permission, external) := {
	"id": "V1", "date": "2025-04-02", "kind": kind, "actor_type": "单位", "actor": "某科技公司",
	"description": "事件经过", "permission": permission, "actor_external": external,
}

_use(third, authorised) := {
	"id": "U1", "request_id": "Q1", "purpose": "低保审核", "duty_id": "T1",
	"third_party": third, "authorised": authorised,
}

test_fail_dissemination_without_permission if {
	r := a63_4.findings with input as _input([_ev("未经许可扩散", null, false)], [])
	r == {{
		"rule_id": "A63.4", "dept": "D1", "source": "department", "subject": "V1", "pointer": "/security_events/0",
		"values": {"kind": "未经许可扩散", "actor_type": "单位", "actor": "某科技公司", "actor_external": false, "date": "2025-04-02"},
		"message_zh": "2025年4月2日单位「某科技公司」未经许可扩散：事件经过",
		"act_zh": "未经许可扩散从市共享平台和开放平台获取的政务数据",
	}}
}

test_fail_external_unauthorised_use_is_a_warning if {
	r := a63_4.findings with input as _input([_ev("非授权使用", null, true)], [])
	{[f.subject, f.severity] | some f in r} == {["V1", "warning"]}
}

test_fail_unauthorised_provision_to_third_party if {
	r := a63_4.findings with input as _input([], [_use("某科技公司", false)])
	r == {{
		"rule_id": "A63.4", "dept": "D1", "source": "department", "subject": "U1", "pointer": "/data_usage/0",
		"values": {
			"kind": "未经许可扩散", "actor_type": "单位", "actor": "某县民政局", "actor_external": false,
			"request_id": "Q1", "third_party": "某科技公司",
		},
		"message_zh": "本部门未经授权，将通过2025年3月11日向P1提出的共享申请（场景「低保资格核验」）从市共享平台获取的数据提供给第三方「某科技公司」，用途「低保审核」",
		"act_zh": "未经许可扩散从市共享平台和开放平台获取的政务数据",
	}}
}

test_fail_unauthorised_own_use if {
	r := a63_4.findings with input as _input([], [_use(null, false)])
	r == {{
		"rule_id": "A63.4", "dept": "D1", "source": "department", "subject": "U1", "pointer": "/data_usage/0",
		"values": {
			"kind": "非授权使用", "actor_type": "单位", "actor": "某县民政局", "actor_external": false,
			"request_id": "Q1", "third_party": null,
		},
		"message_zh": "本部门未经授权使用通过2025年3月11日向P1提出的共享申请（场景「低保资格核验」）从市共享平台获取的数据，用途「低保审核」",
		"act_zh": "非授权使用从市共享平台和开放平台获取的政务数据",
	}}
}

test_pass_permission_held if {
	r := a63_4.findings with input as _input([_ev("未经许可扩散", {"rank": "部门文件", "title": "授权书"}, false)], [])
	r == set()
}

test_pass_authorised_usage if {
	r := a63_4.findings with input as _input([], [_use("某科技公司", true), object.union(_use(null, true), {"id": "U2"})])
	r == set()
}

test_pass_other_kinds_belong_to_other_items if {
	r := a63_4.findings with input as _input([_ev("侵入电子政务外网", null, false), _ev("侵犯个人隐私", null, false)], [])
	r == set()
}

test_fail_usage_of_a_request_the_department_does_not_have_says_so_without_its_id if {
	r := a63_4.findings with input as _input([], [object.union(_use(null, false), {"request_id": "Q9"})])
	[f.message_zh | some f in r] == ["本部门未经授权使用从市共享平台获取的数据（所填的共享申请本部门没有记录），用途「低保审核」"]
}
