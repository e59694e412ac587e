package rules.ch07.a44_1_test

import data.rules.ch07.a44_1

_dept(resources) := {"departments": [{"department": {"code": "D1"}, "catalog": resources}]}

_res(attr, ranks) := {
	"id": "R1", "name": "低保对象信息", "open_attribute": attr, "involves_state_secret": false,
	"open_bases": [{"rank": r, "title": "某依据"} | some r in ranks],
}

test_fail_rules_and_department_document_are_not_a_basis if {
	r := a44_1.findings with input as _dept([_res("不予开放", ["规章", "部门文件"])])
	r == {{
		"rule_id": "A44.1", "dept": "D1", "source": "department", "subject": "R1", "pointer": "/catalog/0",
		"values": {"open_attribute": "不予开放", "bases": ["规章《某依据》", "部门文件《某依据》"]},
		"message_zh": "数据资源「低保对象信息」列为不予开放，但未提供法律法规或者国家有关文件依据",
	}}
}

test_fail_conditional_without_basis if {
	r := a44_1.findings with input as _dept([_res("有条件开放", [])])
	{[f.subject, f.values.open_attribute] | some f in r} == {["R1", "有条件开放"]}
}

test_pass_local_regulation_is_a_regulation if {
	r := a44_1.findings with input as _dept([_res("有条件开放", ["地方性法规"])])
	r == set()
}

test_pass_national_document if {
	r := a44_1.findings with input as _dept([_res("不予开放", ["国家有关文件"])])
	r == set()
}

test_pass_central_policy if {
	r := a44_1.findings with input as _dept([_res("不予开放", ["党中央国务院政策"])])
	r == set()
}

test_pass_law if {
	r := a44_1.findings with input as _dept([_res("不予开放", ["部门文件", "法律"])])
	r == set()
}

test_pass_unconditional_open_needs_no_basis if {
	r := a44_1.findings with input as _dept([_res("无条件开放", [])])
	r == set()
}

test_pass_state_secret_out_of_scope if {
	res := object.union(_res("不予开放", []), {"involves_state_secret": true})
	r := a44_1.findings with input as _dept([res])
	r == set()
}
