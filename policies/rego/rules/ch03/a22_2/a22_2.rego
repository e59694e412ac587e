# METADATA
# title: 数据主管部门收到目录更新申请之日起{n}个工作日内审核、更新政务数据目录
# description: |
#   第二十二条：政务部门应当于法律法规做出修改或者行政管理职能发生变更之日起5个工作日内，向本级数据主管部门申请更新政务数据目录。数据主管部门应当在收到更新申请之日起5个工作日内审核、更新政务数据目录，并同步更新责任清单。
#   解读：本规则适用第二句，义务人是县级数据主管部门，证据在全县平台快照的目录更新审核记录（catalog_reviews），
#   发现项记在数据主管部门名下。期限自收到申请之日的次日起算，按法定工作日（含调休上班日）计算，时限为参数；
#   截至平台快照日期仍未审核更新的，期满日已过即认定逾期。
#   "并同步更新责任清单"（第二十一条的责任清单）：目录更新审核记录载明责任清单更新之日（responsibility_list_updated），
#   "同步"读作在同一时限内（收到申请之日起同样的工作日数）完成；逾期或截至快照日期已过期满日仍未更新的，另认定一次
#   （发现项指向 responsibility_list_updated，见 docs/decisions/0015-a22-responsibility-list.md）。
#   逾期更新目录同时属于第六十二条第（八）项的禁止行为，证据值以 prohibited_act 标注 A62.8，不另行扣分。
# related_resources:
#   - ref: docs/statute.md#a22
#   - ref: docs/statute.md#a62
# custom:
#   id: A22.2
#   prohibited_act: A62.8
#   title_params:
#     n: {chapter: ch03, name: a22_2_review_working_days}
#   article: 22
#   item: null
#   kind: duty
#   severity: minor
#   dimension: catalog
#   rectification_ground: 1
#   bears_on_funding: false
package rules.ch03.a22_2

import data.lib.county
import data.lib.deadline
import data.lib.finding
import data.lib.params
import data.lib.words

_n := params.value_at(data.params.ch03.a22_2_review_working_days, county.platform_to_check.as_of)

findings contains f if {
	some i, r in county.platform_to_check.catalog_reviews
	v := deadline.late(r.received, _n, r.reviewed, county.platform_to_check.as_of)
	f := finding.fail_platform(
		rego.metadata.chain(), county.platform_to_check.authority, r.id, sprintf("/catalog_reviews/%d", [i]),
		object.union(v, {"applicant": r.dept, "extension_applied": false, "prohibited_act": finding.prohibited_act(rego.metadata.chain())}),
		sprintf(
			"收到目录更新申请之日（%s）起%d个工作日内应审核、更新政务数据目录（期满日%s），%s",
			[words.date(r.received), v.limit_working_days, words.date(v.due_date), deadline.outcome(v)],
		),
	)
}

# the responsibility list not updated within the same time limit (Art. 22 "并同步更新责任清单")
findings contains f if {
	some i, r in county.platform_to_check.catalog_reviews
	v := deadline.late(r.received, _n, object.get(r, "responsibility_list_updated", null), county.platform_to_check.as_of)
	f := finding.fail_platform(
		rego.metadata.chain(), county.platform_to_check.authority, r.id,
		sprintf("/catalog_reviews/%d/responsibility_list_updated", [i]),
		object.union(v, {"applicant": r.dept, "catalog_reviewed": r.reviewed}),
		sprintf(
			"更新政务数据目录应同步更新责任清单：收到申请之日（%s）起%d个工作日内（期满日%s），%s",
			[words.date(r.received), v.limit_working_days, words.date(v.due_date), deadline.outcome(v)],
		),
	)
}

errors contains e if {
	some i, r in county.platform_to_check.catalog_reviews
	x := deadline.missing_date([r.received, deadline.stop(r.reviewed, county.platform_to_check.as_of)])
	e := deadline.calendar_error(rego.metadata.chain(), county.platform_to_check.authority, "platform", sprintf("/catalog_reviews/%d", [i]), x)
}

errors contains finding.missing(rego.metadata.chain(), county.platform_to_check.authority, "platform", "/as_of", "第二十二条审核期限参数在快照日期无有效值") if {
	count(county.platform_to_check.catalog_reviews) > 0
	not _n
}
