package rules.ch07.a45_test

import data.rules.ch07.a45

_dept(as_of, reqs) := {"departments": [{
	"period": 2025, "as_of": as_of, "department": {"code": "D1", "kind": "政务部门"},
	"open_catalog_corrections": reqs,
}]}

_r(received, answered, ext) := {
	"id": "OC1", "received": received, "answered": answered, "decision": "同意",
	"reasons_given": false, "basis_given": false, "extension": ext,
}

_ext(by_head, n) := {"written_application": true, "approved": true, "approved_by_head": by_head, "working_days": n}

test_fail_late_across_national_day_2025 if {
	# 25 Sep -> 26, 28 (Sun, worked), 29, 30 Sep, 9, 10, 11 (Sat, worked), 13, 14, 15 Oct: due 15 Oct.
	r := a45.findings with input as _dept("2026-02-27", [_r("2025-09-25", "2025-10-16", null)])
	r == {{
		"rule_id": "A45", "dept": "D1", "source": "department", "subject": "OC1", "pointer": "/open_catalog_corrections/0",
		"values": {
			"event_date": "2025-09-25", "limit_working_days": 10, "due_date": "2025-10-15", "actual_date": "2025-10-16",
			"open": false, "working_days_late": 1, "extension_applied": false, "prohibited_act": "A62.8",
		},
		"message_zh": "开放目录更正申请于2025年9月25日收到，10个工作日内应予答复，期满日2025年10月15日，实际于2025年10月16日办结，逾期1个工作日",
	}}
}

test_pass_on_time_only_thanks_to_worked_saturday if {
	# 22 Sep -> 23, 24, 25, 26, 28, 29, 30 Sep, 9, 10, 11 Oct (Sat, worked): due 11 Oct.
	r := a45.findings with input as _dept("2026-02-27", [_r("2025-09-22", "2025-10-11", null)])
	r == set()
}

test_pass_extension_by_head_spanning_new_year if {
	# 15 Dec + 20 working days: 16-19, 22-26, 29-31 Dec (12), 4 (Sun, worked)-9, 12, 13 Jan (8): due 13 Jan 2026.
	r := a45.findings with input as _dept("2026-02-27", [_r("2025-12-15", "2026-01-13", _ext(true, 10))])
	r == set()
}

test_fail_extension_by_head_spanning_new_year_one_day_late if {
	r := a45.findings with input as _dept("2026-02-27", [_r("2025-12-15", "2026-01-14", _ext(true, 10))])
	r == {{
		"rule_id": "A45", "dept": "D1", "source": "department", "subject": "OC1", "pointer": "/open_catalog_corrections/0",
		"values": {
			"event_date": "2025-12-15", "limit_working_days": 20, "due_date": "2026-01-13", "actual_date": "2026-01-14",
			"open": false, "working_days_late": 1, "extension_applied": true, "extension_working_days": 10,
			"prohibited_act": "A62.8",
		},
		"message_zh": "开放目录更正申请于2025年12月15日收到，20个工作日内应予答复（含经主要负责人同意延长10个工作日），期满日2026年1月13日，实际于2026年1月14日办结，逾期1个工作日",
	}}
}

test_fail_extension_without_head_counts_as_none if {
	r := a45.findings with input as _dept("2026-02-27", [_r("2025-12-15", "2026-01-13", _ext(false, 10))])
	{[f.values.due_date, f.values.working_days_late, f.values.extension_disregarded] | some f in r} == {["2025-12-29", 10, "延期未经部门主要负责人同意"]}
}

test_fail_extension_beyond_ten_counts_as_none if {
	r := a45.findings with input as _dept("2026-02-27", [_r("2025-12-15", "2026-01-13", _ext(true, 11))])
	{[f.values.due_date, f.values.extension_disregarded] | some f in r} == {["2025-12-29", "延长超过10个工作日上限"]}
}

test_fail_open_across_spring_festival_2026 if {
	# 5 Feb -> 6, 9-13, 14 (Sat, worked), 24, 25, 26 Feb: due 26 Feb; open on 27 Feb.
	r := a45.findings with input as _dept("2026-02-27", [_r("2026-02-05", null, null)])
	{[f.values.due_date, f.values.open, f.values.working_days_late] | some f in r} == {["2026-02-26", true, 1]}
}

test_fail_refusal_without_reasons_or_basis if {
	req := object.union(_r("2025-11-03", "2025-11-05", null), {"decision": "不同意", "reasons_given": true})
	r := a45.findings with input as _dept("2026-02-27", [req])
	r == {{
		"rule_id": "A45", "dept": "D1", "source": "department", "subject": "OC1", "pointer": "/open_catalog_corrections/0",
		"values": {"decision": "不同意", "answered": "2025-11-05", "reasons_given": true, "basis_given": false},
		"message_zh": "不同意更正开放目录的答复未提供依据",
		"aspect": "reasons",
	}}
}

test_fail_late_refusal_without_reasons_is_two_findings if {
	req := object.union(_r("2025-09-25", "2025-10-16", null), {"decision": "不同意"})
	r := a45.findings with input as _dept("2026-02-27", [req])
	{f.message_zh | some f in r} == {
		"开放目录更正申请于2025年9月25日收到，10个工作日内应予答复，期满日2025年10月15日，实际于2025年10月16日办结，逾期1个工作日",
		"不同意更正开放目录的答复未说明理由、未提供依据",
	}
}

test_pass_refusal_with_reasons_and_basis if {
	req := object.union(_r("2025-11-03", "2025-11-05", null), {"decision": "不同意", "reasons_given": true, "basis_given": true})
	r := a45.findings with input as _dept("2026-02-27", [req])
	r == set()
}

test_error_year_without_calendar_data if {
	e := a45.errors with input as _dept("2027-02-01", [_r("2026-12-28", null, null)])
	{x.pointer | some x in e} == {"/open_catalog_corrections/0"}
}
