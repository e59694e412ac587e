# METADATA
# title: 依据位阶 / ranks of a legal basis, as each article names them
# description: |
#   条文要求的依据位阶只在这里写一次，援引同一条文的规则共用，避免两条规则对同一个词作两种解读。
#   第十三条"法律、法规和党中央、国务院政策"：法规按立法法的通常含义，包括行政法规和地方性法规。
#   （A13.1 未汇聚的证据、A62.2 拒绝汇聚的证据都按此认定。）
# related_resources:
#   - ref: docs/statute.md#a13
package lib.basis

# Art. 13: evidence that law, regulations or central policy bar aggregation
art13_no_aggregation := {"法律", "行政法规", "地方性法规", "党中央国务院政策"}

# art13_evidence holds when a resource's no-aggregation evidence reaches the Art. 13 ranks.
art13_evidence(res) if {
	some b in res.aggregation.no_aggregation_bases
	b.rank in art13_no_aggregation
}
