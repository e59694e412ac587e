# METADATA
# title: 县级数据主管部门每年{m}月底前向市政府提交上一年度政务数据管理情况年度报告
# description: |
#   第六十条：各政务部门应当于每年1月底前向县级数据主管部门提交上一年度政务数据管理情况。县级数据主管部门应当于每年2月底前向市政府提交上一年度本县政务数据管理情况年度报告。
#   解读：本规则适用第二句，证据在全县平台快照的报告记录（platform.reports，类型"县级政务数据管理情况年度报告"），
#   发现项记在数据主管部门名下。关于 N 年度的报告在 N 年度的评价中判断（期限 N+1 年 2 月底，截止月份为参数，按自然日历的月末，
#   不涉及工作日）；改用本读法的第一个评价年度同时判断上一年度的报告，每份报告恰好判断一次（lib.annual_report）。
#   逾期提交或截至平台快照日期已过期限仍未提交均认定；快照日期未到期限的不认定。
#   各部门向数据主管部门的报送见 A60.1。
# related_resources:
#   - ref: docs/statute.md#a60
# custom:
#   id: A60.2
#   title_params:
#     m: {chapter: ch09, name: a60_2_report_due_month}
#   article: 60
#   item: null
#   kind: duty
#   severity: minor
#   dimension: catalog
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch09.a60_2

import data.lib.annual_report
import data.lib.county
import data.lib.finding
import data.lib.params
import data.lib.words

_kind := "县级政务数据管理情况年度报告"

_p := county.platform_to_check

_month := params.value_at(data.params.ch09.a60_2_report_due_month, _p.as_of)

_years := annual_report.years(_p.period, _p.as_of)

_reports(y) := [[i, r] |
	some i, r in _p.reports
	r.kind == _kind
	r.covers_year == y
	r.submitted != null
]

_on_time(y, due) if {
	some [_, r] in _reports(y)
	r.submitted <= due
}

# filed late
findings contains f if {
	some y in _years
	due := annual_report.due(y, _month)
	some [i, r] in _reports(y)
	r.submitted > due
	not _on_time(y, due)
	f := finding.fail_platform(
		rego.metadata.chain(), _p.authority, r.id, sprintf("/reports/%d", [i]),
		{"covers_year": r.covers_year, "due_date": due, "submitted": r.submitted},
		sprintf("%d年度本县政务数据管理情况年度报告于%s向市政府提交，晚于%s的期限", [r.covers_year, words.date(r.submitted), words.date(due)]),
	)
}

# not filed, and the deadline has passed by the as-of date
findings contains f if {
	some y in _years
	due := annual_report.due(y, _month)
	_p.as_of > due
	count(_reports(y)) == 0
	f := finding.fail_platform(
		rego.metadata.chain(), _p.authority, sprintf("%s:%d", [_p.authority, y]), "/reports",
		{"covers_year": y, "due_date": due, "submitted": null, "as_of": _p.as_of},
		sprintf("截至%s未向市政府提交%d年度本县政务数据管理情况年度报告（期限%s）", [words.date(_p.as_of), y, words.date(due)]),
	)
}

errors contains finding.missing(rego.metadata.chain(), _p.authority, "platform", "/as_of", "第六十条年度报告期限参数在快照日期无有效值") if {
	_p.as_of
	not params.value_at(data.params.ch09.a60_2_report_due_month, _p.as_of)
}
