package rules.ch04.a27_test

import data.rules.ch04.a27

_params := {"ch04": {
	"a27_accuracy_min": {"values": {"2022-01-01": {"value": 0.95}}},
	"a27_timeliness_min": {"values": {"2022-01-01": {"value": 0.9}}},
	"a27_completeness_min": {"values": {"2022-01-01": {"value": 0.95}}},
}}

_dept(q) := {"departments": [{"department": {"code": "D1"}, "as_of": "2025-12-31", "quality": q}]}

test_pass_at_thresholds if {
	r := a27.findings with input as _dept({"accuracy": 0.95, "timeliness": 0.9, "completeness": 0.95}) with data.params as _params
	r == set()
	e := a27.errors with input as _dept({"accuracy": 0.95, "timeliness": 0.9, "completeness": 0.95}) with data.params as _params
	e == set()
}

test_fail_below_two_thresholds if {
	r := a27.findings with input as _dept({"accuracy": 0.9, "timeliness": 0.9, "completeness": 0.8}) with data.params as _params
	r == {{
		"rule_id": "A27", "dept": "D1", "source": "department", "subject": "D1", "pointer": "/quality",
		"values": {"below": {"accuracy": {"value": 0.9, "minimum": 0.95}, "completeness": {"value": 0.8, "minimum": 0.95}}},
		"message_zh": "数据质量未达到数据主管部门规定的阈值：准确性 0.9（最低 0.95）；完整性 0.8（最低 0.95）",
	}}
}

test_fail_timeliness_just_below if {
	r := a27.findings with input as _dept({"accuracy": 1, "timeliness": 0.89, "completeness": 1}) with data.params as _params
	{k | some f in r; some k, _ in f.values.below} == {"timeliness"}
}

test_error_quality_unreported if {
	e := a27.errors with input as _dept(null) with data.params as _params
	{x.pointer | some x in e} == {"/quality"}
	r := a27.findings with input as _dept(null) with data.params as _params
	r == set()
}

test_error_threshold_undefined if {
	p := {"ch04": {
		"a27_accuracy_min": {"values": {"2030-01-01": {"value": 0.95}}},
		"a27_timeliness_min": _params.ch04.a27_timeliness_min,
		"a27_completeness_min": _params.ch04.a27_completeness_min,
	}}
	e := a27.errors with input as _dept({"accuracy": 0.5, "timeliness": 1, "completeness": 1}) with data.params as p
	{x.pointer | some x in e} == {"/as_of"}
	r := a27.findings with input as _dept({"accuracy": 0.5, "timeliness": 1, "completeness": 1}) with data.params as p
	r == set()
}
