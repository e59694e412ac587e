# METADATA
# title: 未汇聚的数据须有不能汇聚的证据材料，并以服务接口方式提供
# description: |
#   第十三条第一款：数据生产部门应向市共享平台实时、全量汇聚本单位业务数据，法律、法规和党中央、国务院政策明确规定不能汇聚数据的，数据生产部门需向数据主管部门提供证据材料。未汇聚的数据应当由数据生产部门按照数据主管部门或者数据应用部门要求，结合应用场景以服务接口的方式向市共享平台提供共享服务接口。
#   解读：汇聚状态为"未汇聚"的目录资源——不论原因，拒绝汇聚也在内——须已以服务接口方式提供（否则一条发现项）；
#   以服务接口提供的义务与第六十二条第（二）项“不得拒绝、推诿或者妨碍汇聚”相互独立，同一资源可以两条都违反（lib.aggregation）。
#   未汇聚且部门未拒绝、推诿或妨碍的，还须有位阶属法律、法规（行政法规、地方性法规）或党中央国务院政策的不能汇聚证据
#   （否则另一条发现项）；部门拒绝、推诿或妨碍的，缺少证据的拒绝由 A62.2 认定，本规则不就同一事实再认定一次。
#   在范围内的资源未填报汇聚情况的，报告缺少事实。涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不在本规则范围内（lib.scope，列为不适用）。
# related_resources:
#   - ref: docs/statute.md#a13
#   - ref: docs/statute.md#a29
# custom:
#   id: A13.1
#   article: 13
#   item: null
#   kind: duty
#   severity: major
#   dimension: aggregation
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch02.a13_1

import data.lib.aggregation
import data.lib.basis
import data.lib.finding
import data.lib.scope

# not aggregated, not refused, and no evidence that law or central policy bars aggregation
findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	scope.in_scope(res)
	aggregation.not_aggregated(res)
	not aggregation.refused(res)
	not basis.art13_evidence(res)
	bases := [sprintf("%s《%s》", [b.rank, b.title]) | some b in res.aggregation.no_aggregation_bases]
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d/aggregation", [i]),
		{"status": "未汇聚", "bases": bases},
		sprintf("数据资源「%s」未汇聚至市共享平台，且未提供法律、法规或党中央、国务院政策明确规定不能汇聚的证据材料", [res.name]),
	)
}

# not aggregated, for any reason (a refusal included), and not offered as a service interface
findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	aggregation.not_aggregated(res) # before the scope check: most entries are aggregated (#20)
	scope.in_scope(res)
	not res.aggregation.interface_offered
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d/aggregation/interface_offered", [i]),
		{"status": "未汇聚", "interface_offered": false, "answer": aggregation.request(res).answer},
		sprintf("数据资源「%s」未汇聚，亦未以服务接口方式向市共享平台提供共享服务", [res.name]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/catalog/%d/aggregation", [i]), sprintf("数据资源「%s」的汇聚情况", [res.name])) if {
	some d in input.departments
	some i, res in d.catalog
	object.get(res, "aggregation", null) == null
	scope.in_scope(res)
}
