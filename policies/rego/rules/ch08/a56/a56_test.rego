package rules.ch08.a56_test

import data.rules.ch08.a56

_params := {
	"measures_in_force_from": {"values": {"2022-01-01": {"value": "2022-01-01"}}},
}

# the cycle is the authority's setting (data.authority.cycles), not a parameter of the Measures
_authority := {"cycles": {"a56_risk_assessment_period_months": {"values": {"2022-01-01": {"value": 12}}}}}

_late_authority := {"cycles": {"a56_risk_assessment_period_months": {"values": {"2030-01-01": {"value": 12}}}}}

_dept(as_of, dates) := {"departments": [{
	"department": {"code": "D1"}, "as_of": as_of, "security": {"risk_assessments": dates},
}]}

test_fail_none_within_twelve_months if {
	r := a56.findings with input as _dept("2025-12-31", ["2024-12-31"]) with data.params as _params with data.authority as _authority
	r == {{
		"rule_id": "A56", "dept": "D1", "source": "department", "subject": "D1", "pointer": "/security/risk_assessments",
		"values": {"period_months": 12, "window_after": "2024-12-31", "as_of": "2025-12-31", "last": "2024-12-31"},
		"message_zh": "2024年12月31日之后至2025年12月31日（12个月）未开展政务数据风险评估",
	}}
}

test_fail_never_assessed if {
	r := a56.findings with input as _dept("2025-12-31", []) with data.params as _params with data.authority as _authority
	{f.values.last | some f in r} == {null}
}

test_pass_day_after_window_start if {
	r := a56.findings with input as _dept("2025-12-31", ["2025-01-01"]) with data.params as _params with data.authority as _authority
	r == set()
}

test_pass_on_as_of if {
	r := a56.findings with input as _dept("2025-12-31", ["2023-05-01", "2025-12-31"]) with data.params as _params with data.authority as _authority
	r == set()
}

test_pass_first_period_not_yet_elapsed if {
	r := a56.findings with input as _dept("2022-12-30", []) with data.params as _params with data.authority as _authority
	r == set()
}

test_fail_first_period_just_elapsed if {
	r := a56.findings with input as _dept("2023-01-01", []) with data.params as _params with data.authority as _authority
	{f.values.window_after | some f in r} == {"2022-01-01"}
}

test_error_parameter_undefined if {
	p := _params
	e := a56.errors with input as _dept("2025-12-31", []) with data.params as p with data.authority as _late_authority
	{x.pointer | some x in e} == {"/as_of"}
	r := a56.findings with input as _dept("2025-12-31", []) with data.params as p with data.authority as _late_authority
	r == set()
}
