package rules.ch06.a37_2_test

import data.rules.ch06.a37_2

_dept(resources) := {"departments": [{"department": {"code": "D1"}, "catalog": resources}]}

_res(db, attr, basic) := {
	"id": "R1", "name": "户籍人口信息", "share_attribute": attr, "involves_state_secret": false,
	"base_database": db,
	"items": [{"code": "DE0001", "name": "公民身份号码", "basic": basic}, {"code": "DE0900", "name": "备注", "basic": false}],
}

test_fail_basic_item_conditional if {
	r := a37_2.findings with input as _dept([_res("自然人", "有条件共享", true)])
	r == {{
		"rule_id": "A37.2", "dept": "D1", "source": "department", "subject": "R1", "pointer": "/catalog/0/share_attribute",
		"values": {"base_database": "自然人", "share_attribute": "有条件共享", "basic_items": ["DE0001"]},
		"message_zh": "数据资源「户籍人口信息」属自然人基础数据库，含基础信息项「公民身份号码」，却列为有条件共享，应当无条件共享",
		"named": {"DE0001": "「公民身份号码」"},
	}}
}

test_fail_basic_item_not_shared if {
	r := a37_2.findings with input as _dept([_res("电子证照", "不予共享", true)])
	{[f.subject, f.values.share_attribute] | some f in r} == {["R1", "不予共享"]}
}

test_pass_unconditional if {
	r := a37_2.findings with input as _dept([_res("自然人", "无条件共享", true)])
	r == set()
}

test_pass_no_basic_items if {
	r := a37_2.findings with input as _dept([_res("自然人", "有条件共享", false)])
	r == set()
}

test_pass_not_a_base_database if {
	r := a37_2.findings with input as _dept([_res(null, "有条件共享", true)])
	r == set()
}

test_pass_share_attribute_unreported_is_left_to_a17 if {
	r := a37_2.findings with input as _dept([_res("自然人", null, true)])
	r == set()
}

test_pass_state_secret_out_of_scope if {
	res := object.union(_res("自然人", "不予共享", true), {"involves_state_secret": true})
	r := a37_2.findings with input as _dept([res])
	r == set()
}

test_fail_basic_items_by_name_in_code_order_a_nameless_one_said_as_a_code if {
	res := object.union(_res("自然人", "有条件共享", true), {"items": [
		{"code": "DE0002", "name": "姓名", "basic": true},
		{"code": "DE0001", "name": "公民身份号码", "basic": true},
		{"code": "DE0003", "basic": true},
	]})
	r := a37_2.findings with input as _dept([res])
	[f.message_zh | some f in r] == ["数据资源「户籍人口信息」属自然人基础数据库，含基础信息项「公民身份号码」「姓名」编码为DE0003的信息项（本部门目录和市共享平台登记中均无此编码），却列为有条件共享，应当无条件共享"]
}
