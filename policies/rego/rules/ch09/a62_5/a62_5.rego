# METADATA
# title: 不得将从市共享平台获取的政务数据用于与履职无关的其他目的
# description: |
#   第六十二条第（五）项：将从市共享平台获取的政务数据用于或者变相用于与本部门履行行政管理职能无关的其他目的。
#   第三十八条第三款：数据应用部门根据履行行政管理职能需要，通过市共享平台获取的政务数据，不得提供给第三方，也不得用于或变相用于其他目的。
#   解读：每条数据使用记录须能追溯到本部门的一项共享申请（request_id），并指明所服务的本部门法定职责（duty_id）。
#   以下任一情形认定违反本项，每条使用记录只认定一次，列明全部理由：
#   （1）所称共享申请不是本部门的共享申请（无从证明数据经依职申请获取，即脱离申请目的使用）；
#   （2）未指明所服务的职责；（3）所指职责不在本部门法定职责清单中。
#   本项按第六十二条第（五）项的文字，以"与本部门履职无关"为限：用于本部门另一项法定职责的，不认定
#   （第三十八条"其他目的"是否更窄，见问题记录）。提供给第三方、非授权使用由 A63.4 认定。
#   部门未填报职责清单的，无从判断所指职责，报缺少事实。
# related_resources:
#   - ref: docs/statute.md#a38
#   - ref: docs/statute.md#a41
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.5
#   article: 62
#   item: 5
#   kind: prohibition
#   act_zh: 将从市共享平台获取的政务数据用于与履职无关的其他目的
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch09.a62_5

import data.lib.finding

_duty_ids(d) := {t.id | some t in d.department.duties}

_request_ids(d) := {q.id | some q in d.share_requests}

_reasons(d, u) := [r |
	some r in [
		_reason_request(d, u),
		_reason_no_duty(u),
		_reason_foreign_duty(d, u),
	]
	r != ""
]

_reason_request(d, u) := "所填的共享申请不是本部门提出的共享申请（本部门没有这项申请的记录）" if {
	not u.request_id in _request_ids(d)
} else := ""

_reason_no_duty(u) := "未指明所服务的本部门职责" if u.duty_id == null

else := ""

_reason_foreign_duty(d, u) := "所填的职责不在本部门法定职责清单中" if {
	u.duty_id != null
	duties := _duty_ids(d)
	count(duties) > 0
	not u.duty_id in duties
} else := ""

# _fine(d, u): none of the three reasons applies (each line the negation of one: the request is the
# department's own, a duty is named, it is the department's duty). Most uses are fine and are passed over
# with these checks instead of the three reasons and their list.
_fine(d, u) if {
	u.request_id in _request_ids(d)
	u.duty_id != null
	u.duty_id in _duty_ids(d)
}

findings contains f if {
	some d in input.departments
	some i, u in d.data_usage
	not _fine(d, u)
	reasons := _reasons(d, u)
	count(reasons) > 0
	f := finding.fail(
		rego.metadata.chain(), d, u.id, sprintf("/data_usage/%d", [i]),
		{"request_id": u.request_id, "duty_id": u.duty_id, "purpose": u.purpose, "reasons": reasons},
		sprintf("共享数据的用途「%s」不能认定为本部门履职所需：%s", [u.purpose, concat("；", reasons)]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/department/duties", "本部门法定职责清单（判断共享数据用途是否与履职有关）") if {
	some d in input.departments
	count(_duty_ids(d)) == 0
	some u in d.data_usage
	u.duty_id != null
}
