package rules.ch08.a57_test

import data.rules.ch08.a57

_params := {
	"measures_in_force_from": {"values": {"2022-01-01": {"value": "2022-01-01"}}},
}

# the cycle is the authority's setting (data.authority.cycles), not a parameter of the Measures
_authority := {"cycles": {"a57_drill_period_months": {"values": {"2022-01-01": {"value": 12}}}}}

_late_authority := {"cycles": {"a57_drill_period_months": {"values": {"2030-01-01": {"value": 12}}}}}

_dept(plan, drills, incidents) := {"departments": [{
	"department": {"code": "D1"}, "as_of": "2025-12-31",
	"security": {"emergency_plan": plan, "drills": drills}, "incidents": incidents,
}]}

_inc(responded, recorded, reported) := {
	"id": "INC1", "date": "2025-05-01", "description": "门户遭扫描",
	"responded": responded, "recorded": recorded, "reported": reported,
}

test_pass_plan_drill_incident_handled if {
	r := a57.findings with input as _dept(true, ["2025-06-01"], [_inc(true, true, true)]) with data.params as _params with data.authority as _authority
	r == set()
}

test_fail_no_plan if {
	r := a57.findings with input as _dept(false, ["2025-06-01"], []) with data.params as _params with data.authority as _authority
	r == {{
		"rule_id": "A57", "dept": "D1", "source": "department", "subject": "D1", "pointer": "/security/emergency_plan",
		"values": {"emergency_plan": false}, "message_zh": "未针对政务数据安全风险制定应急预案",
	}}
}

test_fail_no_drill_in_period if {
	r := a57.findings with input as _dept(true, ["2024-12-31"], []) with data.params as _params with data.authority as _authority
	r == {{
		"rule_id": "A57", "dept": "D1", "source": "department", "subject": "D1", "pointer": "/security/drills",
		"values": {"period_months": 12, "window_after": "2024-12-31", "as_of": "2025-12-31"},
		"message_zh": "2024年12月31日之后至2025年12月31日（12个月）未组织应急演练",
	}}
}

test_pass_drill_day_after_window_start if {
	r := a57.findings with input as _dept(true, ["2025-01-01"], []) with data.params as _params with data.authority as _authority
	r == set()
}

test_fail_incident_not_recorded_nor_reported if {
	r := a57.findings with input as _dept(true, ["2025-06-01"], [_inc(true, false, false)]) with data.params as _params with data.authority as _authority
	r == {{
		"rule_id": "A57", "dept": "D1", "source": "department", "subject": "INC1", "pointer": "/incidents/0",
		"values": {"date": "2025-05-01", "responded": true, "recorded": false, "reported": false},
		"message_zh": "2025年5月1日发生的网络安全事件未保存记录、未向主管部门报告",
	}}
}

test_error_plan_unreported if {
	e := a57.errors with input as _dept(null, ["2025-06-01"], []) with data.params as _params with data.authority as _authority
	{x.pointer | some x in e} == {"/security/emergency_plan"}
}

test_error_parameter_undefined if {
	p := _params
	e := a57.errors with input as _dept(true, [], []) with data.params as p with data.authority as _late_authority
	{x.pointer | some x in e} == {"/as_of"}
}
