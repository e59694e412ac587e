# METADATA
# title: 有条件开放、不予开放的政务数据须有法律法规或者国家有关文件依据
# description: |
#   第四十四条第一款：政务数据有条件开放或者不予开放的，应当有法律法规或者国家有关文件作为依据。
#   解读："法律法规"按《立法法》的用语，指法律、行政法规和地方性法规（"法规"包括行政法规与地方性法规，
#   不包括规章）；"国家有关文件"指国家层面的规范性文件，党中央、国务院政策当然属之。
#   因此依据位阶属法律、行政法规、地方性法规、国家有关文件或党中央国务院政策之一即可；
#   规章（快照未区分部门规章与地方政府规章）和部门文件不足以支撑。
#   本款的依据范围宽于第三十七条第（一）项（共享限制不接受地方性法规），两者分别适用，不互相替代。
#   涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不在本规则范围内（lib.scope，列为不适用）。
# related_resources:
#   - ref: docs/statute.md#a43
#   - ref: docs/statute.md#a44
# custom:
#   id: A44.1
#   article: 44
#   item: null
#   kind: duty
#   severity: major
#   dimension: opening
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch07.a44_1

import data.lib.finding
import data.lib.scope

_accepted := {"法律", "行政法规", "地方性法规", "国家有关文件", "党中央国务院政策"}

findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	res.open_attribute in {"有条件开放", "不予开放"}
	scope.in_scope(res)
	not _has_basis(res)
	bases := [sprintf("%s《%s》", [b.rank, b.title]) | some b in res.open_bases]
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d", [i]),
		{"open_attribute": res.open_attribute, "bases": bases},
		sprintf("数据资源「%s」列为%s，但未提供法律法规或者国家有关文件依据", [res.name, res.open_attribute]),
	)
}

_has_basis(res) if {
	some b in res.open_bases
	b.rank in _accepted
}
