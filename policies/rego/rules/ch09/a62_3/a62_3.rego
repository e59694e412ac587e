# METADATA
# title: 不得重复采集、多头采集可以通过共享方式获取的政务数据
# description: |
#   第六十二条第（三）项：重复采集、多头采集可以通过共享方式获取的政务数据。
#   第二十四条第一款：能通过共享方式获取或确认的政务数据，不得重复采集、多头采集，法律法规另有规定的除外。
#   解读：部门自行采集的数据项，若已由其他部门在市共享平台登记共享（以全县平台快照为准），
#   即属"可以通过共享方式获取"，除非该采集有法律、法规的明确依据（地方性法规以上位阶）。
# related_resources:
#   - ref: docs/statute.md#a24
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.3
#   article: 62
#   item: 3
#   kind: prohibition
#   act_zh: 重复采集、多头采集可以通过共享方式获取的政务数据
#   severity: major
#   dimension: aggregation
#   rectification_ground: 2
#   bears_on_funding: true
package rules.ch09.a62_3

import data.lib.county
import data.lib.finding
import data.lib.words

# county.providers[item_code] is the set of departments sharing that item on the city platform:
# an object built once a query, so the join costs one lookup per collection, not a scan of the register.

findings contains f if {
	some d in input.departments
	some i, c in d.collections
	c.method == "自行采集"
	others := county.providers[c.item_code] - {d.department.code}
	count(others) > 0
	not _legal_exception(c)
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, c.id, sprintf("/collections/%d", [i]),
			{"item_code": c.item_code, "item_name": c.item_name, "shared_by": sort(others)},
			sprintf("自行采集数据项「%s」，该数据项已由%s在市共享平台共享，且无法律法规另有规定", [c.item_name, concat("、", sort([words.dept(p) | some p in others]))]),
		),
		words.named_items([c.item_code]),
	)
}

# a provider is named by its department name when its snapshot is in the evaluation, else by its code
_legal_exception(c) if c.legal_exception.rank in {"法律", "行政法规", "地方性法规"}
