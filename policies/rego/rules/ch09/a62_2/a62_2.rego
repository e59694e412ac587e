# METADATA
# title: 不得拒绝、推诿或者妨碍将政务数据汇聚到市共享平台
# description: |
#   第六十二条第（二）项：拒绝、推诿或者妨碍将本部门政务数据资源池的政务数据汇聚到市共享平台。
#   第十三条第一款：数据生产部门应向市共享平台实时、全量汇聚本单位业务数据，法律、法规和党中央、国务院政策明确规定不能汇聚数据的，数据生产部门需向数据主管部门提供证据材料。
#   解读：本项是禁止性行为，须有"拒绝、推诿或者妨碍"的行为事实：数据主管部门要求汇聚，部门的答复
#   （aggregation.authority_request.answer，附要求与答复日期）为拒绝汇聚、推诿或妨碍汇聚，
#   且未提供第十三条所要求的证据材料（位阶为法律、法规或党中央国务院政策的依据）的，认定违反本项；
#   有上述证据的拒绝，属第十三条允许的不汇聚，不认定。
#   未汇聚而没有拒绝、推诿、妨碍的事实（未经要求、或未答复）的，不推定为推诿，只由 A13.1 评价。
#   本项与第十三条第一款以服务接口提供的义务相互独立：拒绝汇聚的资源未以服务接口提供的，A13.1 另行认定（lib.aggregation）。
#   第十三条所称"法规"按立法法的通常含义包括行政法规和地方性法规，与 A13.1 同一解读（lib.basis）。
#   涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不在本规则范围内（lib.scope，列为不适用）；汇聚情况未填报的，报缺少事实。
# related_resources:
#   - ref: docs/statute.md#a13
#   - ref: docs/statute.md#a29
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.2
#   article: 62
#   item: 2
#   kind: prohibition
#   act_zh: 拒绝、推诿或者妨碍将政务数据汇聚到市共享平台
#   acts_zh:
#     - kind: 拒绝汇聚
#       act_zh: 拒绝将政务数据汇聚到市共享平台
#     - kind: 推诿
#       act_zh: 推诿将政务数据汇聚到市共享平台
#     - kind: 妨碍汇聚
#       act_zh: 妨碍将政务数据汇聚到市共享平台
#   severity: major
#   dimension: aggregation
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch09.a62_2

import data.lib.aggregation
import data.lib.basis
import data.lib.finding
import data.lib.scope
import data.lib.words

findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	scope.in_scope(res)
	aggregation.refused(res)
	not basis.art13_evidence(res)
	bases := [sprintf("%s《%s》", [b.rank, b.title]) | some b in res.aggregation.no_aggregation_bases]
	req := aggregation.request(res)
	chain := rego.metadata.chain()

	# the act found: the answer says which of refusing, shirking or obstructing it is (custom.acts_zh)
	f := finding.act(
		finding.named(
			finding.fail(
				chain, d, res.id, sprintf("/catalog/%d/aggregation/authority_request", [i]),
				{
					"resource_code": res.code, "status": res.aggregation.status, "answer": req.answer,
					"requested": req.requested, "answered": req.answered, "bases": bases,
				},
				sprintf("%s经数据主管部门要求汇聚，答复为%s，且未提供法律、法规或党中央、国务院政策明确规定不能汇聚的证据材料", [words.resource(d, res.code), req.answer]),
			),
			words.named_resources(d, [res.code]),
		),
		finding.acts(chain), req.answer,
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/catalog/%d/aggregation", [i]), sprintf("数据资源「%s」的汇聚情况", [res.name])) if {
	some d in input.departments
	some i, res in d.catalog
	res.aggregation == null # before the scope check: most entries report it (#20)
	scope.in_scope(res)
}
