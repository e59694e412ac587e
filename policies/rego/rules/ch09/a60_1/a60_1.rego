# METADATA
# title: 每年{m}月底前提交上一年度政务数据管理情况
# description: |
#   第六十条：各政务部门应当于每年1月底前向县级数据主管部门提交上一年度政务数据管理情况。
#   解读：关于 N 年度的情况在 N 年度的评价中判断（期限 N+1 年 1 月底，截止月份为参数，早于 N 年度评价的快照截止日期）；
#   改用本读法的第一个评价年度同时判断上一年度的情况，每份报告恰好判断一次（lib.annual_report）。
#   逾期提交或截至快照日期已过期限仍未提交均认定；快照日期未到期限的不认定。县级数据主管部门自身的报告义务见 A60.2，不适用本项。
# related_resources:
#   - ref: docs/statute.md#a60
# custom:
#   id: A60.1
#   title_params:
#     m: {chapter: ch09, name: a60_1_report_due_month}
#   article: 60
#   item: null
#   kind: duty
#   severity: minor
#   dimension: catalog
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch09.a60_1

import data.lib.annual_report
import data.lib.finding
import data.lib.params
import data.lib.words

_kind := "部门年度政务数据管理情况"

_month(d) := params.value_at(data.params.ch09.a60_1_report_due_month, d.as_of)

_years(d) := annual_report.years(d.period, d.as_of)

_reports(d, y) := [[i, r] |
	some i, r in d.reports
	r.kind == _kind
	r.covers_year == y
	r.submitted != null
]

_subject_to_duty(d) if d.department.kind != "数据主管部门"

# filed late
findings contains f if {
	some d in input.departments
	_subject_to_duty(d)
	some y in _years(d)
	due := annual_report.due(y, _month(d))
	some [i, r] in _reports(d, y)
	r.submitted > due
	not _on_time(d, y, due)
	f := finding.fail(
		rego.metadata.chain(), d, r.id, sprintf("/reports/%d", [i]),
		{"covers_year": r.covers_year, "due_date": due, "submitted": r.submitted},
		sprintf("%d年度政务数据管理情况于%s提交，晚于%s的期限", [r.covers_year, words.date(r.submitted), words.date(due)]),
	)
}

# not filed, and the deadline has passed by the as-of date
findings contains f if {
	some d in input.departments
	_subject_to_duty(d)
	some y in _years(d)
	due := annual_report.due(y, _month(d))
	d.as_of > due
	count(_reports(d, y)) == 0
	f := finding.fail(
		rego.metadata.chain(), d, sprintf("%s:%d", [d.department.code, y]), "/reports",
		{"covers_year": y, "due_date": due, "submitted": null, "as_of": d.as_of},
		sprintf("截至%s未提交%d年度政务数据管理情况（期限%s）", [words.date(d.as_of), y, words.date(due)]),
	)
}

_on_time(d, y, due) if {
	some [_, r] in _reports(d, y)
	r.submitted <= due
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第六十条报告期限参数在快照日期无有效值") if {
	some d in input.departments
	not params.value_at(data.params.ch09.a60_1_report_due_month, d.as_of)
}
