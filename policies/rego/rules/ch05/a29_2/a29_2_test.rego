package rules.ch05.a29_2_test

import data.rules.ch05.a29_2

_dept(resources) := {"departments": [{"department": {"code": "D1"}, "catalog": resources}]}

_res(status, mode, filed) := {
	"id": "R1", "name": "学籍信息", "involves_state_secret": false,
	"aggregation": {"status": status, "mode": mode, "filed_with_authority": filed},
}

test_fail_not_realtime_not_filed if {
	r := a29_2.findings with input as _dept([_res("已汇聚", "非实时", false)])
	r == {{
		"rule_id": "A29.2", "dept": "D1", "source": "department", "subject": "R1", "pointer": "/catalog/0/aggregation",
		"values": {"mode": "非实时", "filed_with_authority": false},
		"message_zh": "数据资源「学籍信息」非实时汇聚，未报数据主管部门备案",
	}}
}

test_pass_not_realtime_filed if {
	r := a29_2.findings with input as _dept([_res("已汇聚", "非实时", true)])
	r == set()
}

test_pass_realtime if {
	r := a29_2.findings with input as _dept([_res("已汇聚", "实时", false)])
	r == set()
}

test_pass_not_aggregated_is_a13_1 if {
	r := a29_2.findings with input as _dept([_res("未汇聚", null, false)])
	r == set()
	e := a29_2.errors with input as _dept([_res("未汇聚", null, false)])
	e == set()
}

test_pass_state_secret_out_of_scope if {
	res := object.union(_res("已汇聚", "非实时", false), {"involves_state_secret": true})
	r := a29_2.findings with input as _dept([res])
	r == set()
}

test_error_mode_unreported if {
	e := a29_2.errors with input as _dept([_res("已汇聚", null, false)])
	{x.pointer | some x in e} == {"/catalog/0/aggregation/mode"}
	{x.message_zh | some x in e} == {"缺少规则所需事实：数据资源「学籍信息」的汇聚方式（实时/非实时） / missing fact needed by the rule"}
}
