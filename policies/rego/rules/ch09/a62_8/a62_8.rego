# METADATA
# title: 不得超过规定时间更新政务数据目录、校核政务数据、开放政务数据
# description: |
#   第六十二条第（八）项：超过规定时间更新政务数据目录、校核政务数据、开放政务数据。
#   解读：本项本身不设时限，"规定时间"即本办法其他条款规定的期限：更新目录——第二十二条（A22.1 部门申请、A22.2 主管部门
#   审核更新）、第四十五条（A45 开放目录更正答复）；校核数据——第六十五条（A65.1 核实决定、A65.2 源头更正）；
#   开放数据——第四十六条（A46 有条件开放申请答复）。同一逾期行为既违反上述期限条款，又属本项禁止行为，是一个行为而非两个，
#   评价中只扣一次分（一事不二罚原则，参照《行政处罚法》第二十九条）：逾期由上述规则逐项认定并扣分，其证据值以
#   prohibited_act = "A62.8" 标注本项定性；本规则按部门汇总这些逾期，作出一项"提示"级（warning，不扣分）发现，
#   列明各项依据，使禁止行为的定性在报告和整改通知（第六十七条）中可见，而不重复扣分。
#   哪些规则的逐期认定属于本项，由各规则 METADATA 的 custom.prohibited_act: A62.8 声明（lib.finding.prohibited_act），
#   本规则按此标记收集，不另维护一份清单。
#   第二十三条（向市级报备）、第十三条（提供服务接口）、第七十二条（挂载更新数据）、第六十条（年度报告）不属本项所列三类行为，
#   不计入本项。
# related_resources:
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a22
#   - ref: docs/statute.md#a45
#   - ref: docs/statute.md#a46
#   - ref: docs/statute.md#a65
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.8
#   article: 62
#   item: 8
#   kind: prohibition
#   act_zh: 超过规定时间更新政务数据目录、校核政务数据、开放政务数据
#   severity: warning
#   dimension: catalog
#   rectification_ground: 1
#   bears_on_funding: false
package rules.ch09.a62_8

import data.lib.county
import data.lib.finding

# the grounds: every finding whose rule declares, in its METADATA, that its lateness is this prohibited act
# (custom.prohibited_act, lib.finding.prohibited_act), in the chapters that hold the deadline rules
# (a chapter is named, not all of data.rules, since this rule is itself in data.rules; tests/test_a62_8_grounds.py
# checks that every rule declaring the mark is in one of them)
_id := finding.rule_id(rego.metadata.chain())

_late := {f |
	some f in ((data.rules.ch03[_].findings | data.rules.ch07[_].findings) | data.rules.ch10[_].findings)
	f.values.prohibited_act == _id
}

# grounds: the rule ids whose findings are summed up here (from their METADATA)
grounds := {f.rule_id | some f in _late}

_ground(f) := {
	"rule_id": f.rule_id, "subject": f.subject, "pointer": f.pointer,
	"due_date": f.values.due_date, "actual_date": f.values.actual_date,
	"working_days_late": f.values.working_days_late, "open": f.values.open,
}

# each ground with its finding's one identity, the key main gives that finding (lib.finding.keyed): a notice
# says this qualification under the very finding it restates, matched by key (consumers/notices/words.py)
_grounds[code] contains [_ground(f), finding.keyed(f).key] if {
	some f in _late
	code := f.dept
}

# each ground said in its own rule's words (its message), in the order of the grounds in the evidence:
# a record is said by what it is, never by its id (the ids stay in the evidence)
_said[code] contains [_ground(f), f.message_zh] if {
	some f in _late
	code := f.dept
}

# the grounds in the order of their evidence (the key added to each, not sorted by)
_values(gs) := {"count": count(gs), "grounds": [object.union(g, {"key": k}) | some [g, k] in sort(gs)]}

_message(gs, said) := sprintf(
	"本周期有%d项超过规定时间更新政务数据目录、校核政务数据或开放政务数据，已在各项期限规则中认定，此处仅作第六十二条第（八）项定性，不另扣分：%s",
	[count(gs), concat("；", [m | some [_, m] in sort(said)])],
)

# _by_dept: the grounds of every department, built once a query (a lookup per department, no nested scan)
_by_dept := _grounds

findings contains f if {
	some d in input.departments
	code := d.department.code
	gs := _by_dept[code]
	f := finding.fail(rego.metadata.chain(), d, code, "", _values(gs), _message(gs, _said[code]))
}

# the authority without a department snapshot of its own in this evaluation (in any of its partitions):
# evidence in the platform snapshot
findings contains f if {
	some code, gs in _by_dept
	not county.evaluated(code)
	f := finding.fail_platform(rego.metadata.chain(), code, code, "", _values(gs), _message(gs, _said[code]))
}
