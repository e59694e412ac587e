# METADATA
# title: 一次查询多次计分 / several scorings in one query
# description: |
#   不含规范：只把 data.assessment（计分）与 data.assessment.projects（项目关口）的同一套规则，按调用方给出的
#   多份输入各算一次，一次往返返回（假设分析的“变更前/变更后”两份计分，或一份计分与其项目关口）。
#   输入：{"queries": [{"score": 计分输入, "gates": 项目关口输入, "incremental": 是否增量计分}]}；
#   每份输入原样交给对应规则（with input as），答案与单独查询相同；答案数与查询数不等即为错误（调用方检查）。
# related_resources:
#   - ref: docs/statute.md#a58
#   - ref: docs/statute.md#a61
package assessment.batch

import data.assessment
import data.assessment.projects

answers := [_answer(q) | some q in input.queries]

_answer(q) := {"score": s, "gates": g} if {
	not q.incremental
	s := assessment.result with input as q.score
	g := projects.answer with input as q.gates
}

_answer(q) := {"score": s, "gates": g} if {
	q.incremental
	s := assessment.incremental with input as q.score
	g := projects.answer with input as q.gates
}
