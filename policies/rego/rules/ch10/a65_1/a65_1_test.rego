package rules.ch10.a65_1_test

import data.rules.ch10.a65_1

_dept(as_of, issues) := {"departments": [{
	"period": 2025, "as_of": as_of, "department": {"code": "D1", "kind": "政务部门"},
	"catalog": [{"code": "R-001", "name": "低保对象信息"}],
	"quality_issues": issues,
}]}

_q(distributed, decided) := {
	"id": "Q1", "resource_code": "R-001", "distributed": distributed, "decided": decided,
	"decision": "不予更正", "corrected": null,
}

test_fail_late_across_national_day_2025 if {
	r := a65_1.findings with input as _dept("2026-02-27", [_q("2025-09-30", "2025-10-16")])
	r == {{
		"rule_id": "A65.1", "dept": "D1", "source": "department", "subject": "Q1", "pointer": "/quality_issues/0",
		"values": {
			"event_date": "2025-09-30", "limit_working_days": 5, "due_date": "2025-10-14", "actual_date": "2025-10-16",
			"open": false, "working_days_late": 2, "resource_code": "R-001", "extension_applied": false,
			"prohibited_act": "A62.8",
		},
		"message_zh": "数据资源「低保对象信息」的问题数据于2025年9月30日分发，5个工作日内应核实并作出是否更正的决定（期满日2025年10月14日），实际于2025年10月16日办结，逾期2个工作日",
		"named": {"R-001": "数据资源「低保对象信息」"},
	}}
}

test_pass_on_time_only_thanks_to_worked_saturday if {
	# 9 Feb 2026 -> 10, 11, 12, 13, 14 (Sat, worked): due 14 Feb.
	r := a65_1.findings with input as _dept("2026-02-27", [_q("2026-02-09", "2026-02-14")])
	r == set()
}

test_fail_open_across_spring_festival_2026 if {
	r := a65_1.findings with input as _dept("2026-02-27", [_q("2026-02-12", null)])
	{[f.values.due_date, f.values.open, f.values.working_days_late] | some f in r} == {["2026-02-26", true, 1]}
}

test_pass_open_distributed_just_before_spring_festival if {
	# 13 Feb -> 14, 24, 25, 26, 27 Feb: due 27 Feb = as-of date, not yet overdue.
	r := a65_1.findings with input as _dept("2026-02-27", [_q("2026-02-13", null)])
	r == set()
}

test_error_year_without_calendar_data if {
	e := a65_1.errors with input as _dept("2003-12-31", [_q("2003-12-01", "2003-12-02")])
	{x.pointer | some x in e} == {"/quality_issues/0", "/as_of"}
}
