package rules.ch07.a44_2_test

import data.rules.ch07.a44_2

_dept(resources) := {"departments": [{"department": {"code": "D1"}, "catalog": resources}]}

_res(attr, sens, desens) := {
	"id": "R1", "name": "企业纳税信息", "open_attribute": attr, "involves_state_secret": false,
	"sensitivity": sens, "desensitised": desens,
}

test_fail_trade_secret_open_without_desensitisation if {
	r := a44_2.findings with input as _dept([_res("无条件开放", ["商业秘密", "个人隐私"], false)])
	r == {{
		"rule_id": "A44.2", "dept": "D1", "source": "department", "subject": "R1", "pointer": "/catalog/0",
		"values": {"open_attribute": "无条件开放", "sensitivity": ["个人隐私", "商业秘密"], "desensitised": false},
		"message_zh": "数据资源「企业纳税信息」涉及个人隐私、商业秘密，未经脱敏即列为无条件开放",
	}}
}

test_fail_other_sensitive_information if {
	r := a44_2.findings with input as _dept([_res("无条件开放", ["敏感信息"], false)])
	{[f.subject, f.values.sensitivity] | some f in r} == {["R1", ["敏感信息"]]}
}

test_fail_state_secret_even_desensitised if {
	r := a44_2.findings with input as _dept([_res("无条件开放", ["国家秘密"], true)])
	r == {{
		"rule_id": "A44.2", "dept": "D1", "source": "department", "subject": "R1", "pointer": "/catalog/0",
		"values": {"open_attribute": "无条件开放", "sensitivity": ["国家秘密"], "desensitised": true},
		"message_zh": "数据资源「企业纳税信息」的敏感类别含国家秘密（却未标注涉及国家秘密），不得无条件开放，脱敏亦不适用",
	}}
}

test_pass_desensitised if {
	r := a44_2.findings with input as _dept([_res("无条件开放", ["个人隐私", "国家安全"], true)])
	r == set()
}

test_pass_conditional_open if {
	r := a44_2.findings with input as _dept([_res("有条件开放", ["个人隐私"], false)])
	r == set()
}

test_pass_not_sensitive if {
	r := a44_2.findings with input as _dept([_res("无条件开放", [], false)])
	r == set()
}

test_pass_state_secret_resource_out_of_scope if {
	res := object.union(_res("无条件开放", ["国家秘密"], false), {"involves_state_secret": true})
	r := a44_2.findings with input as _dept([res])
	r == set()
}
