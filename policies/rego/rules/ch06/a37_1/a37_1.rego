# METADATA
# title: 有条件共享、不予共享的政务数据须有上位依据
# description: |
#   第三十七条第（一）项：凡列入有条件共享类和不予共享类的政务数据，应当有法律、行政法规或者党中央、国务院政策依据。
#   解读：至少一项依据的位阶属于法律、行政法规或党中央国务院政策；地方性法规、规章、部门文件不足以支撑。
#   涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不在本规则范围内（lib.scope，列为不适用）。
# related_resources:
#   - ref: docs/statute.md#a36
#   - ref: docs/statute.md#a37
# custom:
#   id: A37.1
#   article: 37
#   item: 1
#   kind: duty
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch06.a37_1

import data.lib.finding
import data.lib.scope

findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	res.share_attribute in {"有条件共享", "不予共享"}
	scope.in_scope(res)
	not _has_basis(res)
	bases := [sprintf("%s《%s》", [b.rank, b.title]) | some b in res.share_bases]
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d", [i]),
		{"share_attribute": res.share_attribute, "bases": bases},
		sprintf("数据资源「%s」列为%s，但未提供法律、行政法规或党中央、国务院政策依据", [res.name, res.share_attribute]),
	)
}

_has_basis(res) if {
	some b in res.share_bases
	b.rank in {"法律", "行政法规", "党中央国务院政策"}
}
