package rules.ch04.a24_test

import data.rules.ch04.a24

_input(c, statuses) := {"departments": [{
	"department": {"code": "D1"},
	"collections": [c],
	"facts": {"identifiers": {"C1": statuses}},
}]}

_c(subject, idtype, n) := {
	"id": "C1", "item_name": "低保对象", "subject_type": subject, "identifier_type": idtype,
	"identifier_samples": [sprintf("s%d", [k]) | some k in numbers.range(1, n)],
}

test_fail_natural_person_keyed_by_other_identifier if {
	r := a24.findings with input as _input(_c("自然人", "其他标识", 0), [])
	r == {{
		"rule_id": "A24", "dept": "D1", "source": "department", "subject": "C1",
		"pointer": "/collections/0/identifier_type",
		"values": {"subject_type": "自然人", "identifier_type": "其他标识", "required": "身份证号码"},
		"message_zh": "采集「低保对象」（对象：自然人）以「其他标识」为标识，应以身份证号码为标识",
	}}
}

test_fail_bad_check_digit if {
	bad := {"index": 1, "masked": "4113**********1238", "status": "bad_check"}
	r := a24.findings with input as _input(_c("自然人", "身份证号码", 2), [{"index": 0, "masked": "x", "status": "valid"}, bad])
	r == {{
		"rule_id": "A24", "dept": "D1", "source": "department", "subject": "C1",
		"pointer": "/collections/0/identifier_samples",
		"values": {"invalid": [bad], "sampled": 2},
		"message_zh": "采集「低保对象」抽检的2个身份证号码中有1个无效（格式、出生日期或校验码错误）",
	}}
}

test_warning_unknown_region_only if {
	odd := {"index": 0, "masked": "9913**********1230", "status": "unknown_region"}
	r := a24.findings with input as _input(_c("自然人", "身份证号码", 1), [odd])
	r == {{
		"rule_id": "A24", "dept": "D1", "source": "department", "subject": "C1#region",
		"pointer": "/collections/0/identifier_samples", "severity": "warning",
		"values": {"unknown_region": [odd]},
		"message_zh": "采集「低保对象」有1个身份证号码的行政区划代码不在代码表中（可能为已撤销或更名的地区），请核实",
	}}
}

test_pass_valid_uscc if {
	r := a24.findings with input as _input(_c("法人和其他组织", "统一社会信用代码", 1), [{"index": 0, "masked": "x", "status": "valid"}])
	r == set()
}

test_pass_other_subjects_unconstrained if {
	r := a24.findings with input as _input(_c("其他", "无标识", 0), [])
	r == set()
}

test_error_when_facts_missing if {
	e := a24.errors with input as {"departments": [{"department": {"code": "D1"}, "collections": [_c("自然人", "身份证号码", 1)], "facts": {}}]}
	{x.pointer | some x in e} == {"/collections/0"}
}
