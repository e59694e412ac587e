package rules.ch10.a65_2_test

import data.rules.ch10.a65_2

_dept(as_of, issues) := {"departments": [{
	"period": 2025, "as_of": as_of, "department": {"code": "D1", "kind": "政务部门"},
	"catalog": [{"code": "R-001", "name": "低保对象信息"}],
	"quality_issues": issues,
}]}

_q(decided, decision, corrected) := {
	"id": "Q1", "resource_code": "R-001", "distributed": "2025-12-01", "decided": decided,
	"decision": decision, "corrected": corrected,
}

test_fail_late_spanning_new_year_2026 if {
	# 22 Dec -> 23, 24, 25, 26, 29, 30, 31 Dec, 4 (Sun, worked), 5, 6 Jan: due 6 Jan 2026.
	r := a65_2.findings with input as _dept("2026-02-27", [_q("2025-12-22", "更正", "2026-01-07")])
	r == {{
		"rule_id": "A65.2", "dept": "D1", "source": "department", "subject": "Q1", "pointer": "/quality_issues/0",
		"values": {
			"event_date": "2025-12-22", "limit_working_days": 10, "due_date": "2026-01-06", "actual_date": "2026-01-07",
			"open": false, "working_days_late": 1, "resource_code": "R-001", "extension_applied": false,
			"prohibited_act": "A62.8",
		},
		"message_zh": "数据资源「低保对象信息」的问题数据于2025年12月22日决定更正，10个工作日内应从源头更正并重新汇聚（期满日2026年1月6日），实际于2026年1月7日办结，逾期1个工作日",
		"named": {"R-001": "数据资源「低保对象信息」"},
	}}
}

test_pass_on_time_only_thanks_to_worked_saturday if {
	# 22 Sep -> 23, 24, 25, 26, 28 (Sun), 29, 30 Sep, 9, 10, 11 Oct (Sat): due Sat 11 Oct.
	r := a65_2.findings with input as _dept("2026-02-27", [_q("2025-09-22", "更正", "2025-10-11")])
	r == set()
}

test_pass_no_correction_decided if {
	r := a65_2.findings with input as _dept("2026-02-27", [_q("2025-09-22", "不予更正", null)])
	r == set()
}

test_fail_open_correction if {
	r := a65_2.findings with input as _dept("2026-02-27", [_q("2026-01-05", "更正", null)])
	{[f.values.due_date, f.values.open, f.values.working_days_late] | some f in r} == {["2026-01-19", true, 24]}
}

test_error_correction_without_decision_date if {
	e := a65_2.errors with input as _dept("2026-02-27", [_q(null, "更正", null)])
	{x.pointer | some x in e} == {"/quality_issues/0/decided"}
}

test_error_decision_date_without_decision if {
	e := a65_2.errors with input as _dept("2026-02-27", [_q("2026-01-05", null, null)])
	{x.pointer | some x in e} == {"/quality_issues/0/decision"}
}

test_error_year_without_calendar_data if {
	e := a65_2.errors with input as _dept("2027-01-31", [_q("2026-12-30", "更正", "2027-01-20")])
	{x.pointer | some x in e} == {"/quality_issues/0"}
}
