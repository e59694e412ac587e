# METADATA
# title: 不得通过市共享平台和开放平台之外的其他形式共享、开放政务数据
# description: |
#   第六十二条第（七）项：通过市共享平台和开放平台之外的其他形式共享、开放政务数据。
#   解读：部门的共享、开放记录（releases）中，渠道为"其他渠道"（拷贝、邮件、自建系统、纸质批量提供等）的，认定违反本项。
#   本项只问渠道是否在两个平台之外：共享经开放平台、开放经市共享平台的记录，虽渠道与类型不对应，
#   仍在"市共享平台和开放平台"之内，不属本项；其实质（向社会开放了只应共享的数据等）由开放属性的规则判断。
#   涉及国家秘密的资源（第二条第二款）和参照执行单位标明不属公共管理和服务职责的资源（第七十一条）不在本规则范围内（lib.scope，列为不适用）。
# related_resources:
#   - ref: docs/statute.md#a14
#   - ref: docs/statute.md#a34
#   - ref: docs/statute.md#a35
#   - ref: docs/statute.md#a42
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.7
#   article: 62
#   item: 7
#   kind: prohibition
#   act_zh: 通过市共享平台和开放平台之外的其他形式共享、开放政务数据
#   acts_zh:
#     - kind: 共享
#       act_zh: 通过市共享平台和开放平台之外的其他形式共享政务数据
#     - kind: 开放
#       act_zh: 通过市共享平台和开放平台之外的其他形式开放政务数据
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch09.a62_7

import data.lib.finding
import data.lib.scope
import data.lib.words

_out_of_scope_codes(d) := {e.code | some e in d.catalog; not scope.in_scope(e)}

findings contains f if {
	some d in input.departments
	secret := _out_of_scope_codes(d)
	some i, rel in d.releases
	rel.channel == "其他渠道"
	not rel.resource_code in secret
	chain := rego.metadata.chain()

	# the act found: sharing or opening (custom.acts_zh by the record's kind), not both the item lists
	f := finding.act(
		finding.named(
			finding.fail(
				chain, d, rel.id, sprintf("/releases/%d", [i]),
				{"resource_code": rel.resource_code, "kind": rel.kind, "channel": rel.channel, "recipient": rel.recipient, "date": rel.date},
				sprintf("%s通过市共享平台和开放平台之外的其他渠道向「%s」%s%s", [words.date(rel.date), rel.recipient, rel.kind, words.resource(d, rel.resource_code)]),
			),
			words.named_resources(d, [rel.resource_code]),
		),
		finding.acts(chain), rel.kind,
	)
}
