package rules.ch09.a62_7_test

import data.rules.ch09.a62_7

_input(releases) := {"departments": [{
	"department": {"code": "D1"},
	"catalog": [
		{"id": "E1", "code": "R1", "name": "道路运输经营许可信息", "involves_state_secret": false},
		{"id": "E2", "code": "R2", "involves_state_secret": true},
	],
	"releases": releases,
}]}

_rel(code, kind, channel) := {
	"id": "L1", "resource_code": code, "kind": kind, "channel": channel,
	"recipient": "某公司", "date": "2025-03-01",
}

test_fail_shared_by_other_channel if {
	r := a62_7.findings with input as _input([_rel("R1", "共享", "其他渠道")])
	r == {{
		"rule_id": "A62.7", "dept": "D1", "source": "department", "subject": "L1", "pointer": "/releases/0",
		"values": {"resource_code": "R1", "kind": "共享", "channel": "其他渠道", "recipient": "某公司", "date": "2025-03-01"},
		"message_zh": "2025年3月1日通过市共享平台和开放平台之外的其他渠道向「某公司」共享数据资源「道路运输经营许可信息」",
		"named": {"R1": "数据资源「道路运输经营许可信息」"},
		"act_zh": "通过市共享平台和开放平台之外的其他形式共享政务数据",
	}}
}

test_fail_opened_by_other_channel if {
	r := a62_7.findings with input as _input([_rel("R1", "开放", "其他渠道")])
	{[f.subject, f.act_zh] | some f in r} == {["L1", "通过市共享平台和开放平台之外的其他形式开放政务数据"]}
}

test_pass_shared_on_platform if {
	r := a62_7.findings with input as _input([_rel("R1", "共享", "市共享平台")])
	r == set()
}

test_pass_opened_on_open_platform if {
	r := a62_7.findings with input as _input([_rel("R1", "开放", "开放平台")])
	r == set()
}

test_pass_kind_and_platform_mismatch_is_not_outside if {
	r := a62_7.findings with input as _input([_rel("R1", "开放", "市共享平台"), object.union(_rel("R1", "共享", "开放平台"), {"id": "L2"})])
	r == set()
}

test_pass_state_secret_out_of_scope if {
	r := a62_7.findings with input as _input([_rel("R2", "共享", "其他渠道")])
	r == set()
}
