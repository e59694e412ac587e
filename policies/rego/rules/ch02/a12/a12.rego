# METADATA
# title: 按照最少够用原则授权共享数据项
# description: |
#   第十二条（节选）：数据主管部门负责审查数据应用部门提交的数据共享应用需求申请，作出是否共享的决定，以及明确共享的方式。
#   数据主管部门应会同数据应用部门，依法依规推动政务数据的场景式共享应用，按照最少够用原则，建立以应用场景为基础的数据共享授权机制。
#   解读：共享的决定和以场景为基础的授权是数据主管部门的行为。经同意（或部分同意）的共享申请，授权的信息项（granted_items）
#   超出该应用场景所需信息项（needed_items）的，发现项记在作出授权的县级数据主管部门名下，证据是数据应用部门快照中的共享申请
#   （values 载明授权决定日期 decided 与超授权的信息项）。
#   数据应用部门申请的信息项（requested_items）超出场景所需的，第十二条“会同数据应用部门……按照最少够用原则”同样约束它的申请：
#   另认定一次，记在该数据应用部门名下（第十二条，不援引第六十二条第（四）项——多申请的信息项服务于同一场景与职责，不是
#   “与本部门履行行政管理职能无关的数据”），见 docs/decisions/0015-a12-authority.md。
#   场景所需信息项未填报而授权了信息项的，报告缺少事实，不推定授权适度。
# related_resources:
#   - ref: docs/statute.md#a12
#   - ref: docs/statute.md#a14
#   - ref: docs/decisions/0015-a12-authority.md
# custom:
#   id: A12
#   article: 12
#   item: null
#   kind: duty
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch02.a12

import data.lib.county
import data.lib.finding
import data.lib.words

_granted := {"同意", "部分同意"}

_excess(have, q) := sort({c | some c in have} - {c | some c in q.needed_items})

# the authority granted more than the scenario needs: the authority's act
findings contains f if {
	some d in input.departments
	some i, q in d.share_requests
	q.decision in _granted
	q.granted_items != q.needed_items # granted exactly as needed (the common case): no excess, no sets built (#20)
	count(q.needed_items) > 0
	excess := _excess(q.granted_items, q)
	count(excess) > 0
	f := finding.named(
		finding.fail_against(
			rego.metadata.chain(), d, county.authority, q.id, sprintf("/share_requests/%d/granted_items", [i]),
			{"scenario": q.scenario, "excess_items": excess, "requester": d.department.code, "decided": object.get(q, "decided", null)},
			sprintf("数据主管部门为「%s」的应用场景「%s」授权的信息项超出场景所需：%s（最少够用原则）", [d.department.name, q.scenario, words.items(excess)]),
		),
		words.named_items(excess),
	)
}

# the requester asked for more than the scenario needs: the requester's own act
findings contains f if {
	some d in input.departments
	some i, q in d.share_requests
	object.get(q, "requested_items", []) != q.needed_items # requested exactly as needed: no excess (#20)
	count(q.needed_items) > 0
	excess := _excess(object.get(q, "requested_items", []), q)
	count(excess) > 0
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, q.id, sprintf("/share_requests/%d/requested_items", [i]),
			{"scenario": q.scenario, "excess_items": excess, "decision": q.decision},
			sprintf("应用场景「%s」申请的信息项超出场景所需：%s（最少够用原则）", [q.scenario, words.items(excess)]),
		),
		words.named_items(excess),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/share_requests/%d/needed_items", [i]), sprintf("%s的场景所需信息项", [words.request(q)])) if {
	some d in input.departments
	some i, q in d.share_requests
	count(q.needed_items) == 0 # first: most requests name what their scenario needs (#20)
	q.decision in _granted
	count(q.granted_items) > 0
}
