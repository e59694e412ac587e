# METADATA
# title: 基础数据库的基础信息项应当无条件共享
# description: |
#   第三十七条第（二）项：自然人、法人、信用信息、自然资源和空间地理、电子证照等基础数据库的基础信息项是各政务部门履行行政管理职能的共同需要，应当无条件共享。
#   解读：目录资源标明所属基础数据库（base_database），且含有标为基础信息项（basic: true）的信息项的，
#   其共享属性须为"无条件共享"；列为有条件共享或不予共享即认定。共享属性未填报的不在此认定，
#   由 A17（目录要素不全）报告，不推定为已履行。涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不在本规则范围内（lib.scope，列为不适用）。
# related_resources:
#   - ref: docs/statute.md#a36
#   - ref: docs/statute.md#a37
# custom:
#   id: A37.2
#   article: 37
#   item: 2
#   kind: duty
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch06.a37_2

import data.lib.finding
import data.lib.scope
import data.lib.words

findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	res.base_database != null
	scope.in_scope(res)
	basic := sort([it.code | some it in res.items; it.basic])
	count(basic) > 0
	res.share_attribute in {"有条件共享", "不予共享"}
	named := words.named_items_of(d, basic)
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, res.id, sprintf("/catalog/%d/share_attribute", [i]),
			{"base_database": res.base_database, "share_attribute": res.share_attribute, "basic_items": basic},
			sprintf("数据资源「%s」属%s基础数据库，含基础信息项%s，却列为%s，应当无条件共享", [res.name, res.base_database, concat("", [named[c] | some c in basic]), res.share_attribute]),
		),
		named,
	)
}
