package lib.scope_test

import data.lib.scope

test_secret_resource_out_of_scope if {
	r := scope.out_of_scope with input as {"departments": [{
		"department": {"code": "D1"},
		"catalog": [{"id": "R1", "involves_state_secret": false}, {"id": "R2", "involves_state_secret": true}],
	}]}
	r == {{
		"dept": "D1", "department_name": "D1", "subject": "R2", "name_zh": "R2", "pointer": "/catalog/1",
		"reason_zh": "涉及国家秘密，依第二条第二款按保密法律法规执行，不适用本办法规则",
	}}
}

test_ordinary_resource_in_scope if {
	scope.in_scope({"id": "R1", "involves_state_secret": false})
}

test_art71_resource_and_system_out_of_scope_with_the_reason if {
	r := scope.out_of_scope with input as {"departments": [{
		"department": {"code": "D1"},
		"catalog": [{"id": "R1", "involves_state_secret": false, "outside_public_service": "内部人事工资"}],
		"systems": [{"id": "S1", "classified": false, "outside_public_service": "内部财务核算", "resource_codes": ["X-1"]}],
	}]}
	r == {
		{
			"dept": "D1", "department_name": "D1", "subject": "R1", "name_zh": "R1", "pointer": "/catalog/0/outside_public_service",
			"reason_zh": "第七十一条：参照执行单位只就依法履行公共管理和服务职责过程中采集和产生的数据参照本办法；内部人事工资",
		},
		{
			"dept": "D1", "department_name": "D1", "subject": "S1", "name_zh": "S1", "pointer": "/systems/0/outside_public_service",
			"reason_zh": "第七十一条：参照执行单位只就依法履行公共管理和服务职责过程中采集和产生的数据参照本办法；内部财务核算",
		},
	}
}

test_classified_system_resources_outside_the_catalog_are_listed if {
	r := scope.out_of_scope with input as {"departments": [{
		"department": {"code": "D1"},
		"catalog": [{"id": "R1", "code": "C-1", "involves_state_secret": false}],
		"systems": [{"id": "S1", "classified": true, "resource_codes": ["C-1", "C-9"]}],
	}]}
	r == {{
		"dept": "D1", "department_name": "D1", "subject": "C-9", "name_zh": "涉密信息系统「S1」产生的资源代码为C-9的数据资源", "pointer": "/systems/0/resource_codes",
		"reason_zh": "涉密信息系统的数据资源，依第二条第二款不列入政务数据目录、按保密法律法规执行，不适用本办法规则",
	}}
}

test_outside_public_service_is_not_in_scope if {
	not scope.in_scope({"id": "R1", "involves_state_secret": false, "outside_public_service": "内部人事"})
	not scope.system_in_scope({"id": "S1", "classified": false, "outside_public_service": "内部财务"})
	scope.system_in_scope({"id": "S2", "classified": false})
}

test_the_list_names_the_body_and_the_resource if {
	r := scope.out_of_scope with input as {"departments": [{
		"department": {"code": "D1", "name": "国网某县供电公司"},
		"catalog": [{"id": "R1", "name": "内部人事与薪酬数据", "involves_state_secret": false, "outside_public_service": "内部人事工资"}],
	}]}
	{[o.department_name, o.name_zh] | some o in r} == {["国网某县供电公司", "内部人事与薪酬数据"]}
}
