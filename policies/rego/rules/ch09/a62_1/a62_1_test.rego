package rules.ch09.a62_1_test

import data.rules.ch09.a62_1

_sys(id, name, codes) := {"id": id, "name": name, "classified": false, "in_use": true, "resource_codes": codes}

# the name keys are the facts Python computes (evaluator/facts/names.py); for these Chinese names without
# Latin letters or spaces the key is the name itself
_input(register, systems, catalog) := _keyed(register, [r.name | some r in register], systems, [s.name | some s in systems], catalog)

_keyed(register, register_keys, systems, system_keys, catalog) := {
	"platform": {"system_register": register, "facts": {"system_register_name_keys": register_keys}},
	"departments": [{
		"department": {"code": "D1"},
		"systems": systems,
		"facts": {"system_name_keys": system_keys},
		"catalog": [{"id": sprintf("E%s", [c]), "code": c, "involves_state_secret": false} | some c in catalog],
	}],
}

_reg(id, dept, name, codes) := {"id": id, "dept": dept, "name": name, "resource_codes": codes}

test_fail_registered_system_not_reported if {
	r := a62_1.findings with input as _input([_reg("RS1", "D1", "低保系统", ["R1"])], [], ["R1"])
	r == {{
		"rule_id": "A62.1", "dept": "D1", "source": "platform", "subject": "RS1", "pointer": "/system_register/0",
		"values": {"system": "低保系统", "resource_codes": ["R1"]},
		"message_zh": "全县政务信息系统登记显示本部门运行信息系统「低保系统」，部门快照未填报该系统",
		"named": {"R1": "资源代码为R1的数据资源（本部门目录和市共享平台登记中均无此代码）"},
	}}
}

test_fail_own_system_code_not_in_catalog if {
	r := a62_1.findings with input as _input([], [_sys("S1", "低保系统", ["R1", "R2"])], ["R1"])
	r == {{
		"rule_id": "A62.1", "dept": "D1", "source": "department", "subject": "R2", "pointer": "/systems/0/resource_codes",
		"values": {"resource_code": "R2", "systems": ["低保系统"]},
		"message_zh": "信息系统「低保系统」产生的资源代码为R2的数据资源未列入本部门政务数据目录",
		"named": {"R2": "资源代码为R2的数据资源（本部门目录和市共享平台登记中均无此代码）"},
	}}
}

test_fail_registered_code_not_in_catalog_once if {
	# the system is reported (matched by name) without the code; the register lists it
	reg := [_reg("RS1", "D1", "低保系统", ["R1", "R3"]), _reg("RS2", "D1", "救助系统", ["R3"])]
	sys := [_sys("S1", "低保系统", ["R1"]), _sys("S2", "救助系统", [])]
	r := a62_1.findings with input as _input(reg, sys, ["R1"])
	r == {{
		"rule_id": "A62.1", "dept": "D1", "source": "platform", "subject": "R3", "pointer": "/system_register/0/resource_codes",
		"values": {"resource_code": "R3", "systems": ["低保系统", "救助系统"]},
		"message_zh": "全县政务信息系统登记中本部门系统「低保系统」「救助系统」产生的资源代码为R3的数据资源未列入本部门政务数据目录",
		"named": {"R3": "资源代码为R3的数据资源（本部门目录和市共享平台登记中均无此代码）"},
	}}
}

test_fail_code_in_both_counted_once_from_department if {
	reg := [_reg("RS1", "D1", "低保系统", ["R2"])]
	r := a62_1.findings with input as _input(reg, [_sys("RS1", "低保系统", ["R2"])], [])
	{[f.source, f.subject] | some f in r} == {["department", "R2"]}
}

test_pass_all_reported_and_catalogued if {
	reg := [_reg("RS1", "D1", "低保系统", ["R1"]), _reg("RS9", "D2", "他部门系统", ["R9"])]
	r := a62_1.findings with input as _input(reg, [_sys("S1", "低保系统", ["R1"])], ["R1"])
	r == set()
}

test_pass_classified_system_out_of_scope if {
	reg := [_reg("RS1", "D1", "涉密系统", ["R7"])]
	sys := [object.union(_sys("RS1", "涉密系统", ["R7"]), {"classified": true})]
	r := a62_1.findings with input as _input(reg, sys, [])
	r == set()
}

test_pass_retired_system_left_to_update_rules if {
	sys := [object.union(_sys("S1", "旧系统", ["R8"]), {"in_use": false})]
	r := a62_1.findings with input as _input([], sys, [])
	r == set()
}

# reading 7: an Art. 71 body's payroll system, outside its public service, is not a catalog omission
test_pass_art71_system_outside_public_service if {
	reg := [_reg("RS1", "D1", "人力资源工资系统", ["HR-1"])]
	sys := [object.union(_sys("RS1", "人力资源工资系统", ["HR-1"]), {"outside_public_service": "内部人事工资管理"})]
	r := a62_1.findings with input as _input(reg, sys, [])
	r == set()
}

test_fail_the_same_system_without_the_art71_mark if {
	reg := [_reg("RS1", "D1", "人力资源工资系统", ["HR-1"])]
	r := a62_1.findings with input as _input(reg, [_sys("RS1", "人力资源工资系统", ["HR-1"])], [])
	{f.subject | some f in r} == {"HR-1"}
}

# 「ＯＡ系统」 (full-width Latin) reported by the department is the registered 「OA 系统」: Python gives both
# the key "oa系统"; compared by name as written they differed and made a false finding
test_pass_full_width_name_matches_by_its_key if {
	reg := [_reg("RS1", "D1", "OA 系统", ["R1"])]
	sys := [_sys("S1", "ＯＡ系统", ["R1"])]
	r := a62_1.findings with input as _keyed(reg, ["oa系统"], sys, ["oa系统"], ["R1"])
	r == set()
}

test_fail_different_keys_are_different_systems if {
	reg := [_reg("RS1", "D1", "OA系统", ["R1"])]
	sys := [_sys("S1", "OA系统二期", ["R1"])]
	r := a62_1.findings with input as _keyed(reg, ["oa系统"], sys, ["oa系统二期"], ["R1"])
	{[f.source, f.subject] | some f in r} == {["platform", "RS1"]}
}

# a classified system reported under a full-width name is the registered one, out of scope
test_pass_classified_full_width_name if {
	reg := [_reg("RS1", "D1", "GIS涉密系统", ["R7"])]
	sys := [object.union(_sys("S1", "ＧＩＳ涉密系统", ["R7"]), {"classified": true})]
	r := a62_1.findings with input as _keyed(reg, ["gis涉密系统"], sys, ["gis涉密系统"], [])
	r == set()
}

# no facts on the platform (an input not built by the evaluator): names never match, the system is
# reported as not reported — a finding, never a silent pass
test_fail_without_name_facts_the_system_is_not_matched if {
	reg := [_reg("RS1", "D1", "低保系统", ["R1"])]
	inp := json.remove(_input(reg, [_sys("S1", "低保系统", ["R1"])], ["R1"]), ["platform/facts"])
	r := a62_1.findings with input as inp
	{f.subject | some f in r} == {"RS1"}
}
