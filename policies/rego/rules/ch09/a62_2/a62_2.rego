# METADATA
# title: 不得拒绝、推诿或者妨碍将政务数据汇聚到市共享平台
# description: |
#   第六十二条第（二）项：拒绝、推诿或者妨碍将本部门政务数据资源池的政务数据汇聚到市共享平台。
#   第十三条第一款：数据生产部门应向市共享平台实时、全量汇聚本单位业务数据，法律、法规和党中央、国务院政策明确规定不能汇聚数据的，数据生产部门需向数据主管部门提供证据材料。
#   解读：本项是禁止性行为，须有"拒绝、推诿或者妨碍"的行为事实：目录资源的汇聚状态记为"拒绝汇聚"，
#   且未提供第十三条所要求的证据材料（位阶为法律、法规或党中央国务院政策的依据）的，认定违反本项；
#   有上述证据的拒绝，属第十三条允许的不汇聚，不认定。
#   仅记为"未汇聚"而无证据的，是第十三条积极义务未履行，由 A13.1 认定一次，本项不重复认定：
#   同一事实不在两条规则下计两次；快照中没有"经要求仍不汇聚"的事实，不能推定为推诿。
#   第十三条所称"法规"按立法法的通常含义包括行政法规和地方性法规，与 A13.1 同一解读（lib.basis）。
#   涉及国家秘密的资源依第二条第二款不在本规则范围内；汇聚情况未填报的，报缺少事实。
# related_resources:
#   - ref: docs/statute.md#a13
#   - ref: docs/statute.md#a29
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.2
#   article: 62
#   item: 2
#   severity: major
#   dimension: aggregation
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch09.a62_2

import data.lib.basis
import data.lib.finding
import data.lib.scope

findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	scope.in_scope(res)
	res.aggregation.status == "拒绝汇聚"
	not basis.art13_evidence(res)
	bases := [sprintf("%s《%s》", [b.rank, b.title]) | some b in res.aggregation.no_aggregation_bases]
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d/aggregation", [i]),
		{"resource_code": res.code, "status": "拒绝汇聚", "bases": bases},
		sprintf("资源「%s」（%s）拒绝汇聚到市共享平台，且未提供法律、法规或党中央、国务院政策明确规定不能汇聚的证据材料", [res.name, res.code]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/catalog/%d/aggregation", [i]), sprintf("资源「%s」的汇聚情况", [res.name])) if {
	some d in input.departments
	some i, res in d.catalog
	scope.in_scope(res)
	res.aggregation == null
}
