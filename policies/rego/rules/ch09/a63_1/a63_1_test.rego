package rules.ch09.a63_1_test

import data.rules.ch09.a63_1

_input(events) := {"departments": [{"department": {"code": "D1"}, "security_events": events}]}

_ev(id, kind, external) := {
	"id": id, "date": "2025-04-02", "kind": kind, "actor_type": "个人", "actor": "信息中心运维人员",
	"description": "事件经过", "permission": null, "actor_external": external,
}

test_fail_own_actor_is_critical if {
	r := a63_1.findings with input as _input([_ev("V1", "侵入电子政务外网", false)])
	r == {{
		"rule_id": "A63.1", "dept": "D1", "source": "department", "subject": "V1", "pointer": "/security_events/0",
		"values": {"kind": "侵入电子政务外网", "actor_type": "个人", "actor": "信息中心运维人员", "actor_external": false, "date": "2025-04-02"},
		"message_zh": "2025年4月2日个人「信息中心运维人员」侵入电子政务外网：事件经过",
		"act_zh": "侵入电子政务外网",
	}}
}

test_fail_every_kind_of_the_item if {
	kinds := ["侵入电子政务外网", "干扰市共享平台正常功能", "破坏窃取政务数据"]
	r := a63_1.findings with input as _input([_ev(sprintf("V%d", [i]), k, false) | some i, k in kinds])
	{f.values.kind | some f in r} == {"侵入电子政务外网", "干扰市共享平台正常功能", "破坏窃取政务数据"}
}

# each event says the one act it is (custom.acts_zh), not the item's three
test_fail_each_event_says_its_act if {
	kinds := ["侵入电子政务外网", "干扰市共享平台正常功能", "破坏窃取政务数据"]
	r := a63_1.findings with input as _input([_ev(sprintf("V%d", [i]), k, false) | some i, k in kinds])
	{[f.subject, f.act_zh] | some f in r} == {["V0", "侵入电子政务外网"], ["V1", "干扰市共享平台正常功能"], ["V2", "破坏窃取政务数据"]}
}

test_fail_external_actor_recorded_as_warning if {
	r := a63_1.findings with input as _input([_ev("V1", "侵入电子政务外网", true)])
	r == {{
		"rule_id": "A63.1", "dept": "D1", "source": "department", "subject": "V1", "pointer": "/security_events/0",
		"values": {"kind": "侵入电子政务外网", "actor_type": "个人", "actor": "信息中心运维人员", "actor_external": true, "date": "2025-04-02"},
		"message_zh": "2025年4月2日个人「信息中心运维人员」侵入电子政务外网：事件经过（行为人为本部门以外的单位或个人，本部门是受害方，记录在案）",
		"act_zh": "侵入电子政务外网",
		"severity": "warning", "record_only": true,
		"record_reason_zh": "行为人为本部门以外的单位或个人，本部门是受害方：记录在案，不认定为本部门的违法行为",
		"rectification_ground": null, "bears_on_funding": false,
	}}
}

test_pass_other_kinds_belong_to_other_items if {
	kinds := ["汇聚形成涉密或敏感信息", "侵犯商业秘密", "侵犯个人隐私", "未经许可扩散", "非授权使用"]
	r := a63_1.findings with input as _input([_ev(sprintf("V%d", [i]), k, false) | some i, k in kinds])
	r == set()
}

test_pass_no_events if {
	r := a63_1.findings with input as _input([])
	r == set()
}

# reading 1: a security test the department commissioned in writing is the department meeting Arts. 51-52
test_pass_commissioned_penetration_test if {
	auth := {"by": "本局主要负责人", "document": "《渗透测试服务委托书》", "date": "2025-03-20"}
	ev := object.union(_ev("V1", "侵入电子政务外网", false), {"authorisation": auth})
	r := a63_1.findings with input as _input([ev])
	r == set()
}

test_fail_authorisation_absent if {
	ev := object.union(_ev("V1", "侵入电子政务外网", false), {"authorisation": null})
	r := a63_1.findings with input as _input([ev])
	{f.subject | some f in r} == {"V1"}
}
