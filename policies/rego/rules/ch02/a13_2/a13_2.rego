# METADATA
# title: 提供服务接口须同时提供接口规范及调用说明
# description: |
#   第十三条第二款（节选）：数据生产部门向市共享平台提供服务接口，需同时提供相应的接口规范及调用说明，并由技术服务单位对接口封装后在市共享平台进行统一发布。
#   解读：已在市共享平台发布的服务接口，须已提供接口规范和调用说明；缺一即认定，一个接口一条发现项，列出所缺材料。
#   尚未发布的接口不认定（封装发布前仍可补充）。涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不在本规则范围内（lib.scope，列为不适用）。
# related_resources:
#   - ref: docs/statute.md#a13
# custom:
#   id: A13.2
#   article: 13
#   item: null
#   kind: duty
#   severity: minor
#   dimension: sharing
#   rectification_ground: 4
#   bears_on_funding: false
package rules.ch02.a13_2

import data.lib.finding
import data.lib.scope
import data.lib.words

# _documented(itf): the interface's specification and its instructions are both provided (neither false nor
# absent): then it lacks nothing below
_documented(itf) if {
	itf.spec_provided
	itf.instructions_provided
}

findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	scope.in_scope(res)
	some j, itf in res.interfaces
	itf.published
	not _documented(itf) # the common, documented interface stops here, before the list of what it lacks (#20)
	lacking := [name |
		some [key, name] in [["spec_provided", "接口规范"], ["instructions_provided", "调用说明"]]
		not itf[key]
	]
	count(lacking) > 0
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, itf.id, sprintf("/catalog/%d/interfaces/%d", [i, j]),
			{"resource_code": res.code, "spec_provided": itf.spec_provided, "instructions_provided": itf.instructions_provided},
			sprintf("数据资源「%s」的服务接口「%s」已发布，但未提供%s", [res.name, itf.name, concat("、", lacking)]),
		),
		words.named_resources(d, [res.code]),
	)
}
