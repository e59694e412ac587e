# METADATA
# title: 县级政务数据目录清单和责任清单变化后{n}个工作日内向市级报备
# description: |
#   第二十三条：县级政务数据目录清单和责任清单发生变化的，应当在5个工作日内向市级数据主管部门报备。
#   解读：报备义务由县级数据主管部门承担（其统一管理县级目录清单和责任清单，第二十二条），证据在全县平台快照的
#   向市级报备记录（city_filings），发现项记在数据主管部门名下。期限自清单变化之日的次日起算，按法定工作日
#   （含调休上班日）计算，时限为参数；截至平台快照日期仍未报备的，期满日已过即认定逾期。
#   报备不属于第六十二条第（八）项所列"更新目录、校核数据、开放数据"，不标注 A62.8。
# related_resources:
#   - ref: docs/statute.md#a23
# custom:
#   id: A23
#   title_params:
#     n: {chapter: ch03, name: a23_filing_working_days}
#   article: 23
#   item: null
#   kind: duty
#   severity: minor
#   dimension: catalog
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch03.a23

import data.lib.county
import data.lib.deadline
import data.lib.finding
import data.lib.params
import data.lib.words

_n := params.value_at(data.params.ch03.a23_filing_working_days, county.platform_to_check.as_of)

findings contains f if {
	some i, r in county.platform_to_check.city_filings
	v := deadline.late(r.change_date, _n, r.filed, county.platform_to_check.as_of)
	f := finding.fail_platform(
		rego.metadata.chain(), county.platform_to_check.authority, r.id, sprintf("/city_filings/%d", [i]),
		object.union(v, {"extension_applied": false}),
		sprintf(
			"县级目录清单或责任清单于%s发生变化，%d个工作日内应向市级数据主管部门报备（期满日%s），%s",
			[words.date(r.change_date), v.limit_working_days, words.date(v.due_date), deadline.outcome(v)],
		),
	)
}

errors contains e if {
	some i, r in county.platform_to_check.city_filings
	x := deadline.missing_date([r.change_date, deadline.stop(r.filed, county.platform_to_check.as_of)])
	e := deadline.calendar_error(rego.metadata.chain(), county.platform_to_check.authority, "platform", sprintf("/city_filings/%d", [i]), x)
}

errors contains finding.missing(rego.metadata.chain(), county.platform_to_check.authority, "platform", "/as_of", "第二十三条报备期限参数在快照日期无有效值") if {
	count(county.platform_to_check.city_filings) > 0
	not _n
}
