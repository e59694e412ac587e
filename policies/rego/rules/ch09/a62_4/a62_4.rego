# METADATA
# title: 不得从市共享平台获取与本部门履行行政管理职能无关的政务数据
# description: |
#   第六十二条第（四）项：从市共享平台获取与本部门履行行政管理职能无关的政务数据。
#   第十四条：数据应用部门根据履职需要，必须通过市共享平台申请数据服务接口、数据交叉核验或批量数据交换服务。
#   解读：经市共享平台提出并获同意（含部分同意）的共享申请，即"从市共享平台获取"；每项申请须指明所服务的
#   本部门法定职责（三定方案、权责清单，快照 department.duties）。未指明职责，或所指职责不在本部门职责清单中的，
#   视为与本部门履行行政管理职能无关。被拒绝的申请未获取数据，不认定；不经市共享平台的申请由第十四条的规则判断。
#   部门未填报职责清单的，无从判断所指职责，报缺少事实（未指明职责的申请仍认定）。
#   是否"与履职相关"只按职责是否存在判断，不审查应用场景与职责内容是否匹配（需人工复核）。
# related_resources:
#   - ref: docs/statute.md#a12
#   - ref: docs/statute.md#a14
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.4
#   article: 62
#   item: 4
#   kind: prohibition
#   act_zh: 从市共享平台获取与本部门履行行政管理职能无关的政务数据
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch09.a62_4

import data.lib.finding
import data.lib.words

_obtained(req) if {
	req.via_platform
	req.decision in {"同意", "部分同意"}
}

_duty_ids(d) := {t.id | some t in d.department.duties}

# no duty named
findings contains f if {
	some d in input.departments
	some i, req in d.share_requests
	_obtained(req)
	req.duty_id == null
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, req.id, sprintf("/share_requests/%d/duty_id", [i]),
			{"resource_code": req.resource_code, "scenario": req.scenario, "duty_id": null},
			sprintf("%s经市共享平台获取%s，未指明所服务的本部门法定职责", [words.request(req), words.registered(req.provider, req.resource_code)]),
		),
		words.named_registered(req.provider, [req.resource_code]),
	)
}

# a duty that is not among the department's duties
findings contains f if {
	some d in input.departments
	duties := _duty_ids(d)
	count(duties) > 0
	some i, req in d.share_requests
	_obtained(req)
	req.duty_id != null
	not req.duty_id in duties
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, req.id, sprintf("/share_requests/%d/duty_id", [i]),
			{"resource_code": req.resource_code, "scenario": req.scenario, "duty_id": req.duty_id},
			sprintf("%s经市共享平台获取%s，所填的职责不在本部门法定职责清单中", [words.request(req), words.registered(req.provider, req.resource_code)]),
		),
		words.named_registered(req.provider, [req.resource_code]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/department/duties", "本部门法定职责清单（判断共享申请是否与履职有关）") if {
	some d in input.departments
	count(_duty_ids(d)) == 0
	some req in d.share_requests
	_obtained(req)
	req.duty_id != null
}
