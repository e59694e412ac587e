# METADATA
# title: 按照数据更新周期定期挂载更新政务数据
# description: |
#   第七十二条：各数据提供单位要严格按照数据更新周期进行定期挂载更新政务数据，确保更新周期内数据的及时性。
#   解读：以目录中申报的更新周期（第十七条目录要素：实时、每日、每周、每月、每季度、每半年、每年）为准，
#   最近一次挂载更新日（last_refreshed）加上该周期的最长间隔即下一次更新的最迟日期，快照日期晚于该日期即认定
#   未按周期更新。更新周期是数据的时效要求而非办事时限，按自然日历计算（每月、每季度等按公历月），不按工作日；
#   各周期的间隔及"实时"的容差为参数。未申报更新周期的资源无从按本条核查（目录要素缺失由 A17 认定）；
#   汇聚状态为"未汇聚""拒绝汇聚"的资源没有挂载数据，由第十三条、第六十二条第（二）项的规则认定，不在本规则内。
#   应定期更新的资源未填最近一次挂载更新日期的，按缺少事实报告错误，而不认定为"从未更新"：快照中 null 表示
#   部门未报送该事实，是否从未挂载须由平台记录核实。挂载更新数据不属于第六十二条第（八）项所列"更新政务数据目录"，
#   不标注 A62.8。涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不适用（lib.scope）。
# related_resources:
#   - ref: docs/statute.md#a72
#   - ref: docs/statute.md#a17
# custom:
#   id: A72
#   article: 72
#   item: null
#   kind: duty
#   severity: minor
#   dimension: aggregation
#   rectification_ground: 1
#   bears_on_funding: true
package rules.ch12.a72

import data.lib.finding
import data.lib.params
import data.lib.scope
import data.lib.words

_day_ns := ((24 * 60) * 60) * 1000000000

_cycles(d) := params.value_at(data.params.ch12.a72_update_cycles, d.as_of)

# next_due(last, interval): the last day a refresh after `last` is still within the cycle.
next_due(last, interval) := time.format([
	time.add_date(time.parse_ns("2006-01-02", last), 0, interval.months, interval.days),
	"UTC", "2006-01-02",
])

# _fresh_from(as_of, interval): the last refresh on or after which an entry cannot be overdue at as_of. Go's date
# arithmetic adds the months, then the days, and m months are at least 28·m days, so a refresh on or after
# as_of − (28·m + days) days is due on or after as_of: the entry needs no next_due (three time built-ins an entry,
# most entries being fresh; #20). Defined only for an interval of no negative part (else every entry goes the
# long way).
_fresh_from(as_of, interval) := time.format([
	time.add_date(time.parse_ns("2006-01-02", as_of), 0, 0, 0 - ((28 * interval.months) + interval.days)),
	"UTC", "2006-01-02",
]) if {
	interval.months >= 0
	interval.days >= 0
}

_subject(res) if {
	scope.in_scope(res)
	res.update_cycle != null
	not res.aggregation.status in {"未汇聚", "拒绝汇聚"}
}

findings contains f if {
	some d in input.departments
	cycles := _cycles(d) # once a department, not once an entry
	fresh := {c: x | some c, interval in cycles; x := _fresh_from(d.as_of, interval)}
	some i, res in d.catalog
	res.last_refreshed != null
	not res.last_refreshed >= fresh[res.update_cycle] # refreshed since: not overdue, no date arithmetic
	_subject(res)
	due := next_due(res.last_refreshed, cycles[res.update_cycle])
	d.as_of > due
	late := (time.parse_ns("2006-01-02", d.as_of) - time.parse_ns("2006-01-02", due)) / _day_ns
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d", [i]),
		{
			"update_cycle": res.update_cycle, "event_date": res.last_refreshed, "due_date": due,
			"actual_date": d.as_of, "open": true, "calendar_days_late": late, "extension_applied": false,
		},
		sprintf(
			"数据资源「%s」更新周期为%s，最近一次挂载更新于%s，最迟应于%s再次更新，截至%s未更新，已超出%d个自然日",
			[res.name, res.update_cycle, words.date(res.last_refreshed), words.date(due), words.date(d.as_of), late],
		),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/catalog/%d/last_refreshed", [i]), sprintf("数据资源「%s」最近一次挂载更新日期", [res.name])) if {
	some d in input.departments
	some i, res in d.catalog
	res.last_refreshed == null # first: most entries carry the date, and _subject costs a scope check (#20)
	_subject(res)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第七十二条更新周期参数在快照日期无有效值") if {
	some d in input.departments
	not _cycles(d) # first: once a department, not once an entry
	some res in d.catalog
	_subject(res)
}
