# METADATA
# title: 政务信息化项目审批与验收关口 / project gates at approval and acceptance
# description: |
#   第六十一条：政务信息化建设项目申请审批前应当预编制本项目的政务数据目录清单，作为项目审批要件。
#   政务信息化建设项目建成后，应当将政务数据目录清单完成情况、政务信息化系统与市政务数据共享交换平台
#   完成对接情况作为项目验收要求。
#   解读：快照中每个项目在立项审批关口（各阶段均须已预编制目录清单）和竣工验收关口（申请验收、已验收的
#   项目须目录清单已完成且已与市平台对接）各得“通过/不通过/未到此阶段”。关口以
#   data.assessment.project_gates 所列规则（A61.1、A61.2）的未豁免发现项为准：规范只在规则中写一次，
#   本包不重复判断。所列规则不在规则目录中时，关口为“无法判定”并报错，绝不视为通过。
#   输入：评分输入加 "projects": [{"department","id","name","stage","catalog_precompiled",
#   "catalog_completed","platform_connected","pointer"}] 与 "rules": [规则目录中的编号]。
# related_resources:
#   - ref: docs/statute.md#a61
package assessment.projects

_gates := data.assessment.project_gates

_counted := [f | some f in input.findings; not f.waived]

# gate key → whether its rules are in the rule catalog (their findings decide the gate)
_by_rules(key) if {
	every r in _gates[key].rules {
		r in {x | some x in input.rules}
	}
}

# reasons a project fails a gate: the unwaived findings of the gate's rules on that project
_reasons(key, p) := [sprintf("%s（%s）", [object.get(f, "message_zh", ""), f.rule_id]) |
	some f in _counted
	f.rule_id in {r | some r in _gates[key].rules}
	f.department == p.department
	f.subject == p.id
]

# a gate whose rules are missing from the catalog cannot be decided: an error, never a pass
errors contains sprintf("项目关口 %s 所依据的规则 %v 不在规则目录中，无法判定 / gate rules missing", [key, _gates[key].rules]) if {
	some key, _ in _gates
	not _by_rules(key)
}

_gate(key, p) := {"gate": key, "name_zh": _gates[key].name_zh, "status": "未到此阶段", "passed": null, "reasons": [], "basis": "stage"} if {
	not p.stage in {s | some s in _gates[key].stages}
}

_gate(key, p) := {"gate": key, "name_zh": _gates[key].name_zh, "status": _status(reasons), "passed": count(reasons) == 0, "reasons": reasons, "basis": "findings"} if {
	p.stage in {s | some s in _gates[key].stages}
	_by_rules(key)
	reasons := _reasons(key, p)
}

_gate(key, p) := {"gate": key, "name_zh": _gates[key].name_zh, "status": "无法判定", "passed": null, "reasons": [], "basis": "missing_rules"} if {
	p.stage in {s | some s in _gates[key].stages}
	not _by_rules(key)
}

_status(reasons) := "通过" if count(reasons) == 0

_status(reasons) := "不通过" if count(reasons) > 0

gates := [{
	"department": p.department,
	"department_name": object.get(p, "department_name", ""),
	"project": p.id,
	"name": p.name,
	"stage": p.stage,
	"pointer": object.get(p, "pointer", ""),
	"gates": [_gate(k, p) | some k in ["approval", "acceptance"]],
} |
	some x in sort([[p.department, p.id, i] | some i, p in input.projects])
	p := input.projects[x[2]]
]

# one query's answer: every project's gates and the errors that stop them being decided
answer := {"gates": gates, "errors": errors}
