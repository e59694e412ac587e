package rules.ch03.a22_1_test

import data.rules.ch03.a22_1

_dept(as_of, changes) := {"departments": [{
	"period": 2025, "as_of": as_of, "department": {"code": "D1", "kind": "政务部门"},
	"catalog_changes": changes,
}]}

_c(trigger_date, applied) := {"id": "C1", "trigger": "行政管理职能变更", "trigger_date": trigger_date, "applied": applied}

test_fail_late_across_national_day_2025 if {
	# 30 Sep -> 9, 10, 11 (Sat, worked), 13, 14 Oct: due 14 Oct; applied 15 Oct.
	r := a22_1.findings with input as _dept("2026-02-27", [_c("2025-09-30", "2025-10-15")])
	r == {{
		"rule_id": "A22.1", "dept": "D1", "source": "department", "subject": "C1", "pointer": "/catalog_changes/0",
		"values": {
			"event_date": "2025-09-30", "limit_working_days": 5, "due_date": "2025-10-14", "actual_date": "2025-10-15",
			"open": false, "working_days_late": 1, "trigger": "行政管理职能变更", "extension_applied": false,
			"prohibited_act": "A62.8",
		},
		"message_zh": "行政管理职能变更之日（2025年9月30日）起5个工作日内应申请更新政务数据目录（期满日2025年10月14日），实际于2025年10月15日办结，逾期1个工作日",
	}}
}

test_pass_on_last_day_after_national_day if {
	r := a22_1.findings with input as _dept("2026-02-27", [_c("2025-09-30", "2025-10-14")])
	r == set()
}

test_pass_on_time_only_thanks_to_worked_saturday if {
	# 28 Sep (Sun, worked) -> 29, 30 Sep, 9, 10, 11 Oct (Sat, worked): due Sat 11 Oct.
	r := a22_1.findings with input as _dept("2026-02-27", [_c("2025-09-28", "2025-10-11")])
	r == set()
}

test_fail_monday_after_worked_saturday_is_late if {
	r := a22_1.findings with input as _dept("2026-02-27", [_c("2025-09-28", "2025-10-13")])
	{[f.values.due_date, f.values.working_days_late] | some f in r} == {["2025-10-11", 1]}
}

test_fail_spanning_new_year_2026 if {
	# 29 Dec -> 30, 31 Dec, 4 Jan (Sun, worked), 5, 6 Jan: due 6 Jan 2026.
	r := a22_1.findings with input as _dept("2026-02-27", [_c("2025-12-29", "2026-01-08")])
	{[f.values.due_date, f.values.working_days_late] | some f in r} == {["2026-01-06", 2]}
}

test_fail_open_across_spring_festival_2026 if {
	# 12 Feb -> 13, 14 (Sat, worked), 24, 25, 26 Feb: due 26 Feb; open on 27 Feb.
	r := a22_1.findings with input as _dept("2026-02-27", [_c("2026-02-12", null)])
	{[f.values.due_date, f.values.actual_date, f.values.open, f.values.working_days_late] | some f in r} == {["2026-02-26", "2026-02-27", true, 1]}
}

test_pass_open_not_yet_due if {
	r := a22_1.findings with input as _dept("2026-02-26", [_c("2026-02-12", null)])
	r == set()
}

test_error_year_without_calendar_data if {
	e := a22_1.errors with input as _dept("2027-03-31", [_c("2027-01-04", null)])
	e == {{
		"rule_id": "A22.1", "dept": "D1", "source": "department", "pointer": "/catalog_changes/0",
		"message_zh": "2027 年无工作日历数据，请用 govshare calendar add-year 2027 补充国务院办公厅节假日安排通知（或在仪表盘“主管部门维护”页）/ no working-day calendar for 2027: add the State Council General Office holiday notice with govshare calendar add-year 2027",
	}}
	r := a22_1.findings with input as _dept("2027-03-31", [_c("2027-01-04", null)])
	r == set()
}

test_error_open_item_as_of_without_calendar_data if {
	e := a22_1.errors with input as _dept("2027-01-10", [_c("2026-12-28", null)])
	{x.pointer | some x in e} == {"/catalog_changes/0"}
}

test_error_parameter_not_in_force if {
	e := a22_1.errors with input as _dept("2021-06-30", [_c("2021-06-01", "2021-06-02")])
	{x.pointer | some x in e} == {"/as_of"}
}
