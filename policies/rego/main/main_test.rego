package main_test

import data.main

_f(subject) := {"rule_id": "A37.1", "dept": "D1", "source": "department", "subject": subject, "pointer": "/catalog/0", "values": {}, "message_zh": "x"}

# the finding as main gives it: keyed (lib.finding.keyed)
_k(subject) := object.union(_f(subject), {"key": sprintf("A37.1|D1|2025|%s|/catalog/*", [subject]), "variant": "/catalog/*"})

_w := {
	"id": 7, "key": "A37.1|D1|2025|R-1|/catalog/*", "rule_id": "A37.1", "department": "D1", "period": 2025, "subject": "R-1",
	"ground": "尽职", "grantor": "王科长", "granted_on": "2026-03-02", "evidence": "已按期报送，平台故障",
}

_rules := {"ch06": {"a37_1": {"findings": {_f("R-1"), _f("R-2")}}}}

test_fail_waived_finding_stays_marked if {
	r := main.findings with data.rules as _rules with input as {"period": 2025, "waivers": [_w]}
	r == {object.union(_k("R-1"), {"waived": true, "waiver": _w}), _k("R-2")}
}

test_pass_without_waivers_findings_unchanged if {
	r := main.findings with data.rules as _rules with input as {"period": 2025}
	r == {_k("R-1"), _k("R-2")}
}

# the double-waiver defect: one waiver on a record where one rule found two things marks exactly one
_late := {"rule_id": "A45", "dept": "D1", "source": "department", "subject": "OC1", "pointer": "/open_catalog_corrections/3", "values": {}, "message_zh": "逾期"}

_reasons := object.union(_late, {"message_zh": "未说明理由", "aspect": "reasons"})

test_fail_one_waiver_marks_one_of_two_findings_on_a_record if {
	w := object.union(_w, {"key": "A45|D1|2025|OC1|/open_catalog_corrections/*#reasons", "rule_id": "A45", "subject": "OC1"})
	r := main.findings with data.rules as {"ch07": {"a45": {"findings": {_late, _reasons}}}}
		with input as {"period": 2025, "waivers": [w]}
	{[f.variant, object.get(f, "waived", false)] | some f in r} == {
		["/open_catalog_corrections/*", false],
		["/open_catalog_corrections/*#reasons", true],
	}
}

_missing := {
	"rule_id": "",
	"dept": "",
	"source": "input",
	"pointer": "/platform",
	"message_zh": "缺少本周期的全县平台快照 / the county platform snapshot of the period is missing",
}

test_fail_missing_platform_is_an_error if {
	_missing in main.errors with data.rules as {} with input as {"period": 2025, "departments": []}
}

test_fail_platform_hash_not_loaded_is_an_error if {
	_missing in main.errors with data.rules as {} with input as {"period": 2025, "county_data": "h9", "departments": []}
		with data.county_data as {"h1": {"sha256": "h1", "platform": {"authority": "A"}}}
}

test_pass_platform_loaded_is_no_error if {
	not _missing in main.errors with data.rules as {} with input as {"period": 2025, "county_data": "h1", "departments": []}
		with data.county_data as {"h1": {"sha256": "h1", "platform": {"authority": "A"}}}
}

# main.stored_result: the departments PUT beside the county data (data.county_data[h].partitions[p]),
# named by the request, give exactly main.result of the same departments sent in the input
_secret_dept := {"department": {"code": "D1", "name": "甲局"}, "catalog": [{"id": "R-9", "name": "涉密库", "involves_state_secret": true}]}

_county := {"h1": {
	"sha256": "h1", "platform": {"authority": "A"}, "department_names": {"D1": "甲局"},
	"partitions": {"p1": [_secret_dept]},
}}

test_pass_stored_result_is_the_result_of_the_stored_departments if {
	got := main.stored_result with data.rules as {} with data.county_data as _county
		with input as {"period": 2025, "county_data": "h1", "partition": "p1"}
	want := main.result with data.rules as {} with data.county_data as _county
		with input as {"period": 2025, "county_data": "h1", "departments": [_secret_dept]}
	count(want.out_of_scope) == 1
	got == want
}

# a partition the server does not hold is no answer at all (the client's OpaError), never "no findings"
test_fail_stored_result_of_a_partition_not_held_is_undefined if {
	not main.stored_result with data.rules as {} with data.county_data as _county
		with input as {"period": 2025, "county_data": "h1", "partition": "p2"}
}
