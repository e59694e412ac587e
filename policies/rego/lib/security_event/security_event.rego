# METADATA
# title: 安全事件（第六十三条）/ recorded security events, one reading for A63.1-A63.4
# description: |
#   第六十三条：任何单位和个人不得有下列行为……
#   解读（A63.1 至 A63.4 共用，只在这里写一次）：部门快照记载的安全事件（security_events）中，事件类型属某项所列行为的，
#   认定一次，发现项载明行为类型、行为人类型、行为人与日期，计入记载该事件的部门。
#   行为人为本部门及其工作人员、受托单位的，是本部门的行为。
#   行为人为本部门以外的单位或个人（actor_external）的，本部门是受害方而不是违法行为人：发现项只记录在案
#   （lib.finding.record_only：提示级，不扣分、不否决、不影响经费、不入整改通知书、不作为本部门的行为公布）；
#   本部门是否落实安全职责，由第五十一条、第五十七条的规则另行评价。
#   侵入、干扰、窃取、扩散、使用都以“未经授权”为前提：本部门书面委托或授权的行为（渗透测试、等级保护测评等，
#   authorisation 载明授权人与授权文件），或持有许可（permission，第六十三条第（四）项“未经许可”）的，是本部门在履行
#   第五十一条、第五十二条的安全职责，不是本条禁止的行为，四项一致不认定（见 docs/decisions/0015-a63-authorised-tests.md）。
# related_resources:
#   - ref: docs/statute.md#a63
#   - ref: docs/decisions/0015-victim-is-not-the-violator.md
package lib.security_event

import data.lib.finding
import data.lib.words

# external(ev): the actor is outside the department, its staff and contractors (the department is the victim)
external(ev) if ev.actor_external == true

else := false

victim_reason := "行为人为本部门以外的单位或个人，本部门是受害方：记录在案，不认定为本部门的违法行为"

_whose(ev) := "（行为人为本部门以外的单位或个人，本部门是受害方，记录在案）" if external(ev)

else := ""

_fail(chain, d, i, ev) := finding.fail(
	chain, d, ev.id, sprintf("/security_events/%d", [i]),
	{"kind": ev.kind, "actor_type": ev.actor_type, "actor": ev.actor, "actor_external": external(ev), "date": ev.date},
	sprintf("%s%s「%s」%s：%s%s", [words.date(ev.date), ev.actor_type, ev.actor, ev.kind, ev.description, _whose(ev)]),
)

# an item of several acts (custom.acts_zh) says which one the event is (lib.finding.act)
_finding(chain, d, i, ev) := finding.act(_fail(chain, d, i, ev), finding.acts(chain), ev.kind) if finding.acts(chain)

else := _fail(chain, d, i, ev)

# event_finding(chain, d, i, ev): the finding of the i-th security event of department d; a record only
# when the actor is external
event_finding(chain, d, i, ev) := finding.record_only(_finding(chain, d, i, ev), victim_reason) if external(ev)

else := _finding(chain, d, i, ev)

# authorised(ev): the act was authorised in writing by the department (who, which document) or holds a permission
authorised(ev) if object.get(ev, "authorisation", null) != null

authorised(ev) if object.get(ev, "permission", null) != null

# events(kinds): [department, index, event] of every recorded, unauthorised event of one of `kinds`
events(kinds) := [[d, i, ev] |
	some d in input.departments
	some i, ev in d.security_events
	ev.kind in kinds
	not authorised(ev)
]
