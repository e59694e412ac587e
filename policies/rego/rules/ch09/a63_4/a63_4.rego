# METADATA
# title: 任何单位和个人不得未经许可扩散或者非授权使用从市共享平台和开放平台获取的政务数据
# description: |
#   第六十三条第（四）项：未经许可扩散或者非授权使用从市共享平台和开放平台获取的政务数据。
#   第三十八条第三款：数据应用部门根据履行行政管理职能需要，通过市共享平台获取的政务数据，不得提供给第三方，也不得用于或变相用于其他目的。
#   第五十三条：通过市共享平台获取政务数据的公民、法人和其他组织，应当加强数据使用的全过程管理，对未经许可扩散政务数据或者非授权使用数据等违法违规行为及其后果负责。
#   解读：两类事实，各认定一次：
#   （1）部门快照记载的安全事件类型为"未经许可扩散"或"非授权使用"，且未载明所持许可或授权（permission）的；
#   发现项载明行为人类型与行为人（values.actor_type、values.actor）；
#   （2）部门自己的数据使用记录（data_usage）标明未经授权（authorised 为 false）的：提供给第三方的，属未经许可扩散（第三十八条）；
#   未提供给第三方的，属非授权使用；行为人即本部门。
#   行为人为本部门及其工作人员、受托单位的，严重程度为 critical（是否一票否决由评价指标体系的 veto 规定），整改依据第六十七条第（五）项"未落实政务数据安全职责"；
#   安全事件的行为人为本部门以外的单位或个人（actor_external）的，本部门是受害方：只记录在案（lib.security_event），提示级，不扣分、不否决、不影响经费、不入整改通知书、不作为本部门的行为公布。
#   经授权提供给第三方的使用记录，本项不认定（第三十八条"不得提供给第三方"是否不容授权，见问题记录）。
# related_resources:
#   - ref: docs/statute.md#a14
#   - ref: docs/statute.md#a38
#   - ref: docs/statute.md#a53
#   - ref: docs/statute.md#a63
#   - ref: docs/statute.md#a66
#   - ref: docs/statute.md#a67
# custom:
#   id: A63.4
#   article: 63
#   item: 4
#   kind: prohibition
#   act_zh: 未经许可扩散或者非授权使用从市共享平台和开放平台获取的政务数据
#   acts_zh:
#     - kind: 未经许可扩散
#       act_zh: 未经许可扩散从市共享平台和开放平台获取的政务数据
#     - kind: 非授权使用
#       act_zh: 非授权使用从市共享平台和开放平台获取的政务数据
#   severity: critical
#   dimension: security
#   rectification_ground: 5
#   bears_on_funding: true
package rules.ch09.a63_4

import data.lib.finding
import data.lib.security_event
import data.lib.words

# the kinds of event this item lists: its acts (custom.acts_zh)
_kinds := object.keys(finding.acts(rego.metadata.chain()))

# (1) a recorded dissemination or unauthorised use, without a permission or written authorisation
# (lib.security_event: an external actor's event is a record only)
findings contains security_event.event_finding(rego.metadata.chain(), d, i, ev) if {
	some [d, i, ev] in security_event.events(_kinds)
}

# (2) the department's own unauthorised use of shared data, to a third party or not
findings contains f if {
	some d in input.departments
	some i, u in d.data_usage
	u.authorised == false
	kind := _usage_kind(u)
	chain := rego.metadata.chain()
	f := finding.act(
		finding.fail(
			chain, d, u.id, sprintf("/data_usage/%d", [i]),
			{
				"kind": kind, "actor_type": "单位", "actor": d.department.name, "actor_external": false,
				"request_id": u.request_id, "third_party": u.third_party,
			},
			_usage_message(d, u),
		),
		finding.acts(chain), kind,
	)
}

_usage_kind(u) := "未经许可扩散" if u.third_party != null

else := "非授权使用"

# the department is the actor (said as 本部门, as the other messages say it); the data's source is its share
# request in words (lib.words.request), never the request's record id
_usage_message(d, u) := sprintf("本部门未经授权，将%s从市共享平台获取的数据%s提供给第三方「%s」，用途「%s」", [_via(d, u), _unknown(d, u), u.third_party, u.purpose]) if {
	u.third_party != null
} else := sprintf("本部门未经授权使用%s从市共享平台获取的数据%s，用途「%s」", [_via(d, u), _unknown(d, u), u.purpose])

_via(d, u) := sprintf("通过%s", [words.request_of(d, u.request_id)]) if words.request_of(d, u.request_id)

else := ""

_unknown(d, u) := "" if words.request_of(d, u.request_id)

else := "（所填的共享申请本部门没有记录）"
