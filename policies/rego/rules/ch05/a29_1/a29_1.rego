# METADATA
# title: 自建的非涉密政务信息系统应当接入市共享平台
# description: |
#   第八条第一款（节选）：已建成的非涉密政务信息系统，应当充分整合，并主动对接市共享平台。
#   第二十九条（节选）：数据生产部门自建政务信息系统应接入市共享平台，并按照本单位政务数据目录，在业务数据生产的同时实时向市共享平台汇聚数据。
#   解读：部门自建、非涉密、在用的信息系统，未接入市共享平台即认定。涉密系统依第二条第二款、第八条不在范围内，参照执行单位标明不属公共管理和服务职责的系统依第七十一条不在范围内（lib.scope）；
#   已停用的系统不再产生业务数据，不认定；使用上级系统的（非自建）按第二十九条申请回流，不属本规则。
# related_resources:
#   - ref: docs/statute.md#a8
#   - ref: docs/statute.md#a29
# custom:
#   id: A29.1
#   article: 29
#   item: null
#   kind: duty
#   severity: major
#   dimension: aggregation
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch05.a29_1

import data.lib.finding
import data.lib.scope

findings contains f if {
	some d in input.departments
	some i, s in d.systems
	s.self_built
	s.in_use
	not s.connected_to_platform
	scope.system_in_scope(s)
	f := finding.fail(
		rego.metadata.chain(), d, s.id, sprintf("/systems/%d", [i]),
		{"name": s.name, "network": s.network, "connected_to_platform": false},
		sprintf("自建非涉密信息系统「%s」在用但未接入市共享平台", [s.name]),
	)
}
