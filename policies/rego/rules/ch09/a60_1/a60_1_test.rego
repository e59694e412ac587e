package rules.ch09.a60_1_test

import data.rules.ch09.a60_1

# first: the first period judged under the reading "the report on year N in period N" (lib.annual_report)
_p(first) := {"ch09": {
	"a60_1_report_due_month": {"values": {"2022-01-01": {"value": 1}}},
	"a60_same_year_from_period": {"values": {"2022-01-01": {"value": first}}},
}}

_dept(period, as_of, reports) := {"departments": [{
	"period": period, "as_of": as_of, "department": {"code": "D1", "kind": "政务部门"}, "reports": reports,
}]}

_r(id, year, submitted) := {"id": id, "kind": "部门年度政务数据管理情况", "covers_year": year, "submitted": submitted}

# reading 4: the report on 2025 (due 2026-01-31) is judged in the 2025 assessment (as of 2026-02-27)
test_fail_report_on_year_n_late_in_period_n if {
	r := a60_1.findings with input as _dept(2025, "2026-02-27", [_r("RP1", 2025, "2026-02-02")]) with data.params as _p(2024)
	r == {{
		"rule_id": "A60.1", "dept": "D1", "source": "department", "subject": "RP1", "pointer": "/reports/0",
		"values": {"covers_year": 2025, "due_date": "2026-01-31", "submitted": "2026-02-02"},
		"message_zh": "2025年度政务数据管理情况于2026年2月2日提交，晚于2026年1月31日的期限",
	}}
}

test_fail_not_filed_after_deadline if {
	r := a60_1.findings with input as _dept(2025, "2026-02-27", []) with data.params as _p(2024)
	r == {{
		"rule_id": "A60.1", "dept": "D1", "source": "department", "subject": "D1:2025", "pointer": "/reports",
		"values": {"covers_year": 2025, "due_date": "2026-01-31", "submitted": null, "as_of": "2026-02-27"},
		"message_zh": "截至2026年2月27日未提交2025年度政务数据管理情况（期限2026年1月31日）",
	}}
}

test_pass_filed_on_last_day if {
	r := a60_1.findings with input as _dept(2025, "2026-02-27", [_r("RP1", 2025, "2026-01-31")]) with data.params as _p(2024)
	r == set()
}

test_pass_not_yet_due if {
	r := a60_1.findings with input as _dept(2025, "2025-12-31", []) with data.params as _p(2024)
	r == set()
}

# the first period under the reading also judges the year before (judged by nobody else): once each
test_fail_first_period_judges_both_years if {
	r := a60_1.findings with input as _dept(2025, "2026-02-27", []) with data.params as _p(2025)
	{f.subject | some f in r} == {"D1:2024", "D1:2025"}
}

test_pass_first_period_both_on_time if {
	reports := [_r("RP1", 2024, "2025-01-20"), _r("RP2", 2025, "2026-01-22")]
	r := a60_1.findings with input as _dept(2025, "2026-02-27", reports) with data.params as _p(2025)
	r == set()
}

test_fail_before_the_reading_the_year_before_is_judged if {
	r := a60_1.findings with input as _dept(2024, "2025-02-27", [_r("RP1", 2023, "2024-02-01")]) with data.params as _p(2025)
	{[f.subject, f.values.covers_year] | some f in r} == {["RP1", 2023]}
}

test_pass_authority_not_subject if {
	inp := {"departments": [{"period": 2025, "as_of": "2026-02-27", "department": {"code": "A", "kind": "数据主管部门"}, "reports": []}]}
	r := a60_1.findings with input as inp with data.params as _p(2024)
	r == set()
}

test_error_when_parameter_not_in_force if {
	e := a60_1.errors with input as _dept(2021, "2021-12-31", []) with data.params as _p(2024)
	count(e) == 1
}
