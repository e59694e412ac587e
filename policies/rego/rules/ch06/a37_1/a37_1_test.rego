package rules.ch06.a37_1_test

import data.rules.ch06.a37_1

_dept(resources) := {"departments": [{"department": {"code": "D1"}, "catalog": resources}]}

_res(attr, ranks) := {
	"id": "R1", "name": "婚姻登记信息", "share_attribute": attr, "involves_state_secret": false,
	"share_bases": [{"rank": r, "title": "某依据"} | some r in ranks],
}

test_fail_department_document_is_not_a_basis if {
	r := a37_1.findings with input as _dept([_res("有条件共享", ["部门文件"])])
	r == {{
		"rule_id": "A37.1", "dept": "D1", "source": "department", "subject": "R1", "pointer": "/catalog/0",
		"values": {"share_attribute": "有条件共享", "bases": ["部门文件《某依据》"]},
		"message_zh": "数据资源「婚姻登记信息」列为有条件共享，但未提供法律、行政法规或党中央、国务院政策依据",
	}}
}

test_fail_no_basis_at_all if {
	r := a37_1.findings with input as _dept([_res("不予共享", [])])
	{f.subject | some f in r} == {"R1"}
}

test_pass_one_central_policy_is_enough if {
	r := a37_1.findings with input as _dept([_res("不予共享", ["地方性法规", "党中央国务院政策"])])
	r == set()
}

test_pass_unconditional_needs_no_basis if {
	r := a37_1.findings with input as _dept([_res("无条件共享", [])])
	r == set()
}

test_pass_state_secret_out_of_scope if {
	res := object.union(_res("不予共享", []), {"involves_state_secret": true})
	r := a37_1.findings with input as _dept([res])
	r == set()
}
