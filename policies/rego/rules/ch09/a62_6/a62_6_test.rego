package rules.ch09.a62_6_test

import data.rules.ch09.a62_6

_input(materials) := {
	"platform": {
		"shared_items": [{"item_code": "DE0001", "provider": "PSB"}, {"item_code": "DE0001", "provider": "D2"}],
		"facts": {"item_names": {"DE0001": "身份证号码"}},
		"service_items": [
			{"id": "S1", "dept": "D1", "name": "最低生活保障审批", "materials": materials},
			{"id": "S2", "dept": "D2", "name": "他部门事项", "materials": [_mat("DE0001", true, false)]},
		],
	},
	"departments": [{"department": {"code": "D1"}}],
	"department_names": {"D1": "县甲局", "D2": "县乙局", "PSB": "县公安局"},
}

_mat(code, paper, excluded) := {
	"id": "M1", "name": "户口簿", "item_code": code,
	"paper_required": paper, "e_document_excluded": excluded,
}

test_fail_asks_for_shared_data if {
	r := a62_6.findings with input as _input([_mat("DE0001", true, false)])
	r == {{
		"rule_id": "A62.6", "dept": "D1", "source": "platform", "subject": "M1", "pointer": "/service_items/0/materials/0",
		"values": {"service_item": "最低生活保障审批", "material": "户口簿", "item_code": "DE0001", "shared_by": ["D2", "PSB"]},
		"message_zh": "政务服务事项「最低生活保障审批」要求申请人提供「户口簿」，其中的数据项「身份证号码」已由县乙局、县公安局在市共享平台共享，可经平台获取，且非国家规定不适用电子文书的情形",
		"named": {"DE0001": "「身份证号码」"},
	}}
}

test_pass_state_excludes_e_documents if {
	r := a62_6.findings with input as _input([_mat("DE0001", true, true)])
	r == set()
}

test_pass_obtained_by_sharing_not_asked if {
	r := a62_6.findings with input as _input([_mat("DE0001", false, false)])
	r == set()
}

test_pass_not_shared_on_platform if {
	r := a62_6.findings with input as _input([_mat("DE9999", true, false)])
	r == set()
}

test_pass_material_without_item_code if {
	r := a62_6.findings with input as _input([_mat(null, true, false)])
	r == set()
}
