# METADATA
# title: 数据质量达到数据主管部门规定的准确性、时效性、完整性要求
# description: |
#   第二十七条第一款：数据生产部门应当在其职责范围内负责保障政务数据质量和数据更新维护，开展数据比对、核查、纠错，确保数据的准确性、时效性、完整性和可用性。
#   第三十一条：县级数据主管部门应当对政务数据的质量进行监督管理。各政务部门承担本部门政务数据的质量责任。
#   解读：条文未给数值。质量要求是数据主管部门的设定（data.authority.quality_thresholds，按数据类别、按生效日期取值，
#   由主管部门用 govshare authority set settings 或仪表盘维护），不是条文的参数。质量按资源或按数据类别报告
#   （quality_reports），每份报告按其类别的阈值评价；类别不在主管部门设定之列的，按 other 类评价并在取值中载明。
#   一份报告任一项低于阈值即认定一次（指向该报告，列出不达标的指标与所用类别）。可用性暂无阈值，不作认定。
#   没有任何质量报告，或所用类别的阈值在快照日期无有效值的，报告缺少事实。
# related_resources:
#   - ref: docs/statute.md#a27
#   - ref: docs/statute.md#a31
#   - ref: docs/authority.md
# custom:
#   id: A27
#   article: 27
#   item: null
#   kind: duty
#   severity: minor
#   dimension: aggregation
#   rectification_ground: 4
#   bears_on_funding: false
package rules.ch04.a27

import data.lib.finding
import data.lib.params
import data.lib.words

_metrics := [["accuracy", "准确性"], ["timeliness", "时效性"], ["completeness", "完整性"]]

# the authority's category a report is judged under: its own when the authority sets it, else "other"
_category(r) := r.category if data.authority.quality_thresholds[r.category]

else := "other"

_min(d, r, key) := params.value_at(data.authority.quality_thresholds[_category(r)][sprintf("%s_min", [key])], d.as_of)

_reports(d) := object.get(d, "quality_reports", [])

findings contains f if {
	some d in input.departments
	some i, r in _reports(d)
	below := {key: {"value": r[key], "minimum": m} |
		some [key, _] in _metrics
		m := _min(d, r, key)
		r[key] < m
	}
	count(below) > 0
	names := [sprintf("%s%v（最低%v）", [name, r[key], below[key].minimum]) | some [key, name] in _metrics; below[key]]
	cat := _category(r)
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, r.id, sprintf("/quality_reports/%d", [i]),
			object.union({"category": r.category, "category_applied": cat, "below": below}, _resource(r)),
			sprintf("%s数据质量（%s）未达到数据主管部门规定的要求：%s", [_resource_zh(d, r), _category_zh(cat), concat("；", names)]),
		),
		words.named_resources(d, [object.get(r, "resource_code", null)]),
	)
}

_category_zh(cat) := n if n := data.authority.categories[cat].name_zh

else := cat

# the evidence names a resource only when the report is of one: a report by data category has none, and its
# evidence says nothing of a resource (the notice's attachment then has no 数据资源 cell, not 「数据资源：无」)
_resource(r) := {"resource_code": r.resource_code} if object.get(r, "resource_code", null) != null

else := {}

_resource_zh(d, r) := sprintf("%s的", [words.resource(d, r.resource_code)]) if object.get(r, "resource_code", null) != null

else := ""

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/quality_reports", "数据质量报告（按资源或数据类别的准确性、时效性、完整性）") if {
	some d in input.departments
	count(_reports(d)) == 0
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/quality_reports/%d", [i]), sprintf("数据主管部门对“%s”类数据的%s要求在快照日期无有效值", [_category(r), name])) if {
	some d in input.departments
	some i, r in _reports(d)
	some [key, name] in _metrics
	not _min(d, r, key)
}
