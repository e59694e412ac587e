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
