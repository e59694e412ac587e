package lib.deadline_test

import data.lib.deadline

_chain := [{"annotations": {"custom": {"id": "X1"}}}]

test_late_across_national_day_2025 if {
	deadline.late("2025-09-30", 5, "2025-10-15", "2025-12-31") == {
		"event_date": "2025-09-30", "limit_working_days": 5, "due_date": "2025-10-14",
		"actual_date": "2025-10-15", "open": false, "working_days_late": 1,
	}
}

test_on_last_day_not_late if {
	not deadline.late("2025-09-30", 5, "2025-10-14", "2025-12-31")
}

test_open_item_counted_to_as_of if {
	v := deadline.late("2025-09-30", 5, null, "2025-10-16")
	v.open
	v.actual_date == "2025-10-16"
	v.working_days_late == 2
}

test_open_item_not_yet_due if {
	not deadline.late("2025-09-30", 5, null, "2025-10-14")
}

test_done_on_weekend_after_due_is_late_by_zero_working_days if {
	# from Mon 2025-11-03, 5 working days -> Mon 11-10; done Sat 11-08 is on time, Tue 11-11 late by 1.
	deadline.late("2025-11-03", 5, "2025-11-11", "2025-12-31").working_days_late == 1
	not deadline.late("2025-11-03", 5, "2025-11-08", "2025-12-31")

	# from Mon 11-03, 4 working days -> Fri 11-07; done Sat 11-08 is late, by 0 working days.
	deadline.late("2025-11-03", 4, "2025-11-08", "2025-12-31").working_days_late == 0
}

test_due_beyond_calendar_with_covered_stop_is_not_late if {
	not deadline.late("2026-12-30", 5, null, "2026-12-31")
}

test_missing_date if {
	deadline.missing_date(["2025-01-02", null, "2027-01-04"]) == "2027-01-04"
	not deadline.missing_date(["2025-01-02", null])
}

# the one-lookup test of the common case (calendar.covers_all, #20) never hides a date the long way finds:
# the first missing date whatever its place, a repeated one, one after a null, an invalid one
test_missing_date_whatever_the_common_case_test if {
	not deadline.missing_date(["2025-01-02", "2025-10-14"])
	not deadline.missing_date(["2025-01-02", "2025-01-02"])
	deadline.missing_date(["2025-01-02", "2027-01-04"]) == "2027-01-04"
	deadline.missing_date(["2027-01-04", "2025-01-02"]) == "2027-01-04"
	deadline.missing_date(["2027-01-05", "2027-01-04"]) == "2027-01-05"
	deadline.missing_date(["2027-01-04", "2027-01-04"]) == "2027-01-04"
	deadline.missing_date([null, "2027-01-04"]) == "2027-01-04"
	deadline.missing_date(["2025-02-30", "2025-01-02"]) == "2025-02-30"
	not deadline.missing_date([null, null])
	not deadline.missing_date([])
}

test_calendar_error if {
	e := deadline.calendar_error(_chain, "D1", "department", "/x/0", "2027-01-04")
	e.rule_id == "X1"
	startswith(e.message_zh, "2027 年无工作日历数据")
}

test_outcome if {
	deadline.outcome({"open": true, "actual_date": "2026-02-27", "working_days_late": 3}) == "截至2026年2月27日仍未办结，已逾期3个工作日"
	deadline.outcome({"open": false, "actual_date": "2026-02-27", "working_days_late": 3}) == "实际于2026年2月27日办结，逾期3个工作日"
}
