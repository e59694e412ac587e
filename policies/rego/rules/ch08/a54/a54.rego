# METADATA
# title: 建立本部门政务数据保密管理制度
# description: |
#   第五十四条第二款（节选）：各政务部门应当建立本部门政务数据保密管理制度，明确管理程序和责任，依照有关法律法规和国家有关规定进行保密审查……
#   解读：快照载明未建立保密管理制度即认定；未填报的，报告缺少事实。
#   保密审查、配合检查是否落实须个案判断，本规则不作认定。
# related_resources:
#   - ref: docs/statute.md#a54
# custom:
#   id: A54
#   article: 54
#   item: null
#   kind: duty
#   severity: major
#   dimension: security
#   rectification_ground: 5
#   bears_on_funding: false
package rules.ch08.a54

import data.lib.finding

findings contains f if {
	some d in input.departments
	object.get(d.security, "confidentiality_system", null) == false
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/security/confidentiality_system",
		{"confidentiality_system": false}, "未建立本部门政务数据保密管理制度",
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/security/confidentiality_system", "是否建立保密管理制度") if {
	some d in input.departments
	object.get(d.security, "confidentiality_system", null) == null
}
