package lib.words_test

import data.lib.words

test_a_date_in_chinese_without_leading_zeros if {
	words.date("2025-10-09") == "2025年10月9日"
	words.date("2026-02-27") == "2026年2月27日"
	words.date("2025-12-31") == "2025年12月31日"
}

test_a_value_that_is_not_a_date_is_written_as_it_is if {
	words.date("2025年10月9日") == "2025年10月9日"
	words.date(null) == "null"
	words.date("") == ""
}

test_a_department_by_its_name if {
	words.dept("11411325005200101T") == "内乡县公安局" with input as {"departments": [{"department": {"code": "11411325005200101T", "name": "内乡县公安局"}}]}
	words.dept("11411325005200101T") == "内乡县公安局" with input as {"department_names": {"11411325005200101T": "内乡县公安局"}}
}

test_an_unknown_department_by_its_code if {
	words.dept("999") == "999" with input as {"departments": []}
}

_q := {"id": "Q1", "requested": "2025-03-11", "provider": "11411325005200101T", "scenario": "高龄津贴申领身份核验"}

test_a_share_request_by_when_to_whom_and_what if {
	words.request(_q) == "2025年3月11日向内乡县公安局提出的共享申请（场景「高龄津贴申领身份核验」）" with input as {"department_names": {"11411325005200101T": "内乡县公安局"}}
	words.request_of({"share_requests": [{"id": "Q0"}, _q]}, "Q1") == "2025年3月11日向内乡县公安局提出的共享申请（场景「高龄津贴申领身份核验」）" with input as {"department_names": {"11411325005200101T": "内乡县公安局"}}
}

test_a_share_request_the_department_does_not_have_is_undefined if {
	not words.request_of({"share_requests": [_q]}, "Q9")
	not words.request_of({"share_requests": []}, "Q1")
}

test_a_share_request_without_its_fields_is_still_said if {
	words.request({"id": "Q1"}) == "一项共享申请（申请日期、提供部门或应用场景未填）"
}

test_an_own_resource_by_its_name_without_its_code if {
	d := {"department": {"code": "NY"}, "catalog": [{"code": "411325-NY-001", "name": "家庭农场名录信息"}]}
	words.resource(d, "411325-NY-001") == "数据资源「家庭农场名录信息」" with input as {"platform": {}}
}

_reg := {
	"platform": {"facts": {"resources": {
		"411325-ZR-001": {"name": "不动产登记信息", "dept": "ZR"},
		"411325-ZR-002": {"name": null, "dept": "ZR"},
	}}},
	"department_names": {"ZR": "内乡县自然资源局"},
}

test_another_departments_resource_by_its_name_and_its_owners_name if {
	words.resource({"department": {"code": "MZ"}}, "411325-ZR-001") == "内乡县自然资源局的数据资源「不动产登记信息」" with input as _reg
	words.resource({}, "411325-ZR-001") == "内乡县自然资源局的数据资源「不动产登记信息」" with input as _reg
	words.resource({"department": {"code": "ZR"}}, "411325-ZR-001") == "数据资源「不动产登记信息」" with input as _reg
}

test_a_resource_registered_without_a_name_by_its_owner_and_code_said_as_such if {
	words.resource({"department": {"code": "MZ"}}, "411325-ZR-002") == "内乡县自然资源局的资源代码为411325-ZR-002的数据资源（市共享平台登记未载其名称）" with input as _reg
}

test_a_resource_known_nowhere_by_its_code_said_as_such if {
	words.resource({"department": {"code": "MZ"}}, "411325-GA-009") == "资源代码为411325-GA-009的数据资源（本部门目录和市共享平台登记中均无此代码）" with input as _reg
	words.resource({}, "411325-GA-009") == "资源代码为411325-GA-009的数据资源（本部门目录和市共享平台登记中均无此代码）" with input as {}
}

test_an_item_by_its_name_or_its_code_said_as_such if {
	inp := {"platform": {"facts": {"item_names": {"DE0004": "婚姻状况"}}}}
	words.item("DE0004") == "「婚姻状况」" with input as inp
	words.item("DE0300") == "编码为DE0300的信息项（市共享平台登记中无此编码）" with input as inp
	words.items(["DE0004", "DE0300"]) == "「婚姻状况」、编码为DE0300的信息项（市共享平台登记中无此编码）" with input as inp
}

test_a_resource_said_from_its_providers_side if {
	words.registered("ZR", "411325-ZR-001") == "数据资源「不动产登记信息」" with input as _reg
	words.registered("GA", "411325-ZR-001") == "内乡县自然资源局的数据资源「不动产登记信息」" with input as _reg
	words.registered("ZR", "411325-ZR-002") == "资源代码为411325-ZR-002的数据资源（市共享平台登记未载其名称）" with input as _reg
	words.registered("ZR", "411325-ZR-009") == "资源代码为411325-ZR-009的数据资源（市共享平台登记中无此代码）" with input as _reg
}

test_an_item_by_its_name_in_the_departments_catalog_first if {
	d := {"catalog": [{"code": "R1", "items": [{"code": "DE0001", "name": "公民身份号码"}, {"code": "DE0002", "name": ""}]}]}
	inp := {"platform": {"facts": {"item_names": {"DE0001": "身份证号码", "DE0002": "姓名"}}}}
	words.item_of(d, "DE0001") == "「公民身份号码」" with input as inp
	words.item_of(d, "DE0002") == "「姓名」" with input as inp # an empty name in the catalog: the register's
	words.item_of(d, "DE0300") == "编码为DE0300的信息项（本部门目录和市共享平台登记中均无此编码）" with input as inp
	words.item_of({}, "DE0001") == "「身份证号码」" with input as inp
}

test_the_named_words_of_a_findings_codes if {
	inp := object.union(_reg, {"platform": {"facts": {"item_names": {"DE0004": "婚姻状况"}}}})
	d := {"department": {"code": "MZ"}, "catalog": [{"code": "411325-MZ-001", "name": "低保对象信息", "items": [{"code": "DE0007", "name": "救助类别"}]}]}
	words.named_items(["DE0004", "DE0300"]) == {"DE0004": "「婚姻状况」", "DE0300": "编码为DE0300的信息项（市共享平台登记中无此编码）"} with input as inp
	words.named_items_of(d, ["DE0007", "DE0004"]) == {"DE0007": "「救助类别」", "DE0004": "「婚姻状况」"} with input as inp
	words.named_resources(d, ["411325-MZ-001", "411325-ZR-001", null]) == {
		"411325-MZ-001": "数据资源「低保对象信息」",
		"411325-ZR-001": "内乡县自然资源局的数据资源「不动产登记信息」",
	} with input as inp
	words.named_resources(d, []) == {}
	words.named_registered("ZR", ["411325-ZR-001", null]) == {"411325-ZR-001": "数据资源「不动产登记信息」"} with input as inp
	words.named_registered("MZ", ["411325-ZR-001"]) == {"411325-ZR-001": "内乡县自然资源局的数据资源「不动产登记信息」"} with input as inp
}
