# METADATA
# title: 数据应用部门必须通过市共享平台申请数据服务
# description: |
#   第十四条：数据应用部门根据履职需要，必须通过市共享平台申请数据服务接口、数据交叉核验或批量数据交换服务，依据国家相关法律法规和授权的方式、范围使用共享数据。
#   解读：本部门的共享申请未经市共享平台提出（via_platform 为 false）即认定，不论对方是否同意。
#   通过平台以外渠道向他人共享、开放数据属第六十二条第（七）项（A62.7），本规则只看获取一侧。
# related_resources:
#   - ref: docs/statute.md#a14
#   - ref: docs/statute.md#a34
# custom:
#   id: A14
#   article: 14
#   item: null
#   kind: duty
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch02.a14

import data.lib.finding
import data.lib.words

findings contains f if {
	some d in input.departments
	some i, q in d.share_requests
	q.via_platform == false
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, q.id, sprintf("/share_requests/%d", [i]),
			{"provider": q.provider, "resource_code": q.resource_code, "method": q.method, "via_platform": false},
			sprintf("以%s方式向%s申请%s，未通过市共享平台", [q.method, words.dept(q.provider), words.registered(q.provider, q.resource_code)]),
		),
		words.named_registered(q.provider, [q.resource_code]),
	)
}
