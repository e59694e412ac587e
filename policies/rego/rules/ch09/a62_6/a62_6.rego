# METADATA
# title: 不得要求公民、法人和其他组织提供可以从市共享平台获取的政务数据
# description: |
#   第六十二条第（六）项：要求公民、法人和其他组织提供可以从市共享平台获取的政务数据，国家规定不适用电子文书的除外。
#   第三十九条：凡能够通过共享获得的文书类、证照类、合同类政务数据，应当优先使用，不得再要求企业和群众提供纸质版本及相关辅证材料，法律、法规另有规定的除外。
#   解读：以全县政务服务事项及申请材料登记（平台快照 service_items）为准：本部门事项的某项申请材料要求申请人提供，
#   而该材料对应的数据项已在市共享平台登记共享（任一部门提供，包括本部门自己），即属"可以从市共享平台获取"；
#   材料标明国家规定不适用电子文书的除外。本项按第六十二条第（六）项，不限于文书类、证照类、合同类。
#   材料未标注数据项编码的，无从与共享登记对应，不认定（由目录、共享规则另行核查）。
#   评价维度取"共享"：所违反的积极义务是第六章第三十九条"优先使用共享数据"。
#   整改依据取第六十七条第（六）项"其他"：第六十二条把本项与第（三）项"重复采集"列为不同行为，
#   第六十七条第（二）项的文字对应的是第（三）项。
# related_resources:
#   - ref: docs/statute.md#a39
#   - ref: docs/statute.md#a48
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.6
#   article: 62
#   item: 6
#   kind: prohibition
#   act_zh: 要求公民、法人和其他组织提供可以从市共享平台获取的政务数据
#   severity: major
#   dimension: sharing
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch09.a62_6

import data.lib.county
import data.lib.finding
import data.lib.words

# county.providers[item_code]: the departments sharing that item on the city platform;
# county.service_items[dept_code]: [index, service item] pairs of that department (both built once a query)

findings contains f if {
	some d in input.departments
	some [k, s] in county.service_items[d.department.code]
	some j, m in s.materials
	m.paper_required
	not m.e_document_excluded
	m.item_code != null
	providers := county.providers[m.item_code]
	f := finding.named(
		finding.fail_platform(
			rego.metadata.chain(), d.department.code, m.id, sprintf("/service_items/%d/materials/%d", [k, j]),
			{"service_item": s.name, "material": m.name, "item_code": m.item_code, "shared_by": sort(providers)},
			sprintf("政务服务事项「%s」要求申请人提供「%s」，其中的数据项%s已由%s在市共享平台共享，可经平台获取，且非国家规定不适用电子文书的情形", [s.name, m.name, words.item(m.item_code), concat("、", sort([words.dept(p) | some p in providers]))]),
		),
		words.named_items([m.item_code]),
	)
}
