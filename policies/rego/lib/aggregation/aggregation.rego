# METADATA
# title: 汇聚与拒绝汇聚（第十三条、第六十二条第（二）项）/ aggregated, and refused or obstructed
# description: |
#   解读（A13.1 与 A62.2 共用）：“是否汇聚”（aggregation.status）与“是否拒绝、推诿或者妨碍”（aggregation.authority_request：
#   数据主管部门的要求与部门的答复及日期）是两个事实。答复为拒绝汇聚、推诿、妨碍汇聚的，是第六十二条第（二）项所称行为；
#   同一资源未汇聚，不论原因（拒绝也在内），仍负第十三条第一款以服务接口提供的义务。未答复不推定为推诿（本办法未规定答复时限）。
# related_resources:
#   - ref: docs/statute.md#a13
#   - ref: docs/statute.md#a62
#   - ref: docs/decisions/0015-a13-a62-aggregation.md
package lib.aggregation

# the department's answers that are refusing, shirking or obstructing aggregation (Art. 62(2))
refusing_answers := {"拒绝汇聚", "推诿", "妨碍汇聚"}

not_aggregated(res) if res.aggregation.status == "未汇聚"

# refused(res): the department refused, shirked or obstructed the authority's request to aggregate
refused(res) if res.aggregation.authority_request.answer in refusing_answers

# request(res): the authority's request and the answer, with their dates (null when unknown)
request(res) := r if {
	r := object.get(res.aggregation, "authority_request", null)
	r != null
} else := {"requested": null, "answer": null, "answered": null}
