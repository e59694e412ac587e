package rules.ch03.a22_2_test

import data.rules.ch03.a22_2

_p(as_of, reviews) := {"platform": {"as_of": as_of, "authority": "AUTH", "catalog_reviews": reviews}}

# the responsibility list is updated the day the catalog is (synchronously) unless a test says otherwise
_r(received, reviewed) := {
	"id": "CR1", "dept": "D1", "received": received, "reviewed": reviewed,
	"responsibility_list_updated": reviewed,
}

_rl(received, reviewed, list_updated) := object.union(_r(received, reviewed), {"responsibility_list_updated": list_updated})

test_fail_late_across_spring_festival_2026 if {
	# 12 Feb -> 13, 14 (Sat, worked), 24, 25, 26 Feb: due 26 Feb; reviewed 27 Feb.
	r := a22_2.findings with input as _p("2026-02-27", [_rl("2026-02-12", "2026-02-27", "2026-02-26")])
	r == {{
		"rule_id": "A22.2", "dept": "AUTH", "source": "platform", "subject": "CR1", "pointer": "/catalog_reviews/0",
		"values": {
			"event_date": "2026-02-12", "limit_working_days": 5, "due_date": "2026-02-26", "actual_date": "2026-02-27",
			"open": false, "working_days_late": 1, "applicant": "D1", "extension_applied": false, "prohibited_act": "A62.8",
		},
		"message_zh": "收到目录更新申请之日（2026年2月12日）起5个工作日内应审核、更新政务数据目录（期满日2026年2月26日），实际于2026年2月27日办结，逾期1个工作日",
	}}
}

test_pass_on_time_only_thanks_to_worked_saturday if {
	# 9 Feb -> 10, 11, 12, 13, 14 (Sat, worked): due 14 Feb.
	r := a22_2.findings with input as _p("2026-02-27", [_r("2026-02-09", "2026-02-14")])
	r == set()
}

test_fail_open_on_as_of if {
	r := a22_2.findings with input as _p("2025-10-16", [_r("2025-09-30", null)])
	{[f.pointer, f.values.due_date, f.values.open, f.values.working_days_late] | some f in r} == {
		["/catalog_reviews/0", "2025-10-14", true, 2],
		["/catalog_reviews/0/responsibility_list_updated", "2025-10-14", true, 2],
	}
}

test_pass_open_not_yet_due if {
	r := a22_2.findings with input as _p("2025-10-14", [_r("2025-09-30", null)])
	r == set()
}

test_error_year_without_calendar_data if {
	e := a22_2.errors with input as _p("2027-02-01", [_r("2027-01-05", "2027-01-06")])
	{[x.dept, x.source, x.pointer] | some x in e} == {["AUTH", "platform", "/catalog_reviews/0"]}
}

test_pass_no_platform_snapshot if {
	r := a22_2.findings with input as {"departments": []}
	r == set()
}

# reading 5: the catalog updated in time, the responsibility list not updated with it
test_fail_responsibility_list_not_updated if {
	r := a22_2.findings with input as _p("2026-02-27", [_rl("2026-02-09", "2026-02-14", null)])
	r == {{
		"rule_id": "A22.2", "dept": "AUTH", "source": "platform", "subject": "CR1",
		"pointer": "/catalog_reviews/0/responsibility_list_updated",
		"values": {
			"event_date": "2026-02-09", "limit_working_days": 5, "due_date": "2026-02-14", "actual_date": "2026-02-27",
			"open": true, "working_days_late": 4, "applicant": "D1", "catalog_reviewed": "2026-02-14",
		},
		"message_zh": "更新政务数据目录应同步更新责任清单：收到申请之日（2026年2月9日）起5个工作日内（期满日2026年2月14日），截至2026年2月27日仍未办结，已逾期4个工作日",
	}}
}

test_fail_responsibility_list_updated_late if {
	r := a22_2.findings with input as _p("2026-02-27", [_rl("2026-02-09", "2026-02-14", "2026-02-24")])
	{[f.pointer, f.values.working_days_late] | some f in r} == {["/catalog_reviews/0/responsibility_list_updated", 1]}
}

test_pass_responsibility_list_updated_within_the_limit if {
	r := a22_2.findings with input as _p("2026-02-27", [_rl("2026-02-09", "2026-02-13", "2026-02-14")])
	r == set()
}
