# METADATA
# title: 全县（全省）登记的索引与参评部门 / indexes of the registers and the departments evaluated
# description: |
#   跨部门关联一律经本库：平台登记按关联字段建立的索引（每次查询建立一次，之后每次查找为常数时间），
#   以及本次评价包含哪些部门（分区评价时由评价程序放在 input.department_names，含全部分区的部门）。
#   性能说明：部分规则 _x[k] contains v 在 k 已绑定时每次查找都会重新扫描整个登记表（部门数的平方）；
#   先把完整的对象赋给完整规则（providers := _providers）再查找，整个登记表只扫描一次（见 docs/decisions/0007-scale.md）。
#   全县平台快照只从本库读取（platform）：输入带 input.platform 时用它（单次请求、规则测试）；否则用评价程序
#   事先放入 OPA 数据的文档 data.county_data[<SHA-256>]（每个 OPA 每个快照只放一次，路径即内容哈希，
#   输入只带哈希 input.county_data）。两者都没有时 platform 未定义，main 报"缺少平台快照"错误。
package lib.county

# platform: the county platform snapshot of the period, the ONE place rules read it from.
platform := input.platform if input.platform

platform := _loaded.platform if not input.platform

# the document the evaluator PUT into OPA's data once (Data API), named by the SHA-256 of its bytes:
# {"sha256": ..., "platform": ..., "department_names": ...}; undefined when the input does not name it
# or OPA does not hold it (then platform is undefined and main reports the missing platform).
_loaded := d if {
	d := data.county_data[input.county_data]
	d.sha256 == input.county_data
}

# providers[item_code]: the set of departments sharing that data item on the city platform
providers := _providers

_providers[code] contains it.provider if {
	some it in platform.shared_items
	code := it.item_code
}

# registered[dept_code]: the set of [index, system] pairs the system register holds for that department
registered := _registered

_registered[code] contains [k, sys] if {
	some k, sys in platform.system_register
	code := sys.dept
}

# service_items[dept_code]: the set of [index, service item] pairs of that department
service_items := _service_items

_service_items[code] contains [k, s] if {
	some k, s in platform.service_items
	code := s.dept
}

# names[dept_code]: the name of every department in this evaluation, in every partition of it.
# The evaluator sends input.department_names, or puts them in the loaded document (Data API);
# without either (one request, rule tests) the departments of the input.
names := input.department_names if _names_given

names := _loaded.department_names if {
	not _names_given
	_names_loaded
}

names := {d.department.code: object.get(d.department, "name", d.department.code) | some d in input.departments} if {
	not _names_given
	not _names_loaded
}

_names_given if is_object(input.department_names)

_names_loaded if is_object(_loaded.department_names)

# evaluated(code): the department's snapshot is in this evaluation (possibly in another partition)
evaluated(code) if names[code]
