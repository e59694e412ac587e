# METADATA
# title: 工作日历计算库（工作日期限）
# description: >-
#   《内乡县政务信息资源数据共享管理实施办法》中以“工作日”计算的期限，统一在此计算。
#   工作日依据国务院办公厅每年的节假日安排通知（含调休上班的周末），数据来自
#   data.calendar.days（由 python -m evaluator.facts.workcalendar 根据 chinesecalendar 和
#   policies/calendar/overrides/data.yaml 生成）。日期一律为 "YYYY-MM-DD" 字符串。
#   期限自起算日的次日开始计算：第 n 个工作日即为期满日。
#   工作日历未覆盖的日期，各函数均无定义（undefined），绝不按星期几推算；
#   调用方须先检查 missing(d)，并用 missing_message(d) 报告缺失的年份。
package lib.calendar

_days := data.calendar.days.days

_workday_by_n := data.calendar.days.workday_by_n

# The command that fixes a missing year (years stay contiguous: the first missing one comes first).
_fix_command(year) := sprintf("govshare calendar add-year %d", [_first_missing(year)])

_first_missing(year) := to_number(substring(data.calendar.days.last, 0, 4)) + 1 if {
	year > to_number(substring(data.calendar.days.last, 0, 4))
} else := year

# covered(d): 日期 d 在工作日历范围内。
covered(d) if is_number(_days[d])

# covers_all(dates): 数组 dates 的每个元素都是工作日历内的日期且互不相同（一次 object.filter 查出全部；#20）。
# lib.deadline.missing_date 的常见情形由此一步判定；含 null、重复或日历外日期时为假，仍逐个判断。
covers_all(dates) if count(object.filter(_days, dates)) == count(dates)

# missing(d): 日期 d 不在工作日历范围内（年份无数据，或日期格式无效）。
missing(d) if not covered(d)

# elapsed(from, to): (from, to] 区间内的工作日数（不含 from，含 to）；to 早于 from 时为负数。
elapsed(from, to) := _days[to] - _days[from]

# due(from, n): 自 from 次日起算第 n 个工作日（期满日），n 为正整数。
due(from, n) := _workday_by_n[format_int(_days[from] + n, 10)] if _positive_int(n)

# late_by(from, to, n): 在 to 完成、期限为 n 个工作日时逾期的工作日数；未逾期为 0。
late_by(from, to, n) := max({0, elapsed(from, to) - n}) if is_number(n)

# due_uncovered(from, n): from 已覆盖，但期满日超出工作日历范围（需补充下一年度数据）。
due_uncovered(from, n) if {
	covered(from)
	_positive_int(n)
	not due(from, n)
}

# missing_message(d): 日期 d 缺少工作日历数据时的提示（中文在前，英文在后）。
missing_message(d) := msg if {
	missing(d)
	_valid_date(d)
	year := substring(d, 0, 4)
	fix := _fix_command(to_number(year))
	msg := sprintf(
		"%s 年无工作日历数据，请用 %s 补充国务院办公厅节假日安排通知（或在仪表盘“主管部门维护”页）/ no working-day calendar for %s: add the State Council General Office holiday notice with %s",
		[year, fix, year, fix],
	)
}

missing_message(d) := msg if {
	missing(d)
	not _valid_date(d)
	msg := sprintf("日期 %v 无效，应为 YYYY-MM-DD / invalid date %v: expected YYYY-MM-DD", [d, d])
}

# due_uncovered_message(from, n): 期满日超出工作日历范围时的提示。
due_uncovered_message(from, n) := msg if {
	due_uncovered(from, n)
	next_year := to_number(substring(data.calendar.days.last, 0, 4)) + 1
	msg := sprintf(
		"自 %s 起 %v 个工作日的期限超出工作日历范围（止于 %s），请用 govshare calendar add-year %d 补充 %d 年国务院办公厅节假日安排通知（或在仪表盘“主管部门维护”页）/ the %v-working-day period from %s runs past the working-day calendar (last day %s): add the %d holiday notice with govshare calendar add-year %d",
		[from, n, data.calendar.days.last, next_year, next_year, n, from, data.calendar.days.last, next_year, next_year],
	)
}

_positive_int(n) if {
	is_number(n)
	n >= 1
	floor(n) == n
}

# A real calendar date written YYYY-MM-DD (time.parse_ns rejects e.g. 2025-02-30).
_valid_date(d) if {
	is_string(d)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, d)
	time.parse_ns("2006-01-02", d)
}

# month_end(y, m): 公历 y 年 m 月的最后一天（"每年 m 月底前" 类期限的期满日，按自然日，不涉及工作日）。
month_end(y, m) := substring(time.format([ns - (((24 * 60) * 60) * 1000000000), "UTC", "2006-01-02"]), 0, 10) if {
	ny := y + floor(m / 12)
	nm := (m % 12) + 1
	ns := time.parse_rfc3339_ns(sprintf("%04d-%02d-01T00:00:00Z", [ny, nm]))
}
