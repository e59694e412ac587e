package rules.ch04.a27_test

import data.rules.ch04.a27

_t(acc, tim, com) := {
	"accuracy_min": {"values": {"2022-01-01": {"value": acc}}},
	"timeliness_min": {"values": {"2022-01-01": {"value": tim}}},
	"completeness_min": {"values": {"2022-01-01": {"value": com}}},
}

# the authority's settings (data.authority): thresholds differ by data category
_authority := {
	"categories": {"population": {"order": 1, "name_zh": "人口基础数据"}, "other": {"order": 99, "name_zh": "其他数据"}},
	"quality_thresholds": {"population": _t(0.99, 0.95, 0.99), "other": _t(0.95, 0.9, 0.95)},
}

_q(id, cat, acc, tim, com) := {"id": id, "category": cat, "resource_code": null, "accuracy": acc, "timeliness": tim, "completeness": com}

_dept(reports) := {"departments": [{"department": {"code": "D1"}, "as_of": "2025-12-31", "quality_reports": reports}]}

test_pass_at_thresholds if {
	inp := _dept([_q("Q1", "other", 0.95, 0.9, 0.95), _q("Q2", "population", 0.99, 0.95, 0.99)])
	r := a27.findings with input as inp with data.authority as _authority
	r == set()
	e := a27.errors with input as inp with data.authority as _authority
	e == set()
}

test_fail_below_two_thresholds if {
	r := a27.findings with input as _dept([_q("Q1", "other", 0.9, 0.9, 0.8)]) with data.authority as _authority
	r == {{
		"rule_id": "A27", "dept": "D1", "source": "department", "subject": "Q1", "pointer": "/quality_reports/0",
		"values": {
			"category": "other", "category_applied": "other",
			"below": {"accuracy": {"value": 0.9, "minimum": 0.95}, "completeness": {"value": 0.8, "minimum": 0.95}},
		},
		"message_zh": "数据质量（其他数据）未达到数据主管部门规定的要求：准确性0.9（最低0.95）；完整性0.8（最低0.95）",
		"named": {},
	}}
}

# item 6: the same figures pass for "other" and fail for population data, whose threshold is higher
test_fail_population_data_has_its_own_threshold if {
	inp := _dept([_q("Q1", "other", 0.97, 0.95, 0.99), _q("Q2", "population", 0.97, 0.95, 0.99)])
	r := a27.findings with input as inp with data.authority as _authority
	{[f.subject, f.values.category_applied] | some f in r} == {["Q2", "population"]}
}

test_fail_unknown_category_is_judged_as_other_and_says_so if {
	q := object.union(_q("Q1", "credit", 0.9, 0.95, 0.99), {"resource_code": "R-9"})
	r := a27.findings with input as _dept([q]) with data.authority as _authority
	{[f.values.category, f.values.category_applied, f.values.resource_code] | some f in r} == {["credit", "other", "R-9"]}
	{f.message_zh | some f in r} == {"资源代码为R-9的数据资源（本部门目录和市共享平台登记中均无此代码）的数据质量（其他数据）未达到数据主管部门规定的要求：准确性0.9（最低0.95）"}
}

# a report by data category is of no resource: its evidence names none (the notice's attachment said 「数据资源：无」)
test_fail_report_by_category_names_no_resource if {
	r := a27.findings with input as _dept([_q("Q1", "other", 0.9, 0.9, 0.95)]) with data.authority as _authority
	count(r) == 1
	some f in r
	not "resource_code" in object.keys(f.values)
	not contains(f.message_zh, "资源")
}

test_fail_timeliness_just_below if {
	r := a27.findings with input as _dept([_q("Q1", "other", 1, 0.89, 1)]) with data.authority as _authority
	{k | some f in r; some k, _ in f.values.below} == {"timeliness"}
}

test_error_quality_unreported if {
	e := a27.errors with input as _dept([]) with data.authority as _authority
	{x.pointer | some x in e} == {"/quality_reports"}
	r := a27.findings with input as _dept([]) with data.authority as _authority
	r == set()
}

test_error_threshold_not_in_force if {
	late := {"categories": _authority.categories, "quality_thresholds": {"other": {
		"accuracy_min": {"values": {"2030-01-01": {"value": 0.95}}},
		"timeliness_min": {"values": {"2022-01-01": {"value": 0.9}}},
		"completeness_min": {"values": {"2022-01-01": {"value": 0.95}}},
	}}}
	e := a27.errors with input as _dept([_q("Q1", "other", 1, 1, 1)]) with data.authority as late
	{x.pointer | some x in e} == {"/quality_reports/0"}
}
