# METADATA
# title: 不得瞒报、漏报本部门政务数据目录清单
# description: |
#   第六十二条第（一）项：瞒报、漏报本部门政务数据目录清单。
#   解读：以全县政务信息系统登记（平台快照 system_register）和部门自报的信息系统为准，认定两种情形：
#   （1）登记在本部门名下的信息系统，部门快照未填报（按系统标识或名称对应）——瞒报系统即瞒报其数据；
#   （2）本部门在用信息系统产生的、或登记在本部门系统名下的数据资源代码，不在本部门政务数据目录中。
#   同一资源代码只认定一次：部门自报系统已列明的，以部门快照为证据；仅见于平台登记的，以平台快照为证据。
#   涉密系统及其数据（第二条第二款）、参照执行单位标明不属公共管理和服务职责的系统（第七十一条）不在本规则范围内，
#   由 lib.scope 列为不适用（涉密系统不列入目录的资源也逐项列出）；目录中已列明（含涉密条目）的代码不认定漏报。
#   已停用系统的数据是否须保留在目录中，由目录更新规则（第二十二条）判断，本项只看在用系统。
# related_resources:
#   - ref: docs/statute.md#a16
#   - ref: docs/statute.md#a17
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a67
# custom:
#   id: A62.1
#   article: 62
#   item: 1
#   kind: prohibition
#   act_zh: 瞒报、漏报本部门政务数据目录清单
#   severity: major
#   dimension: catalog
#   rectification_ground: 1
#   bears_on_funding: true
package rules.ch09.a62_1

import data.lib.county
import data.lib.finding
import data.lib.scope
import data.lib.words

# county.registered[dept_code] is the set of [index, system] pairs registered under that department:
# built once a query, one lookup per department, no scan of the register per department.

# a system the department reports, matched to the registered one at position k by id or by name; names
# are compared by their key (facts.system_name_keys, county.register_name_key: NFKC, case, white space),
# so 「ＯＡ系统」 and 「OA 系统」 are the system 「OA系统」, and the name is printed as written.
# What the department reports is two sets built once a department (a registered system is then two
# lookups, not a scan of the department's systems by id and by name; #20): the ids of its systems and
# the name keys of its systems by position; ``_classified_*`` the same for its systems out of scope
# (classified, Art. 2, or outside an Art. 71 body's public service; listed in out_of_scope by lib.scope)
_reported_ids(d) := {s.id | some s in d.systems}

_reported_keys(d) := {d.facts.system_name_keys[i] | some i, _ in d.systems}

_classified_ids(d) := {s.id | some s in d.systems; not scope.system_in_scope(s)}

_classified_keys(d) := {d.facts.system_name_keys[i] | some i, s in d.systems; not scope.system_in_scope(s)}

_matched(ids, _, _, sys) if sys.id in ids

_matched(_, keys, k, _) if county.register_name_key(k) in keys

_counts(s) if {
	scope.system_in_scope(s)
	s.in_use
}

# every code the department catalogues, out-of-scope entries included (they are listed, not missing)
_catalog_codes(d) := {e.code | some e in d.catalog}

# resource codes produced by the department's own systems in use
_own_codes(d) := {c | some s in d.systems; _counts(s); some c in s.resource_codes}

# (1) a registered system the department does not report
findings contains f if {
	some d in input.departments
	ids := _reported_ids(d)
	keys := _reported_keys(d)
	some [k, sys] in county.registered[d.department.code]
	not _matched(ids, keys, k, sys)
	f := finding.named(
		finding.fail_platform(
			rego.metadata.chain(), d.department.code, sys.id, sprintf("/system_register/%d", [k]),
			{"system": sys.name, "resource_codes": sort(sys.resource_codes)},
			sprintf("全县政务信息系统登记显示本部门运行信息系统「%s」，部门快照未填报该系统", [sys.name]),
		),
		words.named_resources(d, sys.resource_codes),
	)
}

# (2a) a resource code produced by the department's own system, missing from its catalog
findings contains f if {
	some d in input.departments
	catalog := _catalog_codes(d)
	some code in _own_codes(d)
	not code in catalog
	hits := [[i, s.name] | some i, s in d.systems; _counts(s); code in s.resource_codes]
	names := sort({n | some [_, n] in hits})
	f := finding.named(
		finding.fail(
			rego.metadata.chain(), d, code, sprintf("/systems/%d/resource_codes", [hits[0][0]]),
			{"resource_code": code, "systems": names},
			sprintf("信息系统「%s」产生的资源代码为%s的数据资源未列入本部门政务数据目录", [concat("」「", names), code]),
		),
		words.named_resources(d, [code]),
	)
}

# (2b) a resource code registered for the department's systems, missing from its catalog and
# not already reported under (2a)
findings contains f if {
	some d in input.departments
	catalog := _catalog_codes(d)
	own := _own_codes(d)
	cids := _classified_ids(d)
	ckeys := _classified_keys(d)
	regs := [[k, sys] | some [k, sys] in county.registered[d.department.code]; not _matched(cids, ckeys, k, sys)]
	codes := {c | some [_, sys] in regs; some c in sys.resource_codes}
	some code in codes
	not code in catalog
	not code in own
	hits := sort([[k, sys.name] | some [k, sys] in regs; code in sys.resource_codes])
	names := sort({n | some [_, n] in hits})
	f := finding.named(
		finding.fail_platform(
			rego.metadata.chain(), d.department.code, code, sprintf("/system_register/%d/resource_codes", [hits[0][0]]),
			{"resource_code": code, "systems": names},
			sprintf("全县政务信息系统登记中本部门系统「%s」产生的资源代码为%s的数据资源未列入本部门政务数据目录", [concat("」「", names), code]),
		),
		words.named_resources(d, [code]),
	)
}
