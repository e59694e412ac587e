package rules.ch09.a62_2_test

import data.lib.aggregation
import data.rules.ch09.a62_2

_input(entries) := {"departments": [{"department": {"code": "D1"}, "catalog": entries}]}

_req(answer) := {"requested": "2025-05-06", "answer": answer, "answered": "2025-05-20"}

# status "拒绝汇聚" (the 1.0 shorthand) is written here as not aggregated + a refusing answer (format 1.1)
_res(status, ranks) := {
	"id": "E1", "code": "R1", "name": "低保对象信息", "involves_state_secret": false,
	"aggregation": {
		"status": _status(status), "authority_request": _request(status),
		"no_aggregation_bases": [{"rank": r, "title": "某依据"} | some r in ranks],
	},
}

_status("拒绝汇聚") := "未汇聚"

_status(s) := s if s != "拒绝汇聚"

_request("拒绝汇聚") := _req("拒绝汇聚")

_request(s) := null if s != "拒绝汇聚"

test_fail_refused_without_evidence if {
	r := a62_2.findings with input as _input([_res("拒绝汇聚", ["部门文件"])])
	r == {{
		"rule_id": "A62.2", "dept": "D1", "source": "department", "subject": "E1",
		"pointer": "/catalog/0/aggregation/authority_request",
		"values": {
			"resource_code": "R1", "status": "未汇聚", "answer": "拒绝汇聚", "requested": "2025-05-06",
			"answered": "2025-05-20", "bases": ["部门文件《某依据》"],
		},
		"message_zh": "数据资源「低保对象信息」经数据主管部门要求汇聚，答复为拒绝汇聚，且未提供法律、法规或党中央、国务院政策明确规定不能汇聚的证据材料",
		"named": {"R1": "数据资源「低保对象信息」"},
		"act_zh": "拒绝将政务数据汇聚到市共享平台",
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

test_fail_shirking_and_obstructing_are_refusals if {
	shirk := object.union(_res("未汇聚", []), {"id": "E1", "aggregation": {"authority_request": _req("推诿")}})
	obstruct := object.union(_res("已汇聚", []), {"id": "E2", "aggregation": {"authority_request": _req("妨碍汇聚")}})
	r := a62_2.findings with input as _input([shirk, obstruct])
	{[f.subject, f.act_zh] | some f in r} == {
		["E1", "推诿将政务数据汇聚到市共享平台"],
		["E2", "妨碍将政务数据汇聚到市共享平台"],
	}
}

# every answer lib.aggregation counts as refusing says its own act (custom.acts_zh lists them all)
test_fail_every_refusing_answer_says_its_act if {
	rs := [object.union(_res("未汇聚", []), {"id": a, "aggregation": {"authority_request": _req(a)}}) |
		some a in aggregation.refusing_answers
	]
	r := a62_2.findings with input as _input(rs)
	count(r) == count(aggregation.refusing_answers)
	count({f.act_zh | some f in r; endswith(f.act_zh, "将政务数据汇聚到市共享平台")}) == count(r)
}

test_pass_no_answer_is_not_presumed_shirking if {
	res := object.union(_res("未汇聚", []), {"aggregation": {"authority_request": _req("未答复")}})
	r := a62_2.findings with input as _input([res])
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
		"message_zh": "缺少规则所需事实：数据资源「低保对象信息」的汇聚情况 / missing fact needed by the rule",
	}}
}

test_no_error_when_reported if {
	r := a62_2.errors with input as _input([_res("已汇聚", [])])
	r == set()
}
