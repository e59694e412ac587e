package rules.ch09.a60_1_test

import data.rules.ch09.a60_1

_p := {"ch09": {"a60_1_report_due_month": {"values": {"2022-01-01": {"value": 1}}}}}

_dept(as_of, reports) := {"departments": [{
	"period": 2025, "as_of": as_of, "department": {"code": "D1", "kind": "政务部门"}, "reports": reports,
}]}

_r(submitted) := {"id": "RP1", "kind": "部门年度政务数据管理情况", "covers_year": 2024, "submitted": submitted}

test_fail_filed_one_day_late if {
	r := a60_1.findings with input as _dept("2025-12-31", [_r("2025-02-01")]) with data.params as _p
	r == {{
		"rule_id": "A60.1", "dept": "D1", "source": "department", "subject": "RP1", "pointer": "/reports/0",
		"values": {"covers_year": 2024, "due_date": "2025-01-31", "submitted": "2025-02-01"},
		"message_zh": "2024 年度政务数据管理情况于 2025-02-01 提交，晚于 2025-01-31 的期限",
	}}
}

test_fail_not_filed_after_deadline if {
	r := a60_1.findings with input as _dept("2025-12-31", []) with data.params as _p
	r == {{
		"rule_id": "A60.1", "dept": "D1", "source": "department", "subject": "D1", "pointer": "/reports",
		"values": {"covers_year": 2024, "due_date": "2025-01-31", "submitted": null, "as_of": "2025-12-31"},
		"message_zh": "截至 2025-12-31 未提交 2024 年度政务数据管理情况（期限 2025-01-31）",
	}}
}

test_pass_filed_on_last_day if {
	r := a60_1.findings with input as _dept("2025-12-31", [_r("2025-01-31")]) with data.params as _p
	r == set()
}

test_pass_not_yet_due if {
	r := a60_1.findings with input as _dept("2025-01-31", []) with data.params as _p
	r == set()
}

test_pass_authority_not_subject if {
	inp := {"departments": [{"period": 2025, "as_of": "2025-12-31", "department": {"code": "A", "kind": "数据主管部门"}, "reports": []}]}
	r := a60_1.findings with input as inp with data.params as _p
	r == set()
}

test_error_when_parameter_not_in_force if {
	e := a60_1.errors with input as _dept("2021-12-31", []) with data.params as _p
	count(e) == 1
}
