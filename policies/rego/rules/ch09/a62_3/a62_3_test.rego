package rules.ch09.a62_3_test

import data.rules.ch09.a62_3

_input(collections) := {
	"platform": {"shared_items": [
		{"item_code": "DE0001", "item_name": "身份证号码", "provider": "PSB"},
		{"item_code": "DE0100", "item_name": "婚姻状况", "provider": "D1"},
	]},
	"departments": [{"department": {"code": "D1"}, "collections": collections}],
}

_col(code, method, exception) := {
	"id": "C1", "item_code": code, "item_name": "身份证号码", "method": method, "legal_exception": exception,
}

test_fail_self_collecting_an_item_shared_by_another if {
	r := a62_3.findings with input as _input([_col("DE0001", "自行采集", null)])
	r == {{
		"rule_id": "A62.3", "dept": "D1", "source": "department", "subject": "C1", "pointer": "/collections/0",
		"values": {"item_code": "DE0001", "item_name": "身份证号码", "shared_by": ["PSB"]},
		"message_zh": "自行采集数据项「身份证号码」，该数据项已由PSB在市共享平台共享，且无法律法规另有规定",
		"named": {"DE0001": "编码为DE0001的信息项（市共享平台登记中无此编码）"},
	}}
}

test_fail_message_names_the_provider_when_known if {
	inp := object.union(_input([_col("DE0001", "自行采集", null)]), {"departments": [
		{"department": {"code": "D1"}, "collections": [_col("DE0001", "自行采集", null)]},
		{"department": {"code": "PSB", "name": "县公安局"}, "collections": []},
	]})
	r := a62_3.findings with input as inp
	[f.message_zh | some f in r] == ["自行采集数据项「身份证号码」，该数据项已由县公安局在市共享平台共享，且无法律法规另有规定"]
}

test_fail_department_document_is_no_exception if {
	r := a62_3.findings with input as _input([_col("DE0001", "自行采集", {"rank": "部门文件", "title": "x"})])
	count(r) == 1
}

test_pass_obtained_by_sharing if {
	r := a62_3.findings with input as _input([_col("DE0001", "共享获取", null)])
	r == set()
}

test_pass_own_item_is_not_a_duplicate if {
	r := a62_3.findings with input as _input([_col("DE0100", "自行采集", null)])
	r == set()
}

test_pass_item_not_shared_anywhere if {
	r := a62_3.findings with input as _input([_col("DE9999", "自行采集", null)])
	r == set()
}

test_pass_law_provides_otherwise if {
	r := a62_3.findings with input as _input([_col("DE0001", "自行采集", {"rank": "法律", "title": "某法"})])
	r == set()
}
