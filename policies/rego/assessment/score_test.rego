package assessment_test

import data.assessment

# A small indicator system of the tests' own, so the authority can replace the shipped example freely.
_system := {
	"version": "T-1",
	"title": "测试指标体系",
	"dimensions": {
		"catalog": {"order": 1, "name_zh": "目录", "weight": 30, "cap": 15},
		"sharing": {"order": 2, "name_zh": "共享", "weight": 40, "cap": 40},
		"security": {"order": 3, "name_zh": "安全", "weight": 30},
	},
	"deductions": {"by_severity": {"critical": 10, "major": 5, "minor": 2, "warning": 0}, "by_rule": {"A7": 3}},
	"bonuses": [{"id": "application_scenarios", "name_zh": "应用场景", "fact": "application_scenarios", "points_each": 2, "max": 5}],
	"veto": {"rules": ["A53"], "rule_prefixes": ["A63."], "severities": ["critical", "minor"], "reason_zh": "一票否决"},
	"grades": [
		{"name_zh": "合格", "min": 60},
		{"name_zh": "优秀", "min": 90},
		{"name_zh": "不合格", "min": 0},
		{"name_zh": "良好", "min": 80},
	],
	"funding": {
		"eligible": "符合",
		"on_veto": "不予安排",
		"on_missing": "暂缓拨付",
		"on_incomplete": "暂缓拨付",
		"on_funding_findings": "暂缓拨付",
		"withheld_grades": ["不合格"],
		"on_grade": "暂缓拨付",
	},
}

_indicators := {"values": {
	"2022-01-01": {"value": _system},
	"2030-01-01": {"value": object.union(_system, {"version": "T-2030"})},
}}

_dept(code, scenarios) := {"code": code, "name": concat("", ["部门", code]), "submitted": true, "errors": 0, "facts": {"application_scenarios": scenarios}}

_f(rule, dept, severity, dim, subject) := {
	"key": concat("|", [rule, dept, "2025", subject, concat("", ["/x/", subject])]),
	"rule_id": rule,
	"department": dept,
	"severity": severity,
	"dimension": dim,
	"subject": subject,
	"bears_on_funding": false,
	"evidence": [{"snapshot": concat("", [dept, "/2025/v1"]), "pointer": concat("", ["/x/", subject])}],
}

_run(depts, findings) := r if {
	r := assessment.result with data.assessment.indicators as _indicators
		with input as {"period": 2025, "departments": depts, "findings": findings}
}

_row(r, code) := [d | some d in r.departments; d.code == code][0]

_dim(row, key) := [d | some d in row.dimensions; d.key == key][0]

# 100 − 5 (major, sharing) − 3 (A7 by rule, catalog) + min(3 × 2, 5) = 97
test_exact_score_with_rule_override_and_capped_bonus if {
	r := _run([_dept("D1", ["AS1", "AS2", "AS3"])], [
		_f("A37.1", "D1", "major", "sharing", "R1"),
		_f("A7", "D1", "minor", "catalog", "ORG"),
	])
	row := _row(r, "D1")
	row.total == 97
	row.deducted == 8
	row.bonus == 5
	row.bonuses == [{
		"id": "application_scenarios", "name_zh": "应用场景", "count": 3, "points_each": 2, "max": 5,
		"points": 5, "basis": ["AS1", "AS2", "AS3"],
	}]
	_dim(row, "catalog").score == 27
	_dim(row, "sharing").score == 35
	_dim(row, "security").score == 30
	row.grade == "优秀"
	r.errors == []
	r.indicator.version == "T-1"
}

# catalog cap 15: critical 10 + critical 10 + minor 2 → applied 10, 5, 0; score 30 − 15 = 15
test_cap_limits_a_dimension_and_explains_the_partial_deduction if {
	r := _run([_dept("D1", [])], [
		_f("A17", "D1", "critical", "catalog", "R1"),
		_f("A17", "D1", "critical", "catalog", "R2"),
		_f("A22.1", "D1", "minor", "catalog", "R3"),
	])
	row := _row(r, "D1")
	dim := _dim(row, "catalog")
	[d.applied | some d in dim.deductions] == [10, 5, 0]
	[d.points | some d in dim.deductions] == [10, 10, 2]
	dim.nominal == 22
	dim.deducted == 15
	dim.score == 15
	dim.capped == true
	dim.deductions[1].note_zh == "本维度（目录）扣分已达上限 15 分，本项应扣 10 分、实扣 5 分"
	row.total == 85
	row.grade == "良好"
}

# security has no cap of its own: the weight is the cap, the score never goes below 0
test_cap_defaults_to_the_weight_and_score_never_below_zero if {
	r := _run([_dept("D1", [])], [_f("A51", "D1", "critical", "security", sprintf("S%d", [i])) | some i in numbers.range(1, 4)])
	dim := _dim(_row(r, "D1"), "security")
	dim.cap == 30
	dim.score == 0
	[d.applied | some d in dim.deductions] == [10, 10, 10, 0]
}

# deductions and bonuses add up to the total, department by department
test_points_add_up_exactly if {
	r := _run([_dept("D1", ["AS1"]), _dept("D2", [])], [
		_f("A17", "D1", "critical", "catalog", "R1"),
		_f("A17", "D1", "critical", "catalog", "R2"),
		_f("A37.1", "D1", "major", "sharing", "R3"),
		_f("A51", "D2", "minor", "security", "S1"),
	])
	every row in r.departments {
		applied := sum([d.applied | some dim in row.dimensions; some d in dim.deductions])
		row.total == (row.base - applied) + sum([b.points | some b in row.bonuses])
	}
	_row(r, "D1").total == 82
	_row(r, "D2").total == 98
}

test_veto_sets_the_lowest_grade_and_refuses_funding if {
	r := _run([_dept("D1", []), _dept("D2", [])], [
		_f("A63.1", "D1", "critical", "security", "E1"),
		_f("A37.1", "D2", "critical", "sharing", "R1"),
		_f("A37.1", "D2", "critical", "sharing", "R2"),
		_f("A37.1", "D2", "critical", "sharing", "R3"),
		_f("A37.1", "D2", "critical", "sharing", "R4"),
		_f("A37.1", "D2", "critical", "sharing", "R5"),
	])
	row := _row(r, "D1")
	row.total == 90
	row.veto == true
	row.grade == "不合格"
	row.veto_findings == [{"key": "A63.1|D1|2025|E1|/x/E1", "rule_id": "A63.1", "citation_zh": "", "subject": "E1"}]

	# a vetoed department ranks after every other one, even with a higher total
	row.rank == 2
	_row(r, "D2").total == 60
	_row(r, "D2").rank == 1
	r.indicator.veto_rule_zh == "一票否决：等次定为“不合格”，名次列于未被一票否决的部门之后（被否决的部门之间仍按总分排列）"
	[f.decision | some f in r.funding; f.code == "D1"] == ["不予安排"]
	[f.decision | some f in r.funding; f.code == "D2"] == ["符合"]
}

# what may veto is the indicator system's data: a veto rule's finding of a severity not listed does not veto
test_a_veto_rule_of_an_unlisted_severity_does_not_veto if {
	r := _run([_dept("D1", [])], [_f("A63.1", "D1", "warning", "security", "E1")])
	_row(r, "D1").veto == false
	_row(r, "D1").grade == "优秀"
	[f.decision | some f in r.funding; f.code == "D1"] == ["符合"]
}

# the victim is not the violator: a record-only finding (lib.finding.record_only) is listed and counts nowhere
test_a_record_only_finding_never_deducts_vetoes_or_bears_on_funding if {
	rec := object.union(_f("A63.1", "D1", "critical", "security", "E1"), {
		"bears_on_funding": true, "record_only": true, "record_reason_zh": "本部门是受害方",
		"citation_zh": "第六十三条第（一）项", "message_zh": "外部来源干扰",
	})
	r := _run([_dept("D1", [])], [rec])
	row := _row(r, "D1")
	row.total == 100
	row.veto == false
	row.veto_findings == []
	[d | some dim in row.dimensions; some d in dim.deductions] == []
	row.records == [{
		"key": "A63.1|D1|2025|E1|/x/E1", "rule_id": "A63.1", "citation_zh": "第六十三条第（一）项", "subject": "E1",
		"message_zh": "外部来源干扰", "reason_zh": "本部门是受害方",
	}]
	[f.decision | some f in r.funding; f.code == "D1"] == ["符合"]
	[f.findings | some f in r.funding; f.code == "D1"] == [[]]
}

test_veto_by_exact_rule_id if {
	r := _run([_dept("D1", [])], [_f("A53", "D1", "minor", "security", "E1")])
	_row(r, "D1").veto == true
}

test_tie_uses_competition_ranking if {
	r := _run([_dept("D1", []), _dept("D2", []), _dept("D3", []), _dept("D4", [])], [
		_f("A37.1", "D1", "minor", "sharing", "R1"),
		_f("A37.1", "D2", "minor", "sharing", "R1"),
		_f("A37.1", "D4", "major", "sharing", "R1"),
	])
	[[d.code, d.total, d.rank] | some d in r.departments] == [
		["D3", 100, 1],
		["D1", 98, 2],
		["D2", 98, 2],
		["D4", 95, 4],
	]
	_row(r, "D1").tied_with == ["D2"]
	_row(r, "D1").rank_note_zh == "与部门D2总分相同，并列第2名（并列的部门名次相同，其后的名次顺延，下一名为第4名）"
	_row(r, "D3").rank_note_zh == ""
}

test_a_large_tie_group_is_named_by_its_size if {
	small := {"values": {"2022-01-01": {"value": object.union(_system, {"tie_names_max": 1})}}}
	depts := [_dept("D1", []), _dept("D2", []), _dept("D3", [])]
	r := assessment.result with data.assessment.indicators as small
		with input as {"period": 2025, "departments": depts, "findings": []}
	_row(r, "D1").tied_with == []
	_row(r, "D1").tie_count == 2
	_row(r, "D1").rank_note_zh == "与其他2个部门总分相同，并列第1名（并列的部门名次相同，其后的名次顺延，下一名为第4名）"
}

test_missing_department_is_listed_never_scored if {
	r := _run([_dept("D1", []), {"code": "D9", "name": "部门D9", "submitted": false}], [])
	_row(r, "D9") == {
		"code": "D9", "name": "部门D9", "status": "未报送", "complete": false, "total": null, "grade": null,
		"rank": null, "rank_note_zh": "未报送快照，不计分、不排名", "veto": false, "findings_count": 0,
	}
	[f.decision | some f in r.funding; f.code == "D9"] == ["暂缓拨付"]
	_row(r, "D1").rank == 1
}

test_waived_findings_count_in_neither_score_nor_funding if {
	w := object.union(_f("A37.1", "D1", "critical", "sharing", "R1"), {"waived": true, "bears_on_funding": true})
	r := _run([_dept("D1", [])], [w])
	_row(r, "D1").total == 100
	[f.decision | some f in r.funding; f.code == "D1"] == ["符合"]
}

test_funding_names_the_findings_that_withhold_it if {
	f := object.union(_f("A37.1", "D1", "minor", "sharing", "R1"), {"bears_on_funding": true, "citation_zh": "第三十七条第（一）项", "title_zh": "须有上位依据"})
	r := _run([_dept("D1", []), _dept("D2", [])], [f, _f("A7", "D2", "minor", "catalog", "ORG")])
	fd := [x | some x in r.funding; x.code == "D1"][0]
	fd.decision == "暂缓拨付"
	fd.eligible == false
	[x.condition | some x in fd.reasons] == ["funding_findings"]
	[x.remedy_zh | some x in fd.findings] == ["按第三十七条第（一）项整改：须有上位依据"]
	[x.evidence[0].pointer | some x in fd.findings] == ["/x/R1"]
	[x.decision | some x in r.funding; x.code == "D2"] == ["符合"]
}

test_incomplete_evaluation_withholds_funding if {
	d := object.union(_dept("D1", []), {"errors": 2})
	r := _run([d], [])
	_row(r, "D1").complete == false
	[x.decision | some x in r.funding; x.code == "D1"] == ["暂缓拨付"]
}

test_the_system_in_force_on_the_period_date_is_used if {
	r := assessment.result with data.assessment.indicators as _indicators
		with input as {"period": 2030, "departments": [_dept("D1", [])], "findings": []}
	r.indicator.version == "T-2030"
	r.indicator.effective == "2030-01-01"
}

test_errors_on_bad_weights_unknown_dimension_and_fractional_points if {
	bad := object.union(_system, {
		"dimensions": object.union(_system.dimensions, {"sharing": {"order": 2, "name_zh": "共享", "weight": 41}}),
		"deductions": {"by_severity": {"critical": 10, "major": 5, "minor": 1.5, "warning": 0}, "by_rule": {}},
	})
	r := assessment.result with data.assessment.indicators as {"values": {"2022-01-01": {"value": bad}}}
		with input as {"period": 2025, "departments": [_dept("D1", [])], "findings": [_f("A1", "D1", "minor", "opening", "X")]}
	r.errors == [
		"严重程度 minor 扣分 的分值不是非负整数：1.5 / points must be non-negative integers",
		"发现项 A1（D1）的评价维度“opening”不在评价指标体系中 / dimension not in the indicator system",
		"评价指标体系权重合计应为 100，实为 101 / weights must sum to 100",
	]
}

# the shipped example is well-formed: weights sum to 100 and no error on an empty county
test_shipped_example_is_well_formed if {
	r := assessment.result with input as {"period": 2025, "departments": [_dept("D1", [])], "findings": []}
	r.errors == []
	r.indicator.base == 100
	_row(r, "D1").total == 100
}

test_findings_against_the_authority_are_listed_not_scored if {
	r := assessment.result with data.assessment.indicators as _indicators
		with input as {"period": 2025, "authority": "AU", "departments": [_dept("D1", [])], "findings": [_f("A60.2", "AU", "minor", "catalog", "RP")]}
	r.errors == []
	r.unassessed == [{"key": "A60.2|AU|2025|RP|/x/RP", "rule_id": "A60.2", "department": "AU", "subject": "RP", "reason_zh": "数据主管部门自身职责，不在各政务部门评价范围内"}]
	_row(r, "D1").total == 100
}

test_a_finding_without_a_key_is_an_error if {
	f := object.remove(_f("A7", "D1", "minor", "catalog", "O"), {"key"})
	r := assessment.result with data.assessment.indicators as _indicators
		with input as {"period": 2025, "departments": [_dept("D1", [])], "findings": [f]}
	r.errors == ["发现项 A7（部门 D1，对象 O）没有标识 key / finding without a key"]
}

test_findings_against_an_unexpected_department_are_an_error if {
	r := assessment.result with data.assessment.indicators as _indicators
		with input as {"period": 2025, "authority": "AU", "departments": [_dept("D1", [])], "findings": [_f("A7", "DX", "minor", "catalog", "O")]}
	r.errors == ["发现项 A7 针对的部门 DX 不在应评价部门名单中 / department not expected"]
}

# Incremental scoring: a department's entries from a previous query given in input.cached (its findings
# left out) give the same result as scoring it again; ranks and ties are computed on all departments.
_inc(depts, findings, cached) := r if {
	r := assessment.incremental with data.assessment.indicators as _indicators
		with input as {"period": 2025, "departments": depts, "findings": findings, "cached": cached}
}

test_cached_entries_give_the_full_result if {
	depts := [_dept("D1", []), _dept("D2", ["S1"]), _dept("D3", [])]
	findings := [
		_f("A7", "D1", "major", "catalog", "R1"),
		_f("A40", "D2", "major", "sharing", "R2"),
		_f("A41", "D3", "bad", "sharing", "R3"),
	]
	cold := _inc(depts, findings, {})
	cold.result == _run(depts, findings)
	count(cold.entries) == 3
	cached := {c: cold.entries[c] | some c in ["D1", "D3"]}
	warm := _inc(depts, [findings[1]], cached)
	warm.result == cold.result
	object.keys(warm.entries) == {"D2"}
	count(cold.entries.D3.errors) == 1
}

# a cached entry that says otherwise changes the result: the cache is trusted only under its HMAC (Python)
test_a_cached_entry_is_what_is_ranked if {
	depts := [_dept("D1", []), _dept("D2", [])]
	findings := [_f("A40", "D1", "major", "sharing", "R1")]
	cold := _inc(depts, findings, {})
	_row(cold.result, "D2").rank == 1
	forged := json.patch(cold.entries.D1, [{"op": "replace", "path": "/scored/total", "value": 200}])
	_row(_inc(depts, [], {"D1": forged}).result, "D1").rank == 1
}

# every entry of the result that stands for a finding names it by its key (the one identity)
test_every_entry_names_its_finding_by_key if {
	f := object.union(_f("A37.1", "D1", "minor", "sharing", "R1"), {"bears_on_funding": true})
	r := _run([_dept("D1", [])], [f])
	row := _row(r, "D1")
	[d.key | some dim in row.dimensions; some d in dim.deductions] == ["A37.1|D1|2025|R1|/x/R1"]
	[x.key | some g in r.funding; g.code == "D1"; some x in g.findings] == ["A37.1|D1|2025|R1|/x/R1"]
}
