# METADATA
# title: 适用范围 / scope of the Measures
# description: |
#   第二条第二款：涉及国家秘密的政务数据管理，按照相关保密法律法规的规定执行。
#   第七十一条：……公用事业运营单位，在依法履行公共管理和服务职责过程中采集和产生的各类数据资源的管理，参照本办法执行……
#   解读：下列资源、系统不适用本办法的规则，评价时过滤并单独列为"不适用"（out_of_scope），绝不静默丢弃：
#   （1）标注涉及国家秘密的目录资源；
#   （2）涉密信息系统产生、依第二条第二款本就不列入部门目录的数据资源（与涉密目录条目同样列出）；
#   （3）参照执行单位（第七十一条）标明不属依法履行公共管理和服务职责过程中采集和产生的资源或系统（如内部人事、财务），
#   须写明理由（outside_public_service），与第二条的排除并列。
# related_resources:
#   - ref: docs/statute.md#a2
#   - ref: docs/statute.md#a71
#   - ref: docs/decisions/0015-scope-a2-a71.md
package lib.scope

import data.lib.words

_secret_reason := "涉及国家秘密，依第二条第二款按保密法律法规执行，不适用本办法规则"

_classified_system_reason := "涉密信息系统的数据资源，依第二条第二款不列入政务数据目录、按保密法律法规执行，不适用本办法规则"

_art71_reason(why) := sprintf("第七十一条：参照执行单位只就依法履行公共管理和服务职责过程中采集和产生的数据参照本办法；%s", [why])

# in_scope is true for a catalog entry that the Measures govern.
in_scope(res) if {
	not res.involves_state_secret
	object.get(res, "outside_public_service", null) == null # not outside an Art. 71 body's public service
}

# system_in_scope is true for an information system the Measures govern (not classified, not outside
# an Art. 71 body's public service).
system_in_scope(s) if {
	not s.classified
	object.get(s, "outside_public_service", null) == null # not outside an Art. 71 body's public service
}

# out_of_scope lists every resource and system filtered out under Arts. 2 and 71, with where it is and why,
# and in words for the person reading the list: the department's name and the resource's or system's name
# (a classified system's resource outside the catalog has only its code).
out_of_scope contains {
	"dept": d.department.code,
	"department_name": words.dept(d.department.code),
	"subject": res.id,
	"name_zh": object.get(res, "name", res.id),
	"pointer": sprintf("/catalog/%d", [i]),
	"reason_zh": _secret_reason,
} if {
	some d in input.departments
	some i, res in d.catalog
	res.involves_state_secret
}

out_of_scope contains {
	"dept": d.department.code,
	"department_name": words.dept(d.department.code),
	"subject": res.id,
	"name_zh": object.get(res, "name", res.id),
	"pointer": sprintf("/catalog/%d/outside_public_service", [i]),
	"reason_zh": _art71_reason(res.outside_public_service),
} if {
	some d in input.departments
	some i, res in d.catalog
	object.get(res, "outside_public_service", null) != null # outside an Art. 71 body's public service: first (#20)
	not res.involves_state_secret
}

out_of_scope contains {
	"dept": d.department.code,
	"department_name": words.dept(d.department.code),
	"subject": s.id,
	"name_zh": object.get(s, "name", s.id),
	"pointer": sprintf("/systems/%d/outside_public_service", [i]),
	"reason_zh": _art71_reason(s.outside_public_service),
} if {
	some d in input.departments
	some i, s in d.systems
	object.get(s, "outside_public_service", null) != null # outside an Art. 71 body's public service: first (#20)
	not s.classified
}

# the resources of a classified system that are (rightly) not in the department's catalog
out_of_scope contains {
	"dept": d.department.code,
	"department_name": words.dept(d.department.code),
	"subject": code,
	"name_zh": sprintf("涉密信息系统「%s」产生的资源代码为%s的数据资源", [object.get(s, "name", s.id), code]),
	"pointer": sprintf("/systems/%d/resource_codes", [i]),
	"reason_zh": _classified_system_reason,
} if {
	some d in input.departments
	catalog := {e.code | some e in d.catalog}
	some i, s in d.systems
	s.classified
	some code in s.resource_codes
	not code in catalog
}
