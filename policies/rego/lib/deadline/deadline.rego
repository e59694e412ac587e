# METADATA
# title: 期限判断库 / deadline checks
# description: |
#   各期限规则共用的判断：何时停表、是否逾期、逾期多少个工作日、日历缺数据时报错。
#   工作日的计算一律调用 data.lib.calendar（本库不做任何日期运算），日期为 "YYYY-MM-DD" 字符串。
#   已办结的事项以办结日停表；截至快照日期仍未办结的事项以快照日期停表，只有期满日已过才认定逾期
#   （快照日期当天仍在期限内）。期满日为非工作日之后的某日即属逾期，逾期工作日数可为 0（如期满后的周末办结）。
#   期满日超出工作日历范围而停表日在范围内的，停表日必然早于期满日，不认定逾期也不报错。
package lib.deadline

import data.lib.calendar
import data.lib.finding
import data.lib.words

# stop(done, as_of): 停表日：已办结为办结日，未办结为快照日期。
stop(done, _) := done if done != null

stop(null, as_of) := as_of

# overdue(due, stop_date): 期满日 due 已过；逾期的工作日数。due 与停表日都须在工作日历内。
overdue(due, stop_date) := {"due_date": due, "working_days_late": calendar.elapsed(due, stop_date)} if {
	calendar.covered(due)
	calendar.covered(stop_date)
	stop_date > due
}

# late(from, n, done, as_of): 自 from 次日起 n 个工作日内应办结的事项逾期时的证据值。
late(from, n, done, as_of) := {
	"event_date": from,
	"limit_working_days": n,
	"due_date": o.due_date,
	"actual_date": s,
	"open": done == null,
	"working_days_late": o.working_days_late,
} if {
	s := stop(done, as_of)
	due := calendar.due(from, n)
	s > due # the common case, an item done in time, stops here (overdue repeats this test)
	o := overdue(due, s)
}

# missing_date(dates): 其中第一个不在工作日历内的日期（null 跳过）。
missing_date(dates) := [x | some x in dates; x != null; not calendar.covered(x)][0] if not calendar.covers_all(dates)

# calendar_error(chain, dept, source, pointer, date): 工作日历缺数据的错误项（绝不按星期几推算）。
calendar_error(chain, dept, source, pointer, date) := {
	"rule_id": finding.rule_id(chain),
	"dept": dept,
	"source": source,
	"pointer": pointer,
	"message_zh": calendar.missing_message(date),
}

# outcome(v): 说明办结情况的中文短语。
outcome(v) := sprintf("截至%s仍未办结，已逾期%d个工作日", [words.date(v.actual_date), v.working_days_late]) if v.open

outcome(v) := sprintf("实际于%s办结，逾期%d个工作日", [words.date(v.actual_date), v.working_days_late]) if not v.open
