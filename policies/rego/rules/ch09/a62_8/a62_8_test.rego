package rules.ch09.a62_8_test

import data.rules.ch09.a62_8

_late := {"departments": [{
	"period": 2025, "as_of": "2026-02-27", "department": {"code": "D1", "kind": "政务部门"},
	"catalog_changes": [{"id": "C1", "trigger": "行政管理职能变更", "trigger_date": "2025-09-30", "applied": "2025-10-15"}],
	"quality_issues": [{"id": "Q1", "resource_code": "R", "distributed": "2025-09-30", "decided": "2025-10-15", "decision": "更正", "corrected": null}],
	"open_catalog_corrections": [{"id": "OC1", "received": "2025-09-25", "answered": null, "decision": null, "reasons_given": false, "basis_given": false, "extension": null}],
	"open_data_requests": [{"id": "OD1", "received": "2025-09-25", "answered": null, "decision": null, "reasons_given": false, "basis_given": false, "extension": null}],
}]}

test_pass_no_double_counting if {
	r := a62_8.findings with input as _late
	r == set()
}

test_late_findings_of_the_grounds_carry_the_qualification if {
	late := (((data.rules.ch03.a22_1.findings | data.rules.ch10.a65_1.findings) | data.rules.ch10.a65_2.findings) | data.rules.ch07.a45.findings) | data.rules.ch07.a46.findings with input as _late
	tagged := {f.rule_id |
		some f in late
		f.values.prohibited_act == "A62.8"
	}
	tagged == a62_8.grounds - {"A22.2"} # A22.2 needs the platform snapshot
}
