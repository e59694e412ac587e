# METADATA
# title: 全县（全省）登记的索引与参评部门 / indexes of the registers and the departments evaluated
# description: |
#   跨部门关联一律经本库：平台登记按关联字段建立的索引（每个登记项只扫描一次，之后每次查找按键取值），
#   以及本次评价包含哪些部门（分区评价时含全部分区的部门）。
#   全县平台快照只从本库读取：输入带 input.platform 时用它（单次请求、规则测试、逐部门基线）；否则用评价程序
#   事先放入 OPA 数据的文档 data.county_data[<SHA-256>]（平台、全部部门名称、OPA 算好的索引；每个 OPA 每个快照
#   只放一次，路径即内容哈希，输入只带哈希 input.county_data）。两者都没有时 has_platform 为假，main 报
#   "缺少平台快照"错误。性能说明见 docs/decisions/0007-scale.md：部分规则 _x[k] contains v 建索引要逐项复制对象
#   （1 万条系统登记 0.64 秒），改用分组推导式（15 毫秒）；查找经 data.county_data 的引用逐项读取，不经规则的值
#   读取整个平台（否则每次查询都要转换整个登记表）。
package lib.county

# platform: the county platform snapshot of the period, the ONE place rules read it from.
platform := input.platform if input.platform

platform := data.county_data[input.county_data].platform if {
	not input.platform
	_loaded
}

# the document the evaluator PUT into OPA's data once (Data API), named by the SHA-256 of its bytes:
# {"sha256": ..., "platform": ..., "department_names": ...}; undefined when the input does not name it
# or OPA does not hold it (then platform is undefined and main reports the missing platform).
_loaded if data.county_data[input.county_data].sha256 == input.county_data

# has_platform: the period's platform is there (in the input, or in OPA's data under the hash the input
# names); main reports it missing otherwise. authority: the county data authority of the platform.
# Neither reads the whole platform: once a query has read data.county_data[..].platform whole, OPA serves
# every later lookup in it from that value and converts whole registers (see the indexes below).
has_platform if input.platform

has_platform if _loaded

authority := input.platform.authority if input.platform

authority := data.county_data[input.county_data].platform.authority if {
	not input.platform
	_loaded
}

# platform_to_check: the platform, in the request that checks the platform's own records (A22.2, A23,
# A60.2: the same in every partition). A partitioned evaluation checks them in one partition only; the
# others carry input.platform_checked_elsewhere: true, and there these rules find nothing.
platform_to_check := platform if not input.platform_checked_elsewhere

# index: positions of the register entries by the field the rules join on:
#   providers[item_code]: departments sharing that data item on the city platform
#   registered[dept_code]: positions in platform.system_register of that department's systems
#   service_items[dept_code]: positions in platform.service_items of that department's service items
# With the platform in OPA's data, the evaluator has OPA compute this index once (data.lib.county.index)
# and stores it beside the platform (data.county_data[<SHA-256>].index), so a request does not rebuild
# it over the whole province's register; with input.platform it is built once a query.
index := {"providers": _providers, "registered": _registered, "service_items": _service_items}

# Built as group-by comprehensions, which OPA indexes (the inner comprehension is computed for all
# codes in one pass): 10,000 system registrations 15 ms. A ref-head partial set (_x[code] contains k)
# costs a copy of the object per element: 0.64 s for the same 10,000, quadratic in departments.
_providers := {code: ds |
	some code in {it.item_code | some it in platform.shared_items}
	ds := {it.provider | some it in platform.shared_items; it.item_code == code}
}

_registered := {code: ks |
	some code in {sys.dept | some sys in platform.system_register}
	ks := {k | some k, sys in platform.system_register; sys.dept == code}
}

_service_items := {code: ks |
	some code in {s.dept | some s in platform.service_items}
	ks := {k | some k, s in platform.service_items; s.dept == code}
}

# With the index stored beside the platform, every lookup below is a ref into OPA's data
# (data.county_data[<SHA-256>]....[key]): OPA converts only the entry looked up. Reading a whole register
# through a rule's value (platform.system_register[k]) converts all of it on every query (10,000 system
# registrations ≈ 25 ms, at 100,000 a quarter of a second for a one-department what-if).
_indexed if {
	not input.platform
	data.county_data[input.county_data].sha256 == input.county_data
	data.county_data[input.county_data].index.sha256 == input.county_data
}

# providers[item_code]: the set of departments sharing that data item on the city platform
providers[code] := {p | some p in ps} if {
	_indexed
	ps := data.county_data[input.county_data].index.providers[code]
}

providers[code] := ps if {
	not _indexed
	ps := index.providers[code]
}

# registered[dept_code]: the [position, system] pairs the system register holds for that department
registered[code] := [[k, data.county_data[input.county_data].platform.system_register[k]] | some k in ks] if {
	_indexed
	ks := data.county_data[input.county_data].index.registered[code]
}

registered[code] := [[k, platform.system_register[k]] | some k in ks] if {
	not _indexed
	ks := index.registered[code]
}

# register_name_key(k): the name key of system_register[k] — a fact Python computes (NFKC, case-folded,
# no white space: evaluator/facts/names.py) so that 「ＯＡ系统」 and 「OA系统」 are the same name; undefined
# when the platform carries no facts (then a name never matches and the system is reported, never silence)
register_name_key(k) := data.county_data[input.county_data].platform.facts.system_register_name_keys[k] if {
	_indexed
}

register_name_key(k) := platform.facts.system_register_name_keys[k] if not _indexed

# item_name(code): the name of a data item by its code, and resource(code) the resource a code names
# ({"name": name or null, "dept": providing department}), from the city platform's register of shared
# items — facts Python computes (evaluator/evaluate/inputs.py shared_names; decision 0026), so a message
# says 「婚姻状况」 where the snapshot says DE0004. Each is one lookup by key (a ref into OPA's data when the
# platform is loaded); undefined for a code the register does not hold (lib.words then says so in words).
item_name(code) := data.county_data[input.county_data].platform.facts.item_names[code] if _indexed

item_name(code) := platform.facts.item_names[code] if not _indexed

resource(code) := data.county_data[input.county_data].platform.facts.resources[code] if _indexed

resource(code) := platform.facts.resources[code] if not _indexed

# service_items[dept_code]: the [position, service item] pairs of that department
service_items[code] := [[k, data.county_data[input.county_data].platform.service_items[k]] | some k in ks] if {
	_indexed
	ks := data.county_data[input.county_data].index.service_items[code]
}

service_items[code] := [[k, platform.service_items[k]] | some k in ks] if {
	not _indexed
	ks := index.service_items[code]
}

# names[dept_code]: the name of every department in this evaluation, in every partition of it.
# The evaluator sends input.department_names, or puts them in the loaded document (Data API);
# without either (one request, rule tests) the departments of the input.
names[code] := n if {
	_names_given
	n := input.department_names[code]
}

names[code] := n if {
	not _names_given
	_names_loaded
	n := data.county_data[input.county_data].department_names[code]
}

names[code] := n if {
	not _names_given
	not _names_loaded
	some d in input.departments
	code := d.department.code
	n := object.get(d.department, "name", code)
}

_names_given if is_object(input.department_names)

_names_loaded if {
	_loaded
	is_object(data.county_data[input.county_data].department_names)
}

# evaluated(code): the department's snapshot is in this evaluation (possibly in another partition)
evaluated(code) if names[code]
