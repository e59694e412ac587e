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

test_an_own_resource_by_its_name_with_its_code if {
	d := {"catalog": [{"code": "411325-NY-001", "name": "家庭农场名录信息"}]}
	words.resource(d, "411325-NY-001") == "「家庭农场名录信息」（411325-NY-001）"
	words.resource(d, "411325-GA-001") == "411325-GA-001"
	words.resource({}, "411325-GA-001") == "411325-GA-001"
}
