# METADATA
# title: 任何单位和个人不得侵入电子政务外网、干扰市共享平台正常功能、破坏窃取政务数据
# description: |
#   第六十三条第（一）项：侵入电子政务外网，干扰市共享平台正常功能，破坏窃取政务数据。
#   解读：第六十三条约束任何单位和个人。以部门快照记载的安全事件（security_events）为准，事件类型为本项所列行为的，
#   认定一次，发现项载明行为人类型与行为人（values.actor_type、values.actor），计入记载该事件的部门。
#   行为人为本部门及其工作人员、受托单位的，严重程度为 critical（是否一票否决由评价指标体系的 veto 规定），整改依据第六十七条第（五）项"未落实政务数据安全职责"；
#   行为人为本部门以外的单位或个人（actor_external）的，本部门是受害方而非行为人：只记录在案（lib.security_event），提示级，
#   不扣分、不否决、不影响经费、不入整改通知书、不作为本部门的行为公布；本部门是否落实安全职责由第五十一条、第五十七条的规则另行评价。
# related_resources:
#   - ref: docs/statute.md#a51
#   - ref: docs/statute.md#a52
#   - ref: docs/statute.md#a57
#   - ref: docs/statute.md#a63
#   - ref: docs/statute.md#a67
# custom:
#   id: A63.1
#   article: 63
#   item: 1
#   kind: prohibition
#   act_zh: 侵入电子政务外网、干扰市共享平台正常功能、破坏窃取政务数据
#   acts_zh:
#     - kind: 侵入电子政务外网
#       act_zh: 侵入电子政务外网
#     - kind: 干扰市共享平台正常功能
#       act_zh: 干扰市共享平台正常功能
#     - kind: 破坏窃取政务数据
#       act_zh: 破坏窃取政务数据
#   severity: critical
#   dimension: security
#   rectification_ground: 5
#   bears_on_funding: true
package rules.ch09.a63_1

import data.lib.finding
import data.lib.security_event

# the kinds of event this item lists: its acts (custom.acts_zh)
_kinds := object.keys(finding.acts(rego.metadata.chain()))

# one finding per recorded event of this item; an external actor's event is a record only (lib.security_event)
findings contains security_event.event_finding(rego.metadata.chain(), d, i, ev) if {
	some [d, i, ev] in security_event.events(_kinds)
}
