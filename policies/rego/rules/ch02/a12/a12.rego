# METADATA
# title: 按照最少够用原则授权共享数据项
# description: |
#   第十二条（节选）：数据主管部门应会同数据应用部门，依法依规推动政务数据的场景式共享应用，按照最少够用原则，建立以应用场景为基础的数据共享授权机制。
#   解读：经同意（或部分同意）的共享申请，授权的信息项须是该应用场景所需信息项的子集；超出部分即认定，列出超授权的信息项。
#   发现项记在数据应用部门名下、指向其共享申请（证据在部门快照中），并在取值中载明作出授权的县级数据主管部门：
#   第十二条规定的是数据主管部门"会同数据应用部门"建立授权机制，超出场景所需的数据实际由应用部门获取和持有，
#   且获取与履职无关的数据本身为第六十二条第（四）项所禁止；数据主管部门一侧的责任由评价报告按 authority 字段汇总。
#   场景所需信息项未填报而授权了信息项的，报告缺少事实，不推定授权适度。
# related_resources:
#   - ref: docs/statute.md#a12
#   - ref: docs/statute.md#a62
# custom:
#   id: A12
#   article: 12
#   item: null
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch02.a12

import data.lib.county
import data.lib.finding

_granted := {"同意", "部分同意"}

default _authority := null

_authority := county.authority

findings contains f if {
	some d in input.departments
	some i, q in d.share_requests
	q.decision in _granted
	count(q.needed_items) > 0
	excess := {c | some c in q.granted_items} - {c | some c in q.needed_items}
	count(excess) > 0
	f := finding.fail(
		rego.metadata.chain(), d, q.id, sprintf("/share_requests/%d/granted_items", [i]),
		{"scenario": q.scenario, "excess_items": sort(excess), "authority": _authority},
		sprintf("应用场景「%s」授权的信息项超出场景所需：%s（最少够用原则）", [q.scenario, concat("、", sort(excess))]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/share_requests/%d/needed_items", [i]), sprintf("共享申请 %s 的场景所需信息项", [q.id])) if {
	some d in input.departments
	some i, q in d.share_requests
	q.decision in _granted
	count(q.needed_items) == 0
	count(q.granted_items) > 0
}
