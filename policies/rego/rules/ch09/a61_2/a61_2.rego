# METADATA
# title: 政务信息化项目验收须完成目录清单并与市共享平台完成对接
# description: |
#   第六十一条（节选）：政务信息化建设项目建成后，应当将政务数据目录清单完成情况、政务信息化系统与市政务数据共享交换平台完成对接情况作为项目验收要求。
#   解读：处于"申请验收"或"已验收"阶段的项目，须已完成政务数据目录清单并已与市共享平台完成对接；
#   缺一即认定（一个项目一条发现项，列出未完成的验收要求）。在建项目尚未到验收，不认定。
# related_resources:
#   - ref: docs/statute.md#a61
#   - ref: docs/statute.md#a9
# custom:
#   id: A61.2
#   article: 61
#   item: null
#   kind: duty
#   severity: major
#   dimension: catalog
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch09.a61_2

import data.lib.finding

_stages := {"申请验收", "已验收"}

_requirements := [["catalog_completed", "政务数据目录清单未完成"], ["platform_connected", "未与市共享平台完成对接"]]

findings contains f if {
	some d in input.departments
	some i, p in d.projects
	p.stage in _stages
	lacking := [key | some [key, _] in _requirements; not p[key]]
	names := [name | some [key, name] in _requirements; not p[key]]
	count(lacking) > 0
	f := finding.fail(
		rego.metadata.chain(), d, p.id, sprintf("/projects/%d", [i]),
		{"name": p.name, "stage": p.stage, "unmet": lacking},
		sprintf("政务信息化项目「%s」（%s）：%s", [p.name, p.stage, concat("，", names)]),
	)
}
