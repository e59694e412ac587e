# METADATA
# title: 数据质量达到数据主管部门规定的准确性、时效性、完整性要求
# description: |
#   第二十七条第一款：数据生产部门应当在其职责范围内负责保障政务数据质量和数据更新维护，开展数据比对、核查、纠错，确保数据的准确性、时效性、完整性和可用性。
#   第三十一条：县级数据主管部门应当对政务数据的质量进行监督管理。各政务部门承担本部门政务数据的质量责任。
#   解读：条文未给数值。准确性、时效性、完整性的最低值是数据主管部门依第三十一条设定的考核阈值
#   （参数 a27_accuracy_min、a27_timeliness_min、a27_completeness_min），不是条文数字；
#   本部门质量指标任一项低于阈值即认定（一个部门一条发现项，列出不达标的指标）。
#   可用性暂无阈值，不作认定。质量指标未填报或阈值参数在快照日期无有效值的，报告缺少事实。
# related_resources:
#   - ref: docs/statute.md#a27
#   - ref: docs/statute.md#a31
# custom:
#   id: A27
#   article: 27
#   item: null
#   severity: minor
#   dimension: aggregation
#   rectification_ground: 4
#   bears_on_funding: false
package rules.ch04.a27

import data.lib.finding
import data.lib.params

_metrics := [["accuracy", "准确性"], ["timeliness", "时效性"], ["completeness", "完整性"]]

_min(d, key) := params.value_at(data.params.ch04[sprintf("a27_%s_min", [key])], d.as_of)

findings contains f if {
	some d in input.departments
	q := d.quality
	q != null
	below := {key: {"value": q[key], "minimum": m} |
		some [key, _] in _metrics
		m := _min(d, key)
		q[key] < m
	}
	count(below) > 0
	names := [sprintf("%s %v（最低 %v）", [name, q[key], below[key].minimum]) | some [key, name] in _metrics; below[key]]
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/quality", {"below": below},
		sprintf("数据质量未达到数据主管部门规定的阈值：%s", [concat("；", names)]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/quality", "数据质量指标（准确性、时效性、完整性）") if {
	some d in input.departments
	object.get(d, "quality", null) == null
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", sprintf("第二十七条%s阈值参数在快照日期无有效值", [name])) if {
	some d in input.departments
	some [key, name] in _metrics
	not _min(d, key)
}
