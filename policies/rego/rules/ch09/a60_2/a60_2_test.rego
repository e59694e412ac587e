package rules.ch09.a60_2_test

import data.rules.ch09.a60_2

_params := {"ch09": {
	"a60_2_report_due_month": {"values": {"2022-01-01": {"value": 2}}},
	"a60_same_year_from_period": {"values": {"2022-01-01": {"value": 2024}}},
}}

# reading 4: the report on 2025 (due 2026-02-28) belongs to the 2025 assessment
_p(as_of, reports) := {"platform": {"period": 2025, "as_of": as_of, "authority": "AUTH", "reports": reports}}

_r(submitted) := {"id": "RP1", "kind": "县级政务数据管理情况年度报告", "covers_year": 2025, "submitted": submitted}

test_fail_filed_one_day_late if {
	r := a60_2.findings with input as _p("2026-12-31", [_r("2026-03-01")]) with data.params as _params
	r == {{
		"rule_id": "A60.2", "dept": "AUTH", "source": "platform", "subject": "RP1", "pointer": "/reports/0",
		"values": {"covers_year": 2025, "due_date": "2026-02-28", "submitted": "2026-03-01"},
		"message_zh": "2025年度本县政务数据管理情况年度报告于2026年3月1日向市政府提交，晚于2026年2月28日的期限",
	}}
}

test_fail_not_filed_after_deadline if {
	r := a60_2.findings with input as _p("2026-03-02", []) with data.params as _params
	r == {{
		"rule_id": "A60.2", "dept": "AUTH", "source": "platform", "subject": "AUTH:2025", "pointer": "/reports",
		"values": {"covers_year": 2025, "due_date": "2026-02-28", "submitted": null, "as_of": "2026-03-02"},
		"message_zh": "截至2026年3月2日未向市政府提交2025年度本县政务数据管理情况年度报告（期限2026年2月28日）",
	}}
}

test_pass_filed_on_last_day_of_february if {
	r := a60_2.findings with input as _p("2026-12-31", [_r("2026-02-28")]) with data.params as _params
	r == set()
}

test_pass_leap_year_29_february if {
	inp := {"platform": {"period": 2027, "as_of": "2028-03-31", "authority": "AUTH", "reports": [{"id": "RP1", "kind": "县级政务数据管理情况年度报告", "covers_year": 2027, "submitted": "2028-02-29"}]}}
	r := a60_2.findings with input as inp with data.params as _params
	r == set()
}

test_pass_not_yet_due if {
	r := a60_2.findings with input as _p("2026-02-27", []) with data.params as _params
	r == set()
}

test_pass_not_yet_due_as_of_year_end if {
	r := a60_2.findings with input as _p("2025-12-31", []) with data.params as _params
	r == set()
}

test_fail_a_department_report_is_not_the_county_report if {
	other := {"id": "RP2", "kind": "部门年度政务数据管理情况", "covers_year": 2025, "submitted": "2026-01-10"}
	r := a60_2.findings with input as _p("2026-03-31", [other]) with data.params as _params
	{f.subject | some f in r} == {"AUTH:2025"}
}

test_error_when_parameter_not_in_force if {
	inp := {"platform": {"period": 2021, "as_of": "2021-12-31", "authority": "AUTH", "reports": []}}
	e := a60_2.errors with input as inp with data.params as _params
	{x.pointer | some x in e} == {"/as_of"}
}
