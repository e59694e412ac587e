package rules.ch02.a13_3_test

import data.rules.ch02.a13_3

_p := {"ch02": {"a13_3_max_extension_working_days": {"values": {"2022-01-01": {"value": 5}}}}}

_dept(as_of, demands) := {"departments": [{
	"period": 2025, "as_of": as_of, "department": {"code": "D1", "kind": "政务部门"},
	"interface_demands": demands,
}]}

_dm(agreed_due, delivered, ext) := {
	"id": "I1", "requested": "2025-09-01", "agreed_due": agreed_due, "delivered": delivered, "extension": ext,
}

_ext(written, approved, n) := {"written_application": written, "approved": approved, "approved_by_head": false, "working_days": n}

test_fail_no_extension_late_across_national_day if {
	r := a13_3.findings with input as _dept("2026-02-27", [_dm("2025-09-30", "2025-10-09", null)]) with data.params as _p
	r == {{
		"rule_id": "A13.3", "dept": "D1", "source": "department", "subject": "I1", "pointer": "/interface_demands/0",
		"values": {
			"event_date": "2025-09-01", "agreed_due": "2025-09-30", "due_date": "2025-09-30", "actual_date": "2025-10-09",
			"open": false, "working_days_late": 1, "extension_applied": false,
		},
		"message_zh": "数据主管部门要求提供的服务接口协商于2025年9月30日前提供，期满日2025年9月30日，实际于2025年10月9日办结，逾期1个工作日",
	}}
}

test_pass_approved_extension_of_five_across_national_day if {
	r := a13_3.findings with input as _dept("2026-02-27", [_dm("2025-09-30", "2025-10-14", _ext(true, true, 5))]) with data.params as _p
	r == set()
}

test_pass_on_time_only_thanks_to_worked_saturday if {
	# agreed 9 Oct, 2 working days' extension -> 10, 11 Oct (Sat, worked).
	r := a13_3.findings with input as _dept("2026-02-27", [_dm("2025-10-09", "2025-10-11", _ext(true, true, 2))]) with data.params as _p
	r == set()
}

test_fail_extension_monday_after_worked_saturday if {
	r := a13_3.findings with input as _dept("2026-02-27", [_dm("2025-10-09", "2025-10-13", _ext(true, true, 2))]) with data.params as _p
	r == {{
		"rule_id": "A13.3", "dept": "D1", "source": "department", "subject": "I1", "pointer": "/interface_demands/0",
		"values": {
			"event_date": "2025-09-01", "agreed_due": "2025-10-09", "due_date": "2025-10-11", "actual_date": "2025-10-13",
			"open": false, "working_days_late": 1, "extension_applied": true, "extension_working_days": 2,
		},
		"message_zh": "数据主管部门要求提供的服务接口协商于2025年10月9日前提供，期满日2025年10月11日（含经批准延期2个工作日），实际于2025年10月13日办结，逾期1个工作日",
	}}
}

test_fail_extension_beyond_maximum_counts_as_none if {
	r := a13_3.findings with input as _dept("2026-02-27", [_dm("2025-09-30", "2025-10-14", _ext(true, true, 6))]) with data.params as _p
	r == {{
		"rule_id": "A13.3", "dept": "D1", "source": "department", "subject": "I1", "pointer": "/interface_demands/0",
		"values": {
			"event_date": "2025-09-01", "agreed_due": "2025-09-30", "due_date": "2025-09-30", "actual_date": "2025-10-14",
			"open": false, "working_days_late": 5, "extension_applied": false, "extension_disregarded": "延期超过5个工作日上限",
		},
		"message_zh": "数据主管部门要求提供的服务接口协商于2025年9月30日前提供，期满日2025年9月30日（延期不予计入：延期超过5个工作日上限），实际于2025年10月14日办结，逾期5个工作日",
	}}
}

test_fail_extension_without_written_application_or_approval if {
	r := a13_3.findings with input as _dept("2026-02-27", [_dm("2025-09-30", "2025-10-10", _ext(false, false, 3))]) with data.params as _p
	{[f.values.extension_applied, f.values.extension_disregarded, f.values.working_days_late] | some f in r} == {[false, "无书面延期申请；延期未经批准", 2]}
}

test_fail_open_with_extension_across_spring_festival_2026 if {
	# agreed 13 Feb, 3 working days -> 14 (Sat, worked), 24, 25 Feb; open on 27 Feb.
	r := a13_3.findings with input as _dept("2026-02-27", [_dm("2026-02-13", null, _ext(true, true, 3))]) with data.params as _p
	{[f.values.due_date, f.values.open, f.values.working_days_late] | some f in r} == {["2026-02-25", true, 2]}
}

test_pass_open_not_yet_due if {
	r := a13_3.findings with input as _dept("2026-02-25", [_dm("2026-02-13", null, _ext(true, true, 3))]) with data.params as _p
	r == set()
}

test_error_year_without_calendar_data if {
	e := a13_3.errors with input as _dept("2027-03-01", [_dm("2027-01-05", "2027-01-06", null)]) with data.params as _p
	{x.pointer | some x in e} == {"/interface_demands/0"}
}

# delivered on or before the agreed day stops at once (#20); the day after, with or without an extension, goes
# the long way: late without one, on time with an approved one
test_agreed_day_short_cut_and_the_day_after if {
	a13_3.findings == set() with input as _dept("2026-02-27", [_dm("2025-09-30", "2025-09-30", null)]) with data.params as _p
	count(a13_3.findings) == 1 with input as _dept("2026-02-27", [_dm("2025-09-29", "2025-09-30", null)]) with data.params as _p
	a13_3.findings == set() with input as _dept("2026-02-27", [_dm("2025-09-29", "2025-09-30", _ext(true, true, 1))]) with data.params as _p
}
