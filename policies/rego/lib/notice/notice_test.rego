package lib.notice_test

import data.lib.notice

_days := {"2025-09-30": 1, "2025-10-09": 2, "2025-10-10": 3, "2025-10-11": 4, "2025-10-13": 5, "2025-10-14": 6}

_by_n := {"1": "2025-09-30", "2": "2025-10-09", "3": "2025-10-10", "4": "2025-10-11", "5": "2025-10-13", "6": "2025-10-14"}

_limit(n) := {"values": {"2022-01-01": {"value": n}}}

test_pass_deadline_across_national_day if {
	r := notice.deadline("2025-09-30") with data.notices.time_limit_working_days as _limit(5)
		with data.calendar.days as {"days": _days, "workday_by_n": _by_n, "last": "2025-10-14"}
	r == {"working_days": 5, "due_on": "2025-10-14"}
}

test_fail_deadline_past_calendar_is_an_error if {
	not notice.deadline("2025-10-13") with data.notices.time_limit_working_days as _limit(5)
		with data.calendar.days as {"days": _days, "workday_by_n": _by_n, "last": "2025-10-14"}
	msg := notice.deadline_error("2025-10-13") with data.notices.time_limit_working_days as _limit(5)
		with data.calendar.days as {"days": _days, "workday_by_n": _by_n, "last": "2025-10-14"}
	contains(msg, "超出工作日历范围")
}

test_fail_uncovered_issue_date_is_an_error if {
	msg := notice.deadline_error("2031-01-05") with data.notices.time_limit_working_days as _limit(5)
		with data.calendar.days as {"days": _days, "workday_by_n": _by_n, "last": "2025-10-14"}
	contains(msg, "2031 年无工作日历数据")
}

test_pass_real_calendar_and_setting if {
	notice.deadline("2025-09-30").due_on == "2025-10-28"
}
