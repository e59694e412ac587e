# METADATA
# title: 年度评价计分与经费判定 / annual assessment scores and funding decisions
# description: |
#   第五十八条：县政府定期对各政务部门政务数据管理情况进行评估，评估结果和改进意见向社会公布。
#   第五十九条：数据主管部门组织制定政务数据管理工作情况评价办法，会同相关部门每年对各政务部门政务数据汇聚、
#   共享、开放、应用、安全等工作情况进行评价。
#   第九条：……凡不符合政务数据共享要求的，不予安排运行维护经费。
#   解读：评价办法由主管部门制定，维度、权重、扣分、上限、加分、一票否决、等次与经费口径都是
#   data.assessment.indicators 中按生效日期取值的数据（示例，待主管部门替换）；本包只写计分算术：
#   每个未豁免的发现项按其维度扣分（按规则另定的分值优先，其次按严重程度），每维度扣分不超过上限且得分
#   不低于 0；加分按快照事实计且封顶；命中一票否决规则的部门等次定为最低等次；未报送快照的部门列为
#   “未报送”，不计分、不排名，不视为合规；评价有缺少事实错误的部门标为“评价未完成”，经费暂缓。
#   输入：{"period": 年度, "authority": 主管部门代码, "departments": [{"code","name","submitted","errors","facts"}],
#   "findings": [评价发现项], "cached": {代码: 先前查询的 entries[代码]}（可选，增量计分）}。
# related_resources:
#   - ref: docs/statute.md#a9
#   - ref: docs/statute.md#a58
#   - ref: docs/statute.md#a59
package assessment

import data.lib.params

# the date that selects the indicator system in force: the last day of the period
period_date := sprintf("%d-12-31", [input.period])

effective := max({k | some k, _ in data.assessment.indicators.values; k <= period_date})

system := params.value_at(data.assessment.indicators, period_date)

# dimensions in the order the indicator system gives (then by key)
dimension_order := [x[1] | some x in sort([[object.get(d, "order", 0), k] | some k, d in system.dimensions])]

base := sum([dim.weight | some dim in system.dimensions])

# grade bands from the highest minimum to the lowest; the last one is the lowest band
bands := [system.grades[x[1]] | some x in sort([[0 - g.min, i] | some i, g in system.grades])]

lowest_band := bands[count(bands) - 1].name_zh

_cap(dim) := min([object.get(dim, "cap", dim.weight), dim.weight])

# ---------------------------------------------------------------------------------------------
# Findings that count: not waived (Art. 68) and not a record only (lib.finding.record_only: the department
# is not the actor, e.g. the victim of an outside attack). A record-only finding never deducts, vetoes or
# bears on funding; it stays visible in the department's `records`.

counted := [f | some f in input.findings; not f.waived; not object.get(f, "record_only", false)]

_records_by_dept := {code: rs |
	some code in {f.department | some f in input.findings; object.get(f, "record_only", false)}
	rs := [_record(x[2]) | some x in sort([[f.rule_id, f.subject, f] |
		some f in input.findings
		object.get(f, "record_only", false)
		f.department == code
	])]
}

_record(f) := {
	"key": f.key,
	"rule_id": f.rule_id,
	"citation_zh": object.get(f, "citation_zh", ""),
	"subject": f.subject,
	"message_zh": object.get(f, "message_zh", ""),
	"reason_zh": object.get(f, "record_reason_zh", ""),
}

records(code) := object.get(_records_by_dept, code, [])

# the counted findings of each department, in the order of counted, grouped once: a group-by
# comprehension OPA indexes (one pass), not a scan of all findings per department (quadratic)
_counted_by_dept := {code: fs |
	some code in {f.department | some f in counted}
	fs := [f | some f in counted; f.department == code]
}

_dept_findings(code) := object.get(_counted_by_dept, code, [])

# points: a per-rule value first, else the value for the finding's severity
points(f) := p if {
	p := system.deductions.by_rule[f.rule_id]
} else := p if {
	p := system.deductions.by_severity[f.severity]
}

_pointer(f) := f.evidence[0].pointer if f.evidence[0].pointer

else := ""

# the findings of one department in one dimension, in a stable order (rule, subject, pointer)
_ordered(code, dim) := [x[3] |
	some x in sort([[f.rule_id, f.subject, _pointer(f), f] |
		some f in _dept_findings(code)
		f.dimension == dim
	])
]

_deduction(f, nominal, applied, dim, cap) := {
	"key": f.key,
	"rule_id": f.rule_id,
	"citation_zh": object.get(f, "citation_zh", ""),
	"title_zh": object.get(f, "title_zh", ""),
	"severity": f.severity,
	"severity_zh": object.get(f, "severity_zh", f.severity),
	"dimension": f.dimension,
	"dimension_zh": system.dimensions[f.dimension].name_zh,
	"subject": f.subject,
	"message_zh": object.get(f, "message_zh", ""),
	"act_zh": object.get(f, "act_zh", ""),
	"evidence": object.get(f, "evidence", []),
	"points": nominal,
	"applied": applied,
	"note_zh": _cap_note(nominal, applied, dim, cap),
}

_cap_note(nominal, applied, _, _) := "" if nominal == applied

_cap_note(nominal, applied, dim, cap) := sprintf(
	"本维度（%s）扣分已达上限 %d 分，本项应扣 %d 分、实扣 %d 分",
	[dim.name_zh, cap, nominal, applied],
) if {
	nominal != applied
}

# deductions of one department in one dimension, each limited by what the cap leaves
deductions_in(code, key) := [d |
	dim := system.dimensions[key]
	cap := _cap(dim)
	fs := _ordered(code, key)
	pts := [points(f) | some f in fs]
	some i, f in fs
	room := max([cap - sum(array.slice(pts, 0, i)), 0])
	d := _deduction(f, pts[i], min([pts[i], room]), dim, cap)
]

_dimension(code, key) := {
	"key": key,
	"name_zh": dim.name_zh,
	"weight": dim.weight,
	"cap": _cap(dim),
	"nominal": nominal,
	"deducted": deducted,
	"score": dim.weight - deducted,
	"capped": nominal > deducted,
	"deductions": ds,
} if {
	dim := system.dimensions[key]
	ds := deductions_in(code, key)
	nominal := sum([d.points | some d in ds])
	deducted := sum([d.applied | some d in ds])
}

# ---------------------------------------------------------------------------------------------
# Bonuses: facts recorded in the department's snapshot, capped per item

_bonus(dept, b) := {
	"id": b.id,
	"name_zh": b.name_zh,
	"count": count(basis),
	"points_each": b.points_each,
	"max": b.max,
	"points": min([count(basis) * b.points_each, b.max]),
	"basis": basis,
} if {
	basis := object.get(dept, ["facts", b.fact], [])
}

# ---------------------------------------------------------------------------------------------
# Veto (一票否决): what may veto is the indicator system's data (veto.rules, veto.rule_prefixes,
# veto.severities), read here and nowhere else; only counted findings (the department's own acts) can veto.

_veto_rule(f) if f.rule_id in system.veto.rules

_veto_rule(f) if {
	some prefix in system.veto.rule_prefixes
	startswith(f.rule_id, prefix)
}

_vetoes(f) if {
	_veto_rule(f)
	f.severity in system.veto.severities
}

veto_findings(code) := [{"key": f.key, "rule_id": f.rule_id, "citation_zh": object.get(f, "citation_zh", ""), "subject": f.subject} |
	some f in _dept_findings(code)
	_vetoes(f)
]

grade_for(_, true) := lowest_band

grade_for(total, false) := [b.name_zh | some b in bands; b.min <= total][0]

# ---------------------------------------------------------------------------------------------
# One department

# Incremental scoring (decision 0020): a department's entry (scored, funding, its findings' errors)
# depends only on its findings, its roster entry and the indicator system, so the caller may give the
# entries it computed before under the hash of exactly those inputs in input.cached (and leave that
# department's findings out); ranks, ties and the county-wide lists are always computed here, on all.
_cached := object.get(input, "cached", {})

# Every object over all departments (scored, rank, tie_count, tied_with, funding, entries) is a comprehension
# over [code, value] pairs, not a partial object rule: OPA builds a partial object rule's value in time
# quadratic in its keys (measured: 3,999 cached entries as a partial object rule 1.2 s, as a comprehension
# 0.12 s; 1,000 → 2,000 → 4,000 keys 0.05 → 0.26 → 1.2 s). A code given twice with two values is still an
# error (a comprehension's conflicting keys, as a partial rule's).
scored := {p[0]: p[1] | some p in array.concat(_scored_cached, _scored_fresh)}

_scored_cached := [[code, e.scored] | some code, e in _cached]

_scored_fresh := [[dept.code, r] |
	some dept in input.departments
	dept.submitted
	not _cached[dept.code]
	r := _scored_row(dept)
]

_scored_row(dept) := r if {
	code := dept.code
	dims := [_dimension(code, key) | some key in dimension_order]
	bonuses := [_bonus(dept, b) | some b in system.bonuses]
	deducted := sum([d.deducted | some d in dims])
	bonus := sum([b.points | some b in bonuses])
	vf := veto_findings(code)
	veto := count(vf) > 0
	total := (base - deducted) + bonus
	r := {
		"code": code,
		"name": dept.name,
		"status": "已报送",
		"complete": object.get(dept, "errors", 0) == 0,
		"evaluation_errors": object.get(dept, "errors", 0),
		"base": base,
		"deducted": deducted,
		"bonus": bonus,
		"total": total,
		"dimensions": dims,
		"bonuses": bonuses,
		"veto": veto,
		"veto_findings": vf,
		"veto_reason_zh": _veto_reason(veto),
		"grade": grade_for(total, veto),
		"records": records(code),
	}
}

_veto_reason(true) := system.veto.reason_zh

_veto_reason(false) := ""

# The veto rule as a reader of the published results needs it, beside the ranking it explains (_rank_key
# below): why a vetoed department with 90 points stands below one with 80. The indicator system's reason,
# the grade it sets, and where it ranks.
veto_rule_zh := sprintf("%s：等次定为“%s”，名次列于未被一票否决的部门之后（被否决的部门之间仍按总分排列）", [system.veto.reason_zh, lowest_band])

# ---------------------------------------------------------------------------------------------
# Rank: competition ranking (1, 2, 2, 4). Departments with a veto rank after every other department.

_rank_key(r) := [1, r.total] if not r.veto

_rank_key(r) := [0, r.total] if r.veto

# departments grouped by rank key once (a few distinct totals); a rank is 1 + the departments in the
# groups above, so no department is compared with every other one (quadratic at province scale)
_key_of := {code: _rank_key(r) | some code, r in scored}

_codes_by_key := {k: cs |
	some k in {k | some k in _key_of}
	cs := [c | some c, k2 in _key_of; k2 == k]
}

_rank_by_key := {k: n |
	some k, _ in _codes_by_key
	n := 1 + sum([count(cs) | some k2, cs in _codes_by_key; k2 > k])
}

rank := {code: _rank_by_key[k] | some code, k in _key_of}

# A tie is explained by naming the others in the group when the group is small (the indicator system's
# tie_names_max); a large group (at province scale thousands can share full marks) is named by its size
# only, so the note stays short and the work stays linear.
_tie_names_max := object.get(system, "tie_names_max", 10)

_group_size[k] := count(cs) if some k, cs in _codes_by_key

tie_count := {code: n | some code, k in _key_of; n := _group_size[k] - 1}

tied_with := {code: _tied(code, k) | some code, k in _key_of}

_tied(code, k) := sort([c | some c in _codes_by_key[k]; c != code]) if _group_size[k] <= _tie_names_max

_tied(_, k) := [] if _group_size[k] > _tie_names_max

_rank_note(code) := "" if tie_count[code] == 0

_rank_note(code) := sprintf(
	"与%s总分相同，并列第%d名（并列的部门名次相同，其后的名次顺延，下一名为第%d名）",
	[concat("、", [scored[c].name | some c in tied_with[code]]), rank[code], (rank[code] + tie_count[code]) + 1],
) if {
	tie_count[code] > 0
	count(tied_with[code]) > 0
}

_rank_note(code) := sprintf(
	"与其他%d个部门总分相同，并列第%d名（并列的部门名次相同，其后的名次顺延，下一名为第%d名）",
	[tie_count[code], rank[code], (rank[code] + tie_count[code]) + 1],
) if {
	tie_count[code] > 0
	count(tied_with[code]) == 0
}

# ---------------------------------------------------------------------------------------------
# Funding (Art. 9): the first decision that applies, with every reason that holds

funding_findings(code) := [{
	"key": f.key,
	"rule_id": f.rule_id,
	"citation_zh": object.get(f, "citation_zh", ""),
	"title_zh": object.get(f, "title_zh", ""),
	"subject": f.subject,
	"message_zh": object.get(f, "message_zh", ""),
	"evidence": object.get(f, "evidence", []),
	"remedy_zh": sprintf("按%s整改：%s", [object.get(f, "citation_zh", f.rule_id), object.get(f, "title_zh", "")]),
} |
	some f in _dept_findings(code)
	f.bears_on_funding
]

_funding_reasons(code, r) := array.concat(
	array.concat(
		[x | r.veto; x := {"condition": "veto", "decision": system.funding.on_veto, "reason_zh": r.veto_reason_zh}],
		[x | not r.complete; x := {
			"condition": "incomplete",
			"decision": system.funding.on_incomplete,
			"reason_zh": sprintf("评价存在 %d 处缺少事实的错误，不能认定符合要求", [r.evaluation_errors]),
		}],
	),
	array.concat(
		[x | count(funding_findings(code)) > 0; x := {
			"condition": "funding_findings",
			"decision": system.funding.on_funding_findings,
			"reason_zh": sprintf("有 %d 项影响经费安排的发现项", [count(funding_findings(code))]),
		}],
		[x | r.grade in system.funding.withheld_grades; x := {
			"condition": "grade",
			"decision": system.funding.on_grade,
			"reason_zh": sprintf("评价等次为%s", [r.grade]),
		}],
	),
)

_decision(reasons) := system.funding.eligible if count(reasons) == 0

_decision(reasons) := reasons[0].decision if count(reasons) > 0

funding := {p[0]: p[1] | some p in array.concat(array.concat(_funding_fresh, _funding_cached), _funding_missing)}

_funding_fresh := [[code, _funding_row(code, r)] | some code, r in scored; not _cached[code]]

_funding_row(code, r) := {
	"code": code,
	"name": r.name,
	"decision": _decision(reasons),
	"eligible": count(reasons) == 0,
	"reasons": reasons,
	"findings": funding_findings(code),
	"veto_findings": r.veto_findings,
} if {
	reasons := _funding_reasons(code, r)
}

_funding_cached := [[code, e.funding] | some code, e in _cached]

_funding_missing := [[dept.code, _missing_funding(dept)] | some dept in input.departments; not dept.submitted]

_missing_funding(dept) := {
	"code": code,
	"name": dept.name,
	"decision": system.funding.on_missing,
	"eligible": false,
	"reasons": [{"condition": "missing", "decision": system.funding.on_missing, "reason_zh": "本年度未报送快照，无从认定符合要求"}],
	"findings": funding_findings(code),
	"veto_findings": [],
} if {
	code := dept.code
}

# ---------------------------------------------------------------------------------------------
# Errors: the indicator system or a finding that the arithmetic cannot place; never a silent zero

errors contains sprintf("评价指标体系权重合计应为 100，实为 %v / weights must sum to 100", [base]) if base != 100

errors contains sprintf("%s 的分值不是非负整数：%v / points must be non-negative integers", [where, v]) if {
	some where, v in _all_points
	not _nonneg_int(v)
}

_all_points[sprintf("维度 %s 权重", [k])] := d.weight if some k, d in system.dimensions

_all_points[sprintf("维度 %s 上限", [k])] := d.cap if some k, d in system.dimensions

_all_points[sprintf("严重程度 %s 扣分", [k])] := v if some k, v in system.deductions.by_severity

_all_points[sprintf("规则 %s 扣分", [k])] := v if some k, v in system.deductions.by_rule

_all_points[sprintf("加分项 %s", [b.id])] := b.max if some b in system.bonuses

_all_points[sprintf("加分项 %s 每项", [b.id])] := b.points_each if some b in system.bonuses

_nonneg_int(v) if {
	is_number(v)
	v >= 0
	round(v) == v
}

errors contains e if {
	some f in counted
	some e in _finding_errors(f)
}

errors contains e if {
	some _, c in _cached
	some e in c.errors
}

_finding_errors(f) := {e | some e in _dimension_error(f)} | {e | some e in _severity_error(f)}

_dimension_error(f) := {sprintf(
	"发现项 %s（%s）的评价维度“%s”不在评价指标体系中 / dimension not in the indicator system",
	[f.rule_id, f.department, f.dimension],
) |
	not system.dimensions[f.dimension]
}

_severity_error(f) := {sprintf(
	"发现项 %s（%s）的严重程度“%s”没有扣分标准 / no deduction for this severity",
	[f.rule_id, f.department, f.severity],
) |
	not points(f)
}

# the entries of the departments scored in this query (not given in input.cached), for the caller to cache
entries := {code: {
	"scored": r,
	"funding": funding[code],
	"errors": sort([e | some f in _dept_findings(code); some e in _finding_errors(f)]),
} |
	some code, r in scored
	not _cached[code]
}

incremental := {"result": result, "entries": entries}

_expected := {d.code | some d in input.departments}

errors contains sprintf("发现项 %s 针对的部门 %s 不在应评价部门名单中 / department not expected", [f.rule_id, f.department]) if {
	some f in counted
	not f.department in _expected
	f.department != input.authority
}

# findings against the county data authority itself (e.g. its own report to the city, Art. 60) are not
# part of the assessment of the departments (Art. 59: the authority assesses the departments) unless the
# authority is on the roster; they are listed, never silently dropped
# (each with the finding's key: the one identity a reader matches it by)
unassessed := [{"key": f.key, "rule_id": f.rule_id, "department": f.department, "subject": f.subject, "reason_zh": "数据主管部门自身职责，不在各政务部门评价范围内"} |
	some f in counted
	not f.department in _expected
	f.department == input.authority
]

# every finding is named by its key (lib.finding.keyed): one without cannot be listed, waived or matched
errors contains sprintf("发现项 %s（部门 %s，对象 %s）没有标识 key / finding without a key", [f.rule_id, f.department, f.subject]) if {
	some f in input.findings
	not is_string(object.get(f, "key", null))
}

errors contains sprintf("%s 年度没有有效的评价指标体系 / no indicator system in force", [period_date]) if {
	not effective
}

# ---------------------------------------------------------------------------------------------

_missing_row(dept) := {
	"code": dept.code,
	"name": dept.name,
	"status": "未报送",
	"complete": false,
	"total": null,
	"grade": null,
	"rank": null,
	"rank_note_zh": "未报送快照，不计分、不排名",
	"veto": false,
	"findings_count": count(_dept_findings(dept.code)),
}

departments := array.concat(
	[object.union(scored[x[2]], {"rank": rank[x[2]], "rank_note_zh": _rank_note(x[2]), "tied_with": tied_with[x[2]], "tie_count": tie_count[x[2]]}) |
		some x in sort([[rank[c], r.name, c] | some c, r in scored])
	],
	[_missing_row(d) | some d in input.departments; not d.submitted],
)

result := {
	"period": input.period,
	"period_date": period_date,
	"indicator": {
		"version": system.version,
		"title": system.title,
		"effective": effective,
		"base": base,
		"dimensions": [object.union({"key": k}, system.dimensions[k]) | some k in dimension_order],
		"grades": bands,
		"veto_rule_zh": veto_rule_zh,
	},
	"departments": departments,
	"funding": [funding[d.code] | some d in departments],
	"unassessed": unassessed,
	"errors": sort([e | some e in errors]),
}
