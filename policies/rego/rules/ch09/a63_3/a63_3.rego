# METADATA
# title: 任何单位和个人不得以获取的政务数据实施侵犯商业秘密或者个人隐私等违法犯罪活动
# description: |
#   第六十三条第（三）项：以获取的政务数据实施侵犯商业秘密或者个人隐私等违法犯罪活动。
#   解读：第六十三条约束任何单位和个人。以部门快照记载的安全事件（security_events）为准，事件类型为本项所列行为的，
#   认定一次，发现项载明行为人类型与行为人（values.actor_type、values.actor），计入记载该事件的部门。
#   行为人为本部门及其工作人员、受托单位的，严重程度为 critical（一票否决项），整改依据第六十七条第（五）项"未落实政务数据安全职责"；
#   行为人为本部门以外的单位或个人（actor_external）的，本部门是受害方而非行为人：仍记录在案但降为 warning，
#   本部门是否落实安全职责由第五十一条、第五十七条的规则另行评价，不因他人的行为被否决。
#   是否构成犯罪由司法机关认定；本项只据记载的事件类型认定违反本办法。
# related_resources:
#   - ref: docs/statute.md#a10
#   - ref: docs/statute.md#a63
#   - ref: docs/statute.md#a67
# custom:
#   id: A63.3
#   article: 63
#   item: 3
#   severity: critical
#   dimension: security
#   rectification_ground: 5
#   bears_on_funding: true
package rules.ch09.a63_3

import data.lib.finding

_kinds := {"侵犯商业秘密", "侵犯个人隐私"}

# an actor outside the department: recorded, downgraded to a warning (the department is the victim)
_external(ev) if ev.actor_external == true

else := false

_level(ev) := {"severity": "warning"} if _external(ev)

else := {}

_whose(ev) := "（行为人为本部门以外的单位或个人，记录在案）" if _external(ev)

else := ""

findings contains object.union(f, _level(ev)) if {
	some d in input.departments
	some i, ev in d.security_events
	ev.kind in _kinds
	f := finding.fail(
		rego.metadata.chain(), d, ev.id, sprintf("/security_events/%d", [i]),
		{"kind": ev.kind, "actor_type": ev.actor_type, "actor": ev.actor, "actor_external": _external(ev), "date": ev.date},
		sprintf("%s %s「%s」%s：%s%s", [ev.date, ev.actor_type, ev.actor, ev.kind, ev.description, _whose(ev)]),
	)
}
