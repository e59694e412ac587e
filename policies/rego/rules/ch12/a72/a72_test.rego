package rules.ch12.a72_test

import data.rules.ch12.a72

_dept(as_of, catalog) := {"departments": [{
	"period": 2025, "as_of": as_of, "department": {"code": "D1", "kind": "政务部门"}, "catalog": catalog,
}]}

_res(cycle, last) := {
	"id": "R1", "name": "低保对象信息", "update_cycle": cycle, "last_refreshed": last,
	"involves_state_secret": false, "aggregation": {"status": "已汇聚"},
}

test_fail_monthly_refresh_overdue if {
	r := a72.findings with input as _dept("2026-02-27", [_res("每月", "2026-01-20")])
	r == {{
		"rule_id": "A72", "dept": "D1", "source": "department", "subject": "R1", "pointer": "/catalog/0",
		"values": {
			"update_cycle": "每月", "event_date": "2026-01-20", "due_date": "2026-02-20", "actual_date": "2026-02-27",
			"open": true, "calendar_days_late": 7, "extension_applied": false,
		},
		"message_zh": "数据资源「低保对象信息」更新周期为每月，最近一次挂载更新于2026年1月20日，最迟应于2026年2月20日再次更新，截至2026年2月27日未更新，已超出7个自然日",
	}}
}

test_pass_monthly_within_cycle if {
	r := a72.findings with input as _dept("2026-02-27", [_res("每月", "2026-01-27")])
	r == set()
}

test_cycles_are_calendar_not_working_days if {
	# weekly: 2026-02-13 + 7 = 2026-02-20, in the Spring Festival holiday; still due then.
	r := a72.findings with input as _dept("2026-02-27", [_res("每周", "2026-02-13")])
	{f.values.due_date | some f in r} == {"2026-02-20"}
}

test_fail_realtime_beyond_tolerance if {
	r := a72.findings with input as _dept("2026-02-27", [_res("实时", "2026-02-25")])
	{[f.values.due_date, f.values.calendar_days_late] | some f in r} == {["2026-02-26", 1]}
}

test_pass_realtime_within_tolerance if {
	r := a72.findings with input as _dept("2026-02-27", [_res("实时", "2026-02-26")])
	r == set()
}

test_pass_yearly_and_quarterly if {
	r := a72.findings with input as _dept("2026-02-27", [
		_res("每年", "2025-02-27"),
		object.union(_res("每季度", "2025-11-27"), {"id": "R2"}),
		object.union(_res("每半年", "2025-08-27"), {"id": "R3"}),
	])
	r == set()
}

test_pass_not_aggregated_not_in_this_rule if {
	res := object.union(_res("每日", null), {"aggregation": {"status": "未汇聚"}})
	r := a72.findings with input as _dept("2026-02-27", [res])
	r == set()
	e := a72.errors with input as _dept("2026-02-27", [res])
	e == set()
}

test_pass_no_cycle_declared if {
	e := a72.errors with input as _dept("2026-02-27", [_res(null, null)])
	e == set()
}

test_pass_state_secret_out_of_scope if {
	res := object.union(_res("每日", "2025-01-01"), {"involves_state_secret": true})
	r := a72.findings with input as _dept("2026-02-27", [res])
	r == set()
}

test_error_never_refreshed_is_a_missing_fact if {
	e := a72.errors with input as _dept("2026-02-27", [_res("每日", null)])
	e == {{
		"rule_id": "A72", "dept": "D1", "source": "department", "pointer": "/catalog/0/last_refreshed",
		"message_zh": "缺少规则所需事实：数据资源「低保对象信息」最近一次挂载更新日期 / missing fact needed by the rule",
	}}
}

# the fast path (_fresh_from: a month counts as 28 days, the shortest) skips no overdue entry: a month from
# 2026-02-01 is 28 days, so 2026-03-02 is one day late (a bound of 29 days would have skipped it)
test_fail_one_day_late_after_the_shortest_month if {
	r := a72.findings with input as _dept("2026-03-02", [_res("每月", "2026-02-01")])
	{[f.values.due_date, f.values.calendar_days_late] | some f in r} == {["2026-03-01", 1]}
}

test_pass_due_on_the_snapshot_date if {
	r := a72.findings with input as _dept("2026-03-02", [_res("每月", "2026-02-02")])
	r == set()
}

# a month from 2026-01-31 is 2026-02-31, i.e. 2026-03-03 (Go's date arithmetic): late on 2026-03-04
test_fail_month_end_rolls_over if {
	r := a72.findings with input as _dept("2026-03-04", [_res("每月", "2026-01-31")])
	{[f.values.due_date, f.values.calendar_days_late] | some f in r} == {["2026-03-03", 1]}
}
