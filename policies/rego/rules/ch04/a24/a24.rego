# METADATA
# title: 自然人数据以有效身份证件号码、法人数据以统一社会信用代码为标识采集
# description: |
#   第二十四条第二款：自然人数据应当以有效身份证件号码作为标识进行采集，法人以及其他组织数据应当以统一社会信用代码作为标识进行采集。
#   解读：自然人数据须以居民身份证号码为标识，号码须符合 GB 11643（18 位、出生日期真实、MOD 11-2 校验码正确）；
#   法人和其他组织数据须以统一社会信用代码为标识，代码须符合 GB 32100 校验码。
#   号码是否有效是事实，由评价程序逐一计算（facts.identifiers）；本规则只据以认定。
#   行政区划代码不在代码表中（撤销或更名的县）的号码仍可能真实有效，只作提示，不认定违规。
# related_resources:
#   - ref: docs/statute.md#a24
# custom:
#   id: A24
#   article: 24
#   item: null
#   kind: duty
#   severity: minor
#   dimension: aggregation
#   rectification_ground: 4
#   bears_on_funding: false
package rules.ch04.a24

import data.lib.finding

_required := {"自然人": "身份证号码", "法人和其他组织": "统一社会信用代码"}

_invalid := {"bad_format", "bad_date", "bad_check"}

# the collections with a sample either finding below reads (a status in _invalid, or unknown_region), in
# one pass over the department's check results: a collection outside it is passed without building its
# lists, the common case (#20); both findings still test their own condition on the samples
_odd_statuses := _invalid | {"unknown_region"}

_flagged(d) := {cid | some cid, samples in d.facts.identifiers; some s in samples; s.status in _odd_statuses}

# a collection keyed by the wrong kind of identifier
findings contains f if {
	some d in input.departments
	some i, c in d.collections
	want := _required[c.subject_type]
	c.identifier_type != want
	f := finding.fail(
		rego.metadata.chain(), d, c.id, sprintf("/collections/%d/identifier_type", [i]),
		{"subject_type": c.subject_type, "identifier_type": c.identifier_type, "required": want},
		sprintf("采集「%s」（对象：%s）以「%s」为标识，应以%s为标识", [c.item_name, c.subject_type, c.identifier_type, want]),
	)
}

# sampled identifiers that are not valid numbers
findings contains f if {
	some d in input.departments
	flagged := _flagged(d)
	some i, c in d.collections
	c.id in flagged
	_required[c.subject_type] == c.identifier_type
	bad := [s | some s in d.facts.identifiers[c.id]; s.status in _invalid]
	count(bad) > 0
	f := finding.fail(
		rego.metadata.chain(), d, c.id, sprintf("/collections/%d/identifier_samples", [i]),
		{"invalid": bad, "sampled": count(c.identifier_samples)},
		sprintf("采集「%s」抽检的%d个%s中有%d个无效（格式、出生日期或校验码错误）", [c.item_name, count(c.identifier_samples), c.identifier_type, count(bad)]),
	)
}

# a retired or unknown region code: a warning only
findings contains object.union(f, {"severity": "warning"}) if {
	some d in input.departments
	flagged := _flagged(d)
	some i, c in d.collections
	c.id in flagged
	c.identifier_type == "身份证号码"
	odd := [s | some s in d.facts.identifiers[c.id]; s.status == "unknown_region"]
	count(odd) > 0
	f := finding.fail(
		rego.metadata.chain(), d, sprintf("%s#region", [c.id]), sprintf("/collections/%d/identifier_samples", [i]),
		{"unknown_region": odd},
		sprintf("采集「%s」有%d个身份证号码的行政区划代码不在代码表中（可能为已撤销或更名的地区），请核实", [c.item_name, count(odd)]),
	)
}

# facts must have been computed for every sampled collection
errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/collections/%d", [i]), "标识样本的校验结果 facts.identifiers") if {
	some d in input.departments
	some i, c in d.collections
	count(c.identifier_samples) > 0
	not d.facts.identifiers[c.id]
}
