# METADATA
# title: 政务信息化项目审批与验收关口 / project gates at approval and acceptance
# description: |
#   第六十一条：政务信息化建设项目申请审批前应当预编制本项目的政务数据目录清单，作为项目审批要件。
#   政务信息化建设项目建成后，应当将政务数据目录清单完成情况、政务信息化系统与市政务数据共享交换平台
#   完成对接情况作为项目验收要求。
#   解读：快照中每个项目在立项审批关口（各阶段均须已预编制目录清单）和竣工验收关口（申请验收、已验收的
#   项目须目录清单已完成且已与市平台对接）各得“通过/不通过/未到此阶段”。若规则目录已有
#   data.assessment.project_gates 所列规则（A61.1、A61.2），关口以这些规则的未豁免发现项为准，
#   本包不再重复判断；否则直接读取项目事实。
#   输入：评分输入加 "projects": [{"department","id","name","stage","catalog_precompiled",
#   "catalog_completed","platform_connected","pointer"}] 与 "rules": [规则目录中的编号]。
# related_resources:
#   - ref: docs/statute.md#a61
package assessment.projects

_gates := data.assessment.project_gates

_counted := [f | some f in input.findings; not f.waived]

# gate key → whether its rules are in the rule catalog (then their findings decide)
_by_rules(key) if {
	some r in _gates[key].rules
	r in {x | some x in input.rules}
}

# reasons a project fails a gate, from the findings of the gate's rules
_reasons(key, p) := [sprintf("%s（%s）", [object.get(f, "message_zh", ""), f.rule_id]) |
	some f in _counted
	f.rule_id in {r | some r in _gates[key].rules}
	f.department == p.department
	f.subject == p.id
] if {
	_by_rules(key)
}

# …or from the project facts when the rules are not in the catalog
_reasons("approval", p) := [r |
	not p.catalog_precompiled
	r := "申请审批前未预编制本项目的政务数据目录清单（第六十一条）"
] if {
	not _by_rules("approval")
}

_reasons("acceptance", p) := array.concat(
	[r | not p.catalog_completed; r := "政务数据目录清单未完成（第六十一条）"],
	[r | not p.platform_connected; r := "政务信息化系统未与市政务数据共享交换平台完成对接（第六十一条）"],
) if {
	not _by_rules("acceptance")
}

_gate(key, p) := {"gate": key, "name_zh": _gates[key].name_zh, "status": "未到此阶段", "passed": null, "reasons": [], "basis": "stage"} if {
	not p.stage in {s | some s in _gates[key].stages}
}

_gate(key, p) := {"gate": key, "name_zh": _gates[key].name_zh, "status": _status(reasons), "passed": count(reasons) == 0, "reasons": reasons, "basis": _basis(key)} if {
	p.stage in {s | some s in _gates[key].stages}
	reasons := _reasons(key, p)
}

_status(reasons) := "通过" if count(reasons) == 0

_status(reasons) := "不通过" if count(reasons) > 0

_basis(key) := "findings" if _by_rules(key)

_basis(key) := "facts" if not _by_rules(key)

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
