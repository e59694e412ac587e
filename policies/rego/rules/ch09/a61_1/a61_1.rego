# METADATA
# title: 政务信息化项目申请审批前预编制政务数据目录清单
# description: |
#   第六十一条（节选）：政务信息化建设项目申请审批前应当预编制本项目的政务数据目录清单，作为项目审批要件。
#   解读：处于"申请审批"或其后任一阶段（已审批在建、申请验收、已验收）的项目，未预编制政务数据目录清单即认定。
#   目录清单是审批要件：项目已进入审批程序而无目录清单，即为目录未按要求编制（第六十七条第（一）项），
#   且依第九条影响资金安排。
# related_resources:
#   - ref: docs/statute.md#a61
#   - ref: docs/statute.md#a9
# custom:
#   id: A61.1
#   article: 61
#   item: null
#   kind: duty
#   severity: major
#   dimension: catalog
#   rectification_ground: 1
#   bears_on_funding: true
package rules.ch09.a61_1

import data.lib.finding

_stages := {"申请审批", "已审批在建", "申请验收", "已验收"}

findings contains f if {
	some d in input.departments
	some i, p in d.projects
	p.stage in _stages
	not p.catalog_precompiled
	f := finding.fail(
		rego.metadata.chain(), d, p.id, sprintf("/projects/%d/catalog_precompiled", [i]),
		{"name": p.name, "stage": p.stage, "catalog_precompiled": false},
		sprintf("政务信息化项目「%s」（%s）未预编制政务数据目录清单", [p.name, p.stage]),
	)
}
