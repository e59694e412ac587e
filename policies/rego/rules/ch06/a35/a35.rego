# METADATA
# title: 政务部门不得建设其他跨部门的数据共享平台，已建的应当整合并入市共享平台
# description: |
#   第三十五条第二款：各政务部门不得建设其他跨部门的数据共享平台。已经建设的其他跨部门数据共享平台，应当整合并入市共享平台。
#   解读：部门自建的跨部门共享平台处于"运行中"即认定（无论新建或既有：既有的应当整合并入）；
#   已整合并入市共享平台或已关停的不认定。
# related_resources:
#   - ref: docs/statute.md#a35
# custom:
#   id: A35
#   article: 35
#   item: null
#   kind: prohibition
#   act_zh: 自建其他跨部门的数据共享平台，未整合并入市共享平台
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch06.a35

import data.lib.finding

findings contains f if {
	some d in input.departments
	some i, p in d.own_platforms
	p.kind == "跨部门共享平台"
	p.status == "运行中"
	f := finding.fail(
		rego.metadata.chain(), d, p.id, sprintf("/own_platforms/%d", [i]),
		{"kind": p.kind, "status": p.status},
		sprintf("自建跨部门数据共享平台「%s」仍在运行，应当整合并入市共享平台", [p.name]),
	)
}
