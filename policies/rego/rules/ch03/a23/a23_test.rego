package rules.ch03.a23_test

import data.rules.ch03.a23

_p(as_of, filings) := {"platform": {"as_of": as_of, "authority": "AUTH", "city_filings": filings}}

_f(change_date, filed) := {"id": "CF1", "change_date": change_date, "filed": filed}

test_fail_late_spanning_new_year_2026 if {
	# 26 Dec -> 29, 30, 31 Dec, 4 Jan (Sun, worked), 5 Jan: due 5 Jan 2026; filed 6 Jan.
	r := a23.findings with input as _p("2026-02-27", [_f("2025-12-26", "2026-01-06")])
	r == {{
		"rule_id": "A23", "dept": "AUTH", "source": "platform", "subject": "CF1", "pointer": "/city_filings/0",
		"values": {
			"event_date": "2025-12-26", "limit_working_days": 5, "due_date": "2026-01-05", "actual_date": "2026-01-06",
			"open": false, "working_days_late": 1, "extension_applied": false,
		},
		"message_zh": "县级目录清单或责任清单于2025年12月26日发生变化，5个工作日内应向市级数据主管部门报备（期满日2026年1月5日），实际于2026年1月6日办结，逾期1个工作日",
	}}
}

test_pass_filed_on_worked_sunday_after_new_year if {
	# due 5 Jan 2026 (see above); filed on Sun 4 Jan, a worked day before it.
	r := a23.findings with input as _p("2026-02-27", [_f("2025-12-26", "2026-01-04")])
	r == set()
}

test_fail_open_across_national_day if {
	r := a23.findings with input as _p("2025-10-15", [_f("2025-09-30", null)])
	{[f.values.due_date, f.values.working_days_late] | some f in r} == {["2025-10-14", 1]}
}

test_error_year_without_calendar_data if {
	e := a23.errors with input as _p("2027-01-31", [_f("2026-12-31", null)])
	{x.pointer | some x in e} == {"/city_filings/0"}
}
