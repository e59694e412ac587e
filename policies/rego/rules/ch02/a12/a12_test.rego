package rules.ch02.a12_test

import data.rules.ch02.a12

_input(reqs) := {
	"platform": {"authority": "AUTH", "facts": {"item_names": {"DE0004": "婚姻状况", "DE0009": "不动产登记信息"}}},
	"departments": [{"department": {"code": "D1", "name": "某镇"}, "share_requests": reqs}],
}

_q(decision, needed, granted) := {
	"id": "Q1", "scenario": "低保资格核查", "decision": decision, "needed_items": needed, "granted_items": granted,
	"requested_items": needed, "decided": "2025-03-10",
}

test_fail_granted_exceeds_needed if {
	r := a12.findings with input as _input([_q("同意", ["DE0001", "DE0002"], ["DE0001", "DE0002", "DE0300", "DE0009"])])
	r == {{
		"rule_id": "A12", "dept": "AUTH", "evidence_dept": "D1", "source": "department", "subject": "Q1",
		"pointer": "/share_requests/0/granted_items",
		"values": {"scenario": "低保资格核查", "excess_items": ["DE0009", "DE0300"], "requester": "D1", "decided": "2025-03-10"},
		"message_zh": "数据主管部门为「某镇」的应用场景「低保资格核查」授权的信息项超出场景所需：「不动产登记信息」、编码为DE0300的信息项（市共享平台登记中无此编码）（最少够用原则）",
		"named": {"DE0009": "「不动产登记信息」", "DE0300": "编码为DE0300的信息项（市共享平台登记中无此编码）"},
	}}
}

test_fail_partial_grant_still_checked if {
	r := a12.findings with input as _input([_q("部分同意", ["DE0001"], ["DE0002"])])
	{f.values.excess_items | some f in r} == {["DE0002"]}
}

test_pass_exactly_needed if {
	r := a12.findings with input as _input([_q("同意", ["DE0001", "DE0002"], ["DE0002", "DE0001"])])
	r == set()
}

test_pass_fewer_than_needed if {
	r := a12.findings with input as _input([_q("部分同意", ["DE0001", "DE0002"], ["DE0001"])])
	r == set()
}

test_pass_refused if {
	r := a12.findings with input as _input([_q("不同意", ["DE0001"], ["DE0001", "DE0002"])])
	r == set()
}

test_error_needed_items_unreported if {
	inp := _input([object.union(_q("同意", [], ["DE0001"]), {"requested": "2025-03-11", "provider": "P1"})])
	e := a12.errors with input as inp
	{x.pointer | some x in e} == {"/share_requests/0/needed_items"}
	{x.message_zh | some x in e} == {"缺少规则所需事实：2025年3月11日向P1提出的共享申请（场景「低保资格核查」）的场景所需信息项 / missing fact needed by the rule"}
	r := a12.findings with input as inp
	r == set()
}

# without the platform snapshot the authority is unknown: no finding is put on nobody (main reports the
# missing platform snapshot as an error, so the run is incomplete, never compliant)
test_pass_without_platform_snapshot_no_authority_finding if {
	inp := {"departments": [{"department": {"code": "D1", "name": "某镇"}, "share_requests": [_q("同意", ["DE0001"], ["DE0001", "DE0002"])]}]}
	r := a12.findings with input as inp
	r == set()
}

# reading 2: the requester who asked for more is found too, under Art. 12, on its own request
test_fail_requester_asked_for_more if {
	q := object.union(_q("部分同意", ["DE0001"], ["DE0001"]), {"requested_items": ["DE0001", "DE0004"]})
	r := a12.findings with input as _input([q])
	r == {{
		"rule_id": "A12", "dept": "D1", "source": "department", "subject": "Q1",
		"pointer": "/share_requests/0/requested_items",
		"values": {"scenario": "低保资格核查", "excess_items": ["DE0004"], "decision": "部分同意"},
		"message_zh": "应用场景「低保资格核查」申请的信息项超出场景所需：「婚姻状况」（最少够用原则）",
		"named": {"DE0004": "「婚姻状况」"},
	}}
}

test_fail_both_when_asked_and_granted if {
	q := object.union(_q("同意", ["DE0001"], ["DE0001", "DE0004"]), {"requested_items": ["DE0001", "DE0004"]})
	r := a12.findings with input as _input([q])
	{[f.dept, f.pointer] | some f in r} == {
		["AUTH", "/share_requests/0/granted_items"],
		["D1", "/share_requests/0/requested_items"],
	}
}

test_pass_requester_not_found_for_the_authoritys_over_grant if {
	r := a12.findings with input as _input([_q("同意", ["DE0001"], ["DE0001", "DE0004"])])
	{f.dept | some f in r} == {"AUTH"}
}

# granted or requested exactly as needed stops at once (#20); the same items in another order or repeated go
# the long way, and still pass
test_pass_needed_items_reordered_or_repeated if {
	q := object.union(_q("同意", ["DE0001", "DE0002"], ["DE0002", "DE0001", "DE0001"]), {"requested_items": ["DE0002", "DE0001"]})
	r := a12.findings with input as _input([q])
	r == set()
}
