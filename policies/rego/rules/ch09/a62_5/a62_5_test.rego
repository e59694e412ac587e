package rules.ch09.a62_5_test

import data.rules.ch09.a62_5

_input(duties, usage) := {"departments": [{
	"department": {"code": "D1", "duties": [{"id": t, "name": "某职责"} | some t in duties]},
	"share_requests": [{"id": "Q1"}],
	"data_usage": usage,
}]}

_use(req, duty) := {"id": "U1", "request_id": req, "duty_id": duty, "purpose": "低保审核"}

test_fail_no_duty_named if {
	r := a62_5.findings with input as _input(["T1"], [_use("Q1", null)])
	r == {{
		"rule_id": "A62.5", "dept": "D1", "source": "department", "subject": "U1", "pointer": "/data_usage/0",
		"values": {"request_id": "Q1", "duty_id": null, "purpose": "低保审核", "reasons": ["未指明所服务的本部门职责"]},
		"message_zh": "共享数据的用途「低保审核」不能认定为本部门履职所需：未指明所服务的本部门职责",
	}}
}

test_fail_unknown_request_and_foreign_duty_in_one_finding if {
	r := a62_5.findings with input as _input(["T1"], [_use("Q9", "T9")])
	r == {{
		"rule_id": "A62.5", "dept": "D1", "source": "department", "subject": "U1", "pointer": "/data_usage/0",
		"values": {"request_id": "Q9", "duty_id": "T9", "purpose": "低保审核", "reasons": [
			"所填的共享申请不是本部门提出的共享申请（本部门没有这项申请的记录）",
			"所填的职责不在本部门法定职责清单中",
		]},
		"message_zh": "共享数据的用途「低保审核」不能认定为本部门履职所需：所填的共享申请不是本部门提出的共享申请（本部门没有这项申请的记录）；所填的职责不在本部门法定职责清单中",
	}}
}

test_fail_unknown_request_only if {
	r := a62_5.findings with input as _input(["T1"], [_use("Q9", "T1")])
	{[f.subject, f.values.reasons] | some f in r} == {["U1", ["所填的共享申请不是本部门提出的共享申请（本部门没有这项申请的记录）"]]}
}

test_pass_traced_to_request_and_duty if {
	r := a62_5.findings with input as _input(["T1", "T2"], [_use("Q1", "T2")])
	r == set()
}

test_error_duty_list_missing if {
	i := _input([], [_use("Q1", "T1")])
	a62_5.findings == set() with input as i
	a62_5.errors == {{
		"rule_id": "A62.5", "dept": "D1", "source": "department", "pointer": "/department/duties",
		"message_zh": "缺少规则所需事实：本部门法定职责清单（判断共享数据用途是否与履职有关） / missing fact needed by the rule",
	}} with input as i
}

# _fine (the fast path: a use it accepts is not examined further) is never true of a use with a reason
_fine_with_reasons(d, u) if {
	a62_5._fine(d, u)
	count(a62_5._reasons(d, u)) > 0
}

test_fine_never_skips_a_reason if {
	a62_5._fine(_input(["T1"], []).departments[0], _use("Q1", "T1"))
	every c in [[["T1"], "Q9", "T1"], [["T1"], "Q1", null], [["T1"], "Q1", "T9"], [[], "Q1", "T1"], [["T1"], "Q9", null]] {
		d := _input(c[0], [_use(c[1], c[2])]).departments[0]
		not _fine_with_reasons(d, d.data_usage[0])
	}
}
