# METADATA
# title: 数据服务接口和交叉核验可以满足需求的，原则上不采用批量数据交换
# description: |
#   第三十八条第三款（节选）：通过数据服务接口和数据交叉核验服务可以满足共享需求的，原则上不采用数据批量交换服务。
#   解读：采用批量数据交换的共享申请，须载明接口和交叉核验服务不能满足需求的理由（bulk_justification）；
#   未载明的，提示（warning）——条文用"原则上"，理由是否成立由数据主管部门判断，本规则不评价理由本身。
# related_resources:
#   - ref: docs/statute.md#a14
#   - ref: docs/statute.md#a38
# custom:
#   id: A38
#   article: 38
#   item: null
#   kind: duty
#   severity: warning
#   dimension: sharing
#   rectification_ground: null
#   bears_on_funding: false
package rules.ch06.a38

import data.lib.finding
import data.lib.words

findings contains f if {
	some d in input.departments
	some i, q in d.share_requests
	q.method == "批量数据交换"
	object.get(q, "bulk_justification", null) in {null, ""}
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, q.id, sprintf("/share_requests/%d", [i]),
			{"provider": q.provider, "resource_code": q.resource_code, "method": q.method, "bulk_justification": null},
			sprintf("向%s申请%s采用批量数据交换，未说明数据服务接口或交叉核验服务不能满足需求的理由", [words.dept(q.provider), words.registered(q.provider, q.resource_code)]),
		),
		words.named_registered(q.provider, [q.resource_code]),
	)
}
