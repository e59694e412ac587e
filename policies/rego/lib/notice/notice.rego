# METADATA
# title: 整改时限（第六十七条）/ the time limit of a rectification notice
# description: |
#   第六十七条：由数据主管部门通知整改，未在规定的时限内完成整改的，数据主管部门应当及时将有关情况上报县级政府，
#   纳入督查督办并责令其改正。
#   解读：时限是数据主管部门的设置（data.notices.time_limit_working_days，按日期取值），
#   自下发之日次日起按法定工作日历计算（data.lib.calendar.due）；日历未覆盖时不推算，报错。
# related_resources:
#   - ref: docs/statute.md#a67
package lib.notice

import data.lib.calendar
import data.lib.params

# time_limit(issued_on): the number of working days in force on the day of issue.
time_limit(issued_on) := params.value_at(data.notices.time_limit_working_days, issued_on)

# deadline(issued_on): {"working_days": n, "due_on": date}; undefined when the calendar does not cover it.
deadline(issued_on) := {"working_days": n, "due_on": calendar.due(issued_on, n)} if {
	n := time_limit(issued_on)
}

# deadline_error(issued_on): why no deadline could be computed (Chinese first).
deadline_error(issued_on) := calendar.missing_message(issued_on) if calendar.missing(issued_on)

deadline_error(issued_on) := calendar.due_uncovered_message(issued_on, time_limit(issued_on)) if {
	calendar.due_uncovered(issued_on, time_limit(issued_on))
}

deadline_error(issued_on) := sprintf("%s 早于整改时限参数的最早生效日 / no time limit in force on %s", [issued_on, issued_on]) if {
	calendar.covered(issued_on)
	not time_limit(issued_on)
}
