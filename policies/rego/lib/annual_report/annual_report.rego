# METADATA
# title: 年度报告归属哪一年度的评价（第六十条）/ which assessment a yearly report belongs to
# description: |
#   第六十条：各政务部门应当于每年1月底前向县级数据主管部门提交上一年度政务数据管理情况。县级数据主管部门于每年2月底前
#   向县政府提交上一年度本县政务数据管理情况年度报告。
#   解读（A60.1、A60.2 共用）：关于 N 年度的报告，在 N 年度的评价中判断（期限在 N+1 年 1 月底、2 月底，早于 N 年度评价的
#   快照截止日期），与其他期限规则一样，判断截至快照日期的行为。改用本读法的第一个评价年度
#   （data.params.ch09.a60_same_year_from_period）同时判断上一年度的报告：旧读法下它本应在这一年度评价，
#   因此每份报告恰好判断一次，不重复、不遗漏（见 docs/decisions/0015-a60-report-year.md）。
# related_resources:
#   - ref: docs/statute.md#a60
#   - ref: docs/decisions/0015-a60-report-year.md
package lib.annual_report

import data.lib.calendar
import data.lib.params

_first(date) := params.value_at(data.params.ch09.a60_same_year_from_period, date)

# years(period, date): the years whose reports the assessment of `period` judges (date selects the parameter)
years(period, date) := {period - 1, period} if period == _first(date)

years(period, date) := {period} if period > _first(date)

years(period, date) := {period - 1} if period < _first(date)

# due(year, month): the report on `year` is due at the end of `month` of the following year
due(year, month) := calendar.month_end(year + 1, month)
