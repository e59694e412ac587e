package main_test

import data.main

_f(subject) := {"rule_id": "A37.1", "dept": "D1", "source": "department", "subject": subject, "pointer": "/catalog/0", "values": {}, "message_zh": "x"}

_w := {
	"id": 7, "rule_id": "A37.1", "department": "D1", "period": 2025, "subject": "R-1",
	"ground": "尽职", "grantor": "王科长", "granted_on": "2026-03-02", "evidence": "已按期报送，平台故障",
}

_rules := {"ch06": {"a37_1": {"findings": {_f("R-1"), _f("R-2")}}}}

test_fail_waived_finding_stays_marked if {
	r := main.findings with data.rules as _rules with input as {"period": 2025, "waivers": [_w]}
	r == {object.union(_f("R-1"), {"waived": true, "waiver": _w}), _f("R-2")}
}

test_pass_without_waivers_findings_unchanged if {
	r := main.findings with data.rules as _rules with input as {"period": 2025}
	r == {_f("R-1"), _f("R-2")}
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
