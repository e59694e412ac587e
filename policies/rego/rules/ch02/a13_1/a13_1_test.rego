package rules.ch02.a13_1_test

import data.rules.ch02.a13_1

_dept(resources) := {"departments": [{"department": {"code": "D1"}, "catalog": resources}]}

_res(status, ranks, offered) := {
	"id": "R1", "name": "不动产登记信息", "involves_state_secret": false,
	"aggregation": {
		"status": status, "interface_offered": offered,
		"no_aggregation_bases": [{"rank": r, "title": "某依据"} | some r in ranks],
	},
}

test_fail_no_evidence_and_no_interface if {
	r := a13_1.findings with input as _dept([_res("未汇聚", ["部门文件"], false)])
	r == {
		{
			"rule_id": "A13.1", "dept": "D1", "source": "department", "subject": "R1",
			"pointer": "/catalog/0/aggregation", "values": {"status": "未汇聚", "bases": ["部门文件《某依据》"]},
			"message_zh": "数据资源「不动产登记信息」未汇聚至市共享平台，且未提供法律、法规或党中央、国务院政策明确规定不能汇聚的证据材料",
		},
		{
			"rule_id": "A13.1", "dept": "D1", "source": "department", "subject": "R1",
			"pointer": "/catalog/0/aggregation/interface_offered", "values": {"status": "未汇聚", "interface_offered": false, "answer": null},
			"message_zh": "数据资源「不动产登记信息」未汇聚，亦未以服务接口方式向市共享平台提供共享服务",
		},
	}
}

test_fail_evidence_but_no_interface if {
	r := a13_1.findings with input as _dept([_res("未汇聚", ["法律"], false)])
	{f.pointer | some f in r} == {"/catalog/0/aggregation/interface_offered"}
}

test_fail_interface_but_no_evidence if {
	r := a13_1.findings with input as _dept([_res("未汇聚", [], true)])
	{f.pointer | some f in r} == {"/catalog/0/aggregation"}
}

test_pass_local_regulation_and_interface if {
	r := a13_1.findings with input as _dept([_res("未汇聚", ["地方性法规"], true)])
	r == set()
}

test_pass_central_policy_and_interface if {
	r := a13_1.findings with input as _dept([_res("未汇聚", ["党中央国务院政策"], true)])
	r == set()
}

test_pass_aggregated if {
	r := a13_1.findings with input as _dept([_res("已汇聚", [], false)])
	r == set()
}

_refused(offered) := object.union(_res("未汇聚", [], offered), {"aggregation": {"authority_request": {
	"requested": "2025-05-06", "answer": "拒绝汇聚", "answered": "2025-05-20",
}}})

# reading 3: a refused resource still owes the service interface (Art. 13(1)); the refusal itself is A62.2's
test_fail_refused_and_no_interface if {
	r := a13_1.findings with input as _dept([_refused(false)])
	r == {{
		"rule_id": "A13.1", "dept": "D1", "source": "department", "subject": "R1",
		"pointer": "/catalog/0/aggregation/interface_offered",
		"values": {"status": "未汇聚", "interface_offered": false, "answer": "拒绝汇聚"},
		"message_zh": "数据资源「不动产登记信息」未汇聚，亦未以服务接口方式向市共享平台提供共享服务",
	}}
}

test_pass_refused_but_interface_offered if {
	r := a13_1.findings with input as _dept([_refused(true)])
	r == set()
}

test_pass_state_secret_out_of_scope if {
	res := object.union(_res("未汇聚", [], false), {"involves_state_secret": true})
	r := a13_1.findings with input as _dept([res])
	r == set()
}

test_error_aggregation_unreported if {
	res := {"id": "R1", "name": "不动产登记信息", "involves_state_secret": false, "aggregation": null}
	e := a13_1.errors with input as _dept([res])
	{x.pointer | some x in e} == {"/catalog/0/aggregation"}
	r := a13_1.findings with input as _dept([res])
	r == set()
}
