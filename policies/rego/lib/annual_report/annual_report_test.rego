package lib.annual_report_test

import data.lib.annual_report

_p := {"ch09": {"a60_same_year_from_period": {"values": {"2022-01-01": {"value": 2025}}}}}

# each year's report is judged in exactly one period across the change of reading: never twice, never missed
test_each_report_judged_exactly_once_across_the_change if {
	judged := [y | some period in numbers.range(2022, 2028); some y in annual_report.years(period, "2026-02-27")] with data.params as _p
	sort(judged) == [2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028]
}

test_due_is_end_of_month_of_the_following_year if {
	annual_report.due(2025, 2) == "2026-02-28"
}
