package assessment.projects_test

import data.assessment.projects

_p(id, stage, pre, done, connected) := {
	"department": "D1", "id": id, "name": concat("", ["项目", id]), "stage": stage,
	"catalog_precompiled": pre, "catalog_completed": done, "platform_connected": connected,
	"pointer": "/projects/0",
}

_gate(r, id, key) := [g | some p in r; p.project == id; some g in p.gates; g.gate == key][0]

test_missing_gate_rules_are_an_error_never_a_pass if {
	inp := {"rules": [], "findings": [], "projects": [_p("P1", "申请审批", false, false, false)]}
	r := projects.gates with input as inp
	_gate(r, "P1", "approval") == {
		"gate": "approval", "name_zh": "立项审批", "status": "无法判定", "passed": null,
		"reasons": [], "basis": "missing_rules",
	}
	_gate(r, "P1", "acceptance").status == "未到此阶段"
	e := projects.errors with input as inp
	count(e) == 2
}

test_no_error_when_the_rules_are_in_the_catalog if {
	e := projects.errors with input as {"rules": ["A61.1", "A61.2"], "findings": [], "projects": []}
	e == set()
}

test_findings_decide_when_the_rules_are_in_the_catalog if {
	f := {"rule_id": "A61.2", "department": "D1", "subject": "P3", "message_zh": "验收时目录未完成"}
	waived := {"rule_id": "A61.1", "department": "D1", "subject": "P3", "message_zh": "x", "waived": true}
	r := projects.gates with input as {"rules": ["A61.1", "A61.2"], "findings": [f, waived], "projects": [
		_p("P3", "申请验收", false, true, true),
	]}
	_gate(r, "P3", "approval") == {
		"gate": "approval", "name_zh": "立项审批", "status": "通过", "passed": true, "reasons": [], "basis": "findings",
	}
	_gate(r, "P3", "acceptance").reasons == ["验收时目录未完成（A61.2）"]
	_gate(r, "P3", "acceptance").basis == "findings"
}

test_the_answer_is_the_gates_and_the_errors if {
	inp := {"rules": [], "findings": [], "projects": [_p("P1", "申请审批", false, false, false)]}
	a := projects.answer with input as inp
	a.gates == projects.gates with input as inp
	a.errors == projects.errors with input as inp
	count(a.errors) == 2
}
