package rules.ch09.a62_2_test

import data.rules.ch09.a62_2

_input(entries) := {"departments": [{"department": {"code": "D1"}, "catalog": entries}]}

_res(status, ranks) := {
	"id": "E1", "code": "R1", "name": "低保对象信息", "involves_state_secret": false,
	"aggregation": {"status": status, "no_aggregation_bases": [{"rank": r, "title": "某依据"} | some r in ranks]},
}

test_fail_refused_without_evidence if {
	r := a62_2.findings with input as _input([_res("拒绝汇聚", ["部门文件"])])
	r == {{
		"rule_id": "A62.2", "dept": "D1", "source": "department", "subject": "E1", "pointer": "/catalog/0/aggregation",
		"values": {"resource_code": "R1", "status": "拒绝汇聚", "bases": ["部门文件《某依据》"]},
		"message_zh": "资源「低保对象信息」（R1）拒绝汇聚到市共享平台，且未提供法律、法规或党中央、国务院政策明确规定不能汇聚的证据材料",
	}}
}

test_fail_rules_are_not_evidence if {
	r := a62_2.findings with input as _input([_res("拒绝汇聚", ["规章"])])
	{f.subject | some f in r} == {"E1"}
}

test_pass_local_regulation_is_a_regulation_under_art13 if {
	r := a62_2.findings with input as _input([_res("拒绝汇聚", ["地方性法规"])])
	r == set()
}

test_pass_refusal_backed_by_law if {
	r := a62_2.findings with input as _input([_res("拒绝汇聚", ["部门文件", "法律"])])
	r == set()
}

test_pass_not_aggregated_is_left_to_a13_1 if {
	r := a62_2.findings with input as _input([_res("未汇聚", [])])
	r == set()
}

test_pass_aggregated if {
	r := a62_2.findings with input as _input([_res("已汇聚", [])])
	r == set()
}

test_pass_state_secret_out_of_scope if {
	res := object.union(_res("拒绝汇聚", []), {"involves_state_secret": true})
	r := a62_2.findings with input as _input([res])
	r == set()
}

test_error_aggregation_not_reported if {
	res := object.union(_res("已汇聚", []), {"aggregation": null})
	r := a62_2.errors with input as _input([res])
	r == {{
		"rule_id": "A62.2", "dept": "D1", "source": "department", "pointer": "/catalog/0/aggregation",
		"message_zh": "缺少规则所需事实：资源「低保对象信息」的汇聚情况 / missing fact needed by the rule",
	}}
}

test_no_error_when_reported if {
	r := a62_2.errors with input as _input([_res("已汇聚", [])])
	r == set()
}
