package lib.waiver_test

import data.lib.waiver

_f := {
	"rule_id": "A37.1", "key": "A37.1|D1|2025|R-1|/catalog/*", "variant": "/catalog/*", "dept": "D1",
	"source": "department", "subject": "R-1", "pointer": "/catalog/0", "values": {}, "message_zh": "x",
}

_w(period, key) := {
	"id": 1, "key": key, "rule_id": "A37.1", "department": "D1", "period": period, "subject": "R-1",
	"ground": "不可抗力", "grantor": "王科长", "granted_on": "2026-03-02", "evidence": "洪灾停电证明",
}

test_pass_no_waivers_leaves_finding if {
	waiver.mark(_f) == _f with input as {"period": 2025}
}

test_fail_matching_waiver_marks_finding if {
	w := _w(2025, "A37.1|D1|2025|R-1|/catalog/*")
	waiver.mark(_f) == object.union(_f, {"waived": true, "waiver": w}) with input as {"period": 2025, "waivers": [w]}
}

test_pass_other_record_not_waived if {
	waiver.mark(_f) == _f with input as {"period": 2025, "waivers": [_w(2025, "A37.1|D1|2025|R-2|/catalog/*")]}
}

test_pass_other_variant_on_the_same_record_not_waived if {
	w := _w(2025, "A37.1|D1|2025|R-1|/catalog/*#reasons")
	waiver.mark(_f) == _f with input as {"period": 2025, "waivers": [w]}
}

test_pass_other_period_not_waived if {
	waiver.mark(_f) == _f with input as {"period": 2025, "waivers": [_w(2024, "A37.1|D1|2025|R-1|/catalog/*")]}
}
