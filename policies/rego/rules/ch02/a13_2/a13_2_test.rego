package rules.ch02.a13_2_test

import data.rules.ch02.a13_2

_dept(interfaces) := {"departments": [{"department": {"code": "D1"}, "catalog": [{
	"id": "R1", "code": "RC001", "name": "社保参保信息", "involves_state_secret": false, "interfaces": interfaces,
}]}]}

_itf(published, spec, instr) := {
	"id": "I1", "name": "参保状态查询", "published": published, "spec_provided": spec, "instructions_provided": instr,
}

test_fail_both_missing if {
	r := a13_2.findings with input as _dept([_itf(true, false, false)])
	r == {{
		"rule_id": "A13.2", "dept": "D1", "source": "department", "subject": "I1", "pointer": "/catalog/0/interfaces/0",
		"values": {"resource_code": "RC001", "spec_provided": false, "instructions_provided": false},
		"message_zh": "数据资源「社保参保信息」的服务接口「参保状态查询」已发布，但未提供接口规范、调用说明",
		"named": {"RC001": "数据资源「社保参保信息」"},
	}}
}

test_fail_instructions_missing if {
	r := a13_2.findings with input as _dept([_itf(true, true, false)])
	{f.message_zh | some f in r} == {"数据资源「社保参保信息」的服务接口「参保状态查询」已发布，但未提供调用说明"}
}

test_pass_both_provided if {
	r := a13_2.findings with input as _dept([_itf(true, true, true)])
	r == set()
}

test_pass_not_yet_published if {
	r := a13_2.findings with input as _dept([_itf(false, false, false)])
	r == set()
}

# the documented interface's short cut (_documented, #20) passes only an interface with both provided
test_fail_spec_missing if {
	r := a13_2.findings with input as _dept([_itf(true, false, true)])
	{f.message_zh | some f in r} == {"数据资源「社保参保信息」的服务接口「参保状态查询」已发布，但未提供接口规范"}
}
