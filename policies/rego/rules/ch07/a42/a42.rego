# METADATA
# title: 政务部门不得建设其他开放平台
# description: |
#   第四十二条第二款：开放平台由市级数据主管部门统一组织建设。县政府、各政务部门不得建设其他开放平台。
#   解读：部门自建的开放平台处于"运行中"即认定；已关停或已整合并入的不认定。
# related_resources:
#   - ref: docs/statute.md#a42
# custom:
#   id: A42
#   article: 42
#   item: null
#   kind: prohibition
#   act_zh: 建设其他开放平台
#   severity: major
#   dimension: opening
#   rectification_ground: 6
#   bears_on_funding: false
package rules.ch07.a42

import data.lib.finding

findings contains f if {
	some d in input.departments
	some i, p in d.own_platforms
	p.kind == "开放平台"
	p.status == "运行中"
	f := finding.fail(
		rego.metadata.chain(), d, p.id, sprintf("/own_platforms/%d", [i]),
		{"kind": p.kind, "status": p.status},
		sprintf("自建开放平台「%s」仍在运行，开放平台应由市级数据主管部门统一建设", [p.name]),
	)
}
