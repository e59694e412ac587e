package rules.ch05.a33_test

import data.rules.ch05.a33

_params := {"ch05": {"a33_log_retention_months": {"values": {"2022-01-01": {"value": 6}}}}}

_dept(provided, obtained, months) := {"departments": [{
	"department": {"code": "D1"}, "as_of": "2025-12-31",
	"security": {"logs_provided": provided, "logs_obtained": obtained, "log_retention_months": months},
}]}

test_pass_logs_kept_six_months if {
	r := a33.findings with input as _dept(true, true, 6) with data.params as _params
	r == set()
	e := a33.errors with input as _dept(true, true, 6) with data.params as _params
	e == set()
}

test_fail_five_months if {
	r := a33.findings with input as _dept(true, true, 5) with data.params as _params
	r == {{
		"rule_id": "A33", "dept": "D1", "source": "department", "subject": "D1",
		"pointer": "/security/log_retention_months", "values": {"log_retention_months": 5, "minimum_months": 6},
		"message_zh": "日志记录保存5个月，少于6个月",
	}}
}

test_fail_no_log_of_obtained_data if {
	r := a33.findings with input as _dept(true, false, 12) with data.params as _params
	r == {{
		"rule_id": "A33", "dept": "D1", "source": "department", "subject": "D1",
		"pointer": "/security/logs_obtained", "values": {"logs_obtained": false},
		"message_zh": "未建立获取数据日志记录",
	}}
}

test_error_unreported_facts if {
	e := a33.errors with input as _dept(null, true, null) with data.params as _params
	{x.pointer | some x in e} == {"/security/logs_provided", "/security/log_retention_months"}
	r := a33.findings with input as _dept(null, true, null) with data.params as _params
	r == set()
}

test_error_parameter_undefined if {
	p := {"ch05": {"a33_log_retention_months": {"values": {"2030-01-01": {"value": 6}}}}}
	e := a33.errors with input as _dept(true, true, 3) with data.params as p
	{x.pointer | some x in e} == {"/as_of"}
	r := a33.findings with input as _dept(true, true, 3) with data.params as p
	r == set()
}
