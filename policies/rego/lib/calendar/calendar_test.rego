# METADATA
# title: 工作日历计算库测试
# description: 使用生成的真实工作日历数据（data.calendar.days）验证工作日期限计算。
package lib.calendar_test

import data.lib.calendar

# --- coverage -----------------------------------------------------------------------

test_covered_range if {
	calendar.covered("2004-01-01")
	calendar.covered("2025-10-01")
	calendar.covered("2026-12-31")
	not calendar.covered("2003-12-31")
	not calendar.covered("2027-01-01")
	data.calendar.days.first == "2004-01-01"
	data.calendar.days.last == "2026-12-31"
}

test_covers_all if {
	calendar.covers_all(["2004-01-01", "2026-12-31"])
	calendar.covers_all([])
	not calendar.covers_all(["2025-10-01", "2027-01-01"])
	not calendar.covers_all(["2025-10-01", null])
	not calendar.covers_all(["2025-10-01", "2025-10-01"]) # repeated: the long way decides
	not calendar.covers_all(["2025-02-30"])
}

test_year_totals if {
	data.calendar.days.years["2025"].workdays == 248
	data.calendar.days.years["2026"].workdays == 248
}

# --- National Day / Mid-Autumn 2025: 1-8 Oct off; Sun 28 Sep and Sat 11 Oct worked -----

test_national_day_2025_due if {
	calendar.due("2025-09-30", 5) == "2025-10-14"
}

test_national_day_2025_holiday_counts_nothing if {
	calendar.elapsed("2025-09-30", "2025-10-08") == 0
	calendar.elapsed("2025-09-30", "2025-10-09") == 1
}

test_national_day_2025_worked_weekend_days if {
	# Sat 27 Sep off, Sun 28 Sep worked.
	calendar.elapsed("2025-09-26", "2025-09-27") == 0
	calendar.elapsed("2025-09-26", "2025-09-28") == 1

	# Sat 11 Oct worked, Sun 12 Oct off.
	calendar.elapsed("2025-10-10", "2025-10-11") == 1
	calendar.elapsed("2025-10-11", "2025-10-12") == 0
	calendar.due("2025-09-26", 1) == "2025-09-28"
	calendar.due("2025-10-09", 2) == "2025-10-11"
}

test_national_day_2025_ten_days if {
	# Received Thu 25 Sep: 26, 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15 Oct.
	calendar.due("2025-09-25", 10) == "2025-10-15"
	calendar.elapsed("2025-09-25", "2025-10-15") == 10
}

# --- Spring Festival 2026: 15-23 Feb off; Sat 14 and Sat 28 Feb worked ---------------

test_spring_festival_2026_due if {
	# Fri 13, Sat 14, Tue 24, Wed 25, Thu 26.
	calendar.due("2026-02-12", 5) == "2026-02-26"
	calendar.due("2026-02-13", 1) == "2026-02-14"
	calendar.due("2026-02-14", 1) == "2026-02-24"
}

test_spring_festival_2026_elapsed if {
	calendar.elapsed("2026-02-14", "2026-02-23") == 0
	calendar.elapsed("2026-02-13", "2026-02-28") == 6
	calendar.elapsed("2026-02-27", "2026-02-28") == 1
	calendar.elapsed("2026-02-28", "2026-03-01") == 0
}

# --- New Year 2025 -> 2026: 1-3 Jan 2026 off, Sun 4 Jan 2026 worked -------------------

test_new_year_2026_due if {
	# Tue 30, Wed 31 Dec, Sun 4, Mon 5, Tue 6 Jan.
	calendar.due("2025-12-29", 5) == "2026-01-06"
	calendar.elapsed("2025-12-29", "2026-01-06") == 5
	calendar.elapsed("2025-12-31", "2026-01-03") == 0
	calendar.elapsed("2025-12-31", "2026-01-04") == 1
}

# --- late_by ----------------------------------------------------------------------------

test_late_by if {
	calendar.late_by("2025-09-30", "2025-10-14", 5) == 0
	calendar.late_by("2025-09-30", "2025-10-15", 5) == 1
	calendar.late_by("2025-09-30", "2025-10-01", 5) == 0
	calendar.late_by("2025-12-29", "2026-01-07", 5) == 1
}

test_on_time_only_by_using_working_saturday if {
	# Received Thu 9 Oct 2025 with 2 working days: Fri 10 and the worked Sat 11 Oct.
	# Delivered on Sat 11 Oct it is on time; on the next working day (Mon 13) it is late.
	calendar.due("2025-10-09", 2) == "2025-10-11"
	calendar.late_by("2025-10-09", "2025-10-11", 2) == 0
	calendar.late_by("2025-10-09", "2025-10-12", 2) == 0
	calendar.late_by("2025-10-09", "2025-10-13", 2) == 1
}

test_elapsed_negative if {
	calendar.elapsed("2025-10-14", "2025-09-30") == -5
	calendar.late_by("2025-10-14", "2025-09-30", 5) == 0
}

test_due_rejects_non_positive_or_fractional_n if {
	not calendar.due("2025-09-30", 0)
	not calendar.due("2025-09-30", -1)
	not calendar.due("2025-09-30", 1.5)
	not calendar.due("2025-09-30", "5")
}

# --- no data: nothing is guessed from weekdays -------------------------------------------

test_year_without_data_2030 if {
	not calendar.covered("2030-03-04")
	calendar.missing("2030-03-04")
	not calendar.due("2030-03-04", 5)
	not calendar.elapsed("2030-03-04", "2030-03-11")
	not calendar.late_by("2030-03-04", "2030-03-11", 5)
	calendar.missing_message("2030-03-04") == "2030 年无工作日历数据，请用 govshare calendar add-year 2027 补充国务院办公厅节假日安排通知（或在仪表盘“主管部门维护”页）/ no working-day calendar for 2030: add the State Council General Office holiday notice with govshare calendar add-year 2027"
}

test_year_without_data_1999 if {
	calendar.missing("1999-06-01")
	not calendar.due("1999-06-01", 1)
	not calendar.elapsed("1999-06-01", "2025-10-14")
	startswith(calendar.missing_message("1999-06-01"), "1999 年无工作日历数据")
}

test_covered_dates_are_not_missing if {
	not calendar.missing("2025-10-01")
	not calendar.missing_message("2025-10-01")
}

test_invalid_dates if {
	calendar.missing("2025-02-30")
	calendar.missing("2025-9-30")
	calendar.missing(20250930)
	calendar.missing_message("2025-02-30") == "日期 2025-02-30 无效，应为 YYYY-MM-DD / invalid date 2025-02-30: expected YYYY-MM-DD"
	startswith(calendar.missing_message("2025-9-30"), "日期 2025-9-30 无效")
}

test_due_runs_past_coverage if {
	calendar.covered("2026-12-30")
	not calendar.due("2026-12-30", 5)
	calendar.due_uncovered("2026-12-30", 5)
	not calendar.due_uncovered("2025-09-30", 5)
	contains(calendar.due_uncovered_message("2026-12-30", 5), "补充 2027 年国务院办公厅节假日安排通知")
}

# --- month_end: "每年 m 月底前" ------------------------------------------------------

test_month_end_february_leap_year if {
	calendar.month_end(2024, 2) == "2024-02-29"
	calendar.month_end(2026, 2) == "2026-02-28"
	calendar.month_end(2025, 12) == "2025-12-31"
	calendar.month_end(2026, 1) == "2026-01-31"
}
