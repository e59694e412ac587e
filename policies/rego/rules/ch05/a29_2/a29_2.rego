# METADATA
# title: 因特殊原因无法实时汇聚的，报数据主管部门备案
# description: |
#   第二十九条（节选）：对因特殊原因无法实时汇聚的，应确保汇聚期限满足数据共享应用的需要，并报数据主管部门备案。
#   解读：已汇聚但汇聚方式为"非实时"的目录资源，未报数据主管部门备案即认定。
#   已汇聚而未填报汇聚方式的，报告缺少事实。"汇聚期限满足数据共享应用的需要"须个案判断，本规则不作认定。
#   涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不在本规则范围内（lib.scope，列为不适用）。
# related_resources:
#   - ref: docs/statute.md#a13
#   - ref: docs/statute.md#a29
# custom:
#   id: A29.2
#   article: 29
#   item: null
#   kind: duty
#   severity: minor
#   dimension: aggregation
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch05.a29_2

import data.lib.finding
import data.lib.scope

findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	res.aggregation.status == "已汇聚"
	res.aggregation.mode == "非实时"
	not res.aggregation.filed_with_authority # before the scope check: most are filed (#20)
	scope.in_scope(res)
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d/aggregation", [i]),
		{"mode": "非实时", "filed_with_authority": false},
		sprintf("数据资源「%s」非实时汇聚，未报数据主管部门备案", [res.name]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/catalog/%d/aggregation/mode", [i]), sprintf("数据资源「%s」的汇聚方式（实时/非实时）", [res.name])) if {
	some d in input.departments
	some i, res in d.catalog
	res.aggregation.status == "已汇聚"
	object.get(res.aggregation, "mode", null) == null
	scope.in_scope(res)
}
