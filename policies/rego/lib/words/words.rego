# METADATA
# title: 发现项说明的用语 / the words of a finding's message
# description: |
#   发现项的说明（message_zh）给人读：评价结果表、年度评价、仪表盘都原样显示它。日期写中文日期
#   （2025年10月9日，不写 2025-10-09），部门写名称而不写统一社会信用代码（名称取自 lib.county.names：
#   本次评价全部部门的名称，分区评价时含其他分区的部门）。证据（evidence.values）仍是机器可读的原值。
#   见 docs/decisions/0022-exit-codes-and-words.md。
package lib.words

import data.lib.county

# date(d): "2025-10-09" → "2025年10月9日"；不是 YYYY-MM-DD 开头的值原样写出（绝不因格式让说明缺失）。
date(d) := s if {
	is_string(d)
	substring(d, 4, 1) == "-"
	substring(d, 7, 1) == "-"
	y := to_number(substring(d, 0, 4))
	m := to_number(substring(d, 5, 2))
	day := to_number(substring(d, 8, 2))
	s := sprintf("%d年%d月%d日", [y, m, day])
} else := sprintf("%v", [d])

# dept(code): 部门名称；本次评价不认识的代码原样写出。
dept(code) := n if {
	n := county.names[code]
} else := code

# request(q): a share request said by when, to whom and for what, never by its record id (a notice's reader
# knows the request by these, not by the id the snapshot gives it):
# "2025年3月11日向内乡县公安局提出的共享申请（场景「高龄津贴申领身份核验」）".
# The snapshot schema requires the three fields; should one be absent the request is still said, never the
# finding dropped for an undefined message.
request(q) := s if {
	s := sprintf("%s向%s提出的共享申请（场景「%s」）", [date(q.requested), dept(q.provider), q.scenario])
} else := "一项共享申请（申请日期、提供部门或应用场景未填）"

# request_of(d, id): department d's share request `id` in words (request); undefined when d has none by that id.
request_of(d, id) := request(qs[0]) if {
	qs := [q | some q in d.share_requests; q.id == id]
	count(qs) > 0
}

# resource(d, code): a data resource by its name, never by its code where a name is known (decision 0026):
#   in department d's own catalog, or registered on the city platform by d: "数据资源「家庭农场名录信息」";
#   registered on the city platform by another department: "内乡县自然资源局的数据资源「不动产登记信息」";
#   registered without a name: "内乡县自然资源局的资源代码为411325-ZR-001的数据资源（市共享平台登记未载其名称）";
#   known nowhere: "资源代码为411325-GA-009的数据资源（本部门目录和市共享平台登记中均无此代码）" — the code is then
#   the only thing known, and the words say so.
resource(d, code) := s if {
	names := [r.name | some r in object.get(d, "catalog", []); r.code == code]
	count(names) > 0
	s := sprintf("数据资源「%s」", [names[0]])
} else := registered(object.get(object.get(d, "department", {}), "code", null), code) if {
	county.resource(code)
} else := sprintf("资源代码为%s的数据资源（本部门目录和市共享平台登记中均无此代码）", [code])

# registered(owner, code): a resource as the city platform's register of shared items names it, said from
# the side of department `owner` (a share request's provider: "向内乡县自然资源局申请数据资源「不动产登记信息」"):
# the owner's name is written only when the register says another department provides it.
registered(owner, code) := s if {
	r := county.resource(code)
	is_string(r.name)
	s := _owned(owner, r, sprintf("数据资源「%s」", [r.name]))
} else := s if {
	r := county.resource(code)
	s := _owned(owner, r, sprintf("资源代码为%s的数据资源（市共享平台登记未载其名称）", [code]))
} else := sprintf("资源代码为%s的数据资源（市共享平台登记中无此代码）", [code])

_owned(owner, r, s) := s if r.dept == owner

_owned(owner, r, s) := sprintf("%s的%s", [dept(r.dept), s]) if r.dept != owner

# item(code): a data item by its name, from the city platform's register of shared items: "「婚姻状况」";
# a code the register does not hold: "编码为DE0300的信息项（市共享平台登记中无此编码）" (decision 0026).
# items(codes): several, joined by 、 in the order given.
item(code) := sprintf("「%s」", [n]) if {
	n := county.item_name(code)
} else := sprintf("编码为%s的信息项（市共享平台登记中无此编码）", [code])

items(codes) := concat("、", [item(c) | some c in codes])

# item_of(d, code): a data item by its name in department d's own catalog, else as the city platform's register
# names it (item): "「婚姻状况」"; known in neither: "编码为DE0300的信息项（本部门目录和市共享平台登记中均无此编码）".
# For items of the department's own resources (A37.2's basic items), which the register may not hold.
item_of(d, code) := sprintf("「%s」", [names[0]]) if {
	names := [it.name |
		some r in object.get(d, "catalog", [])
		some it in object.get(r, "items", [])
		it.code == code
		is_string(it.name)
		it.name != ""
	]
	count(names) > 0
} else := sprintf("「%s」", [n]) if {
	n := county.item_name(code)
} else := sprintf("编码为%s的信息项（本部门目录和市共享平台登记中均无此编码）", [code])

# The words that name the data items and resources a finding's evidence gives by code, {code: words}
# (lib.finding.named): a notice's 附件 says them as the rule composed them (decision 0033), never again in
# Python. Built in a finding's body, so only for the findings there are (nothing on a clean department).
#   named_items(codes): each by item (the register), named_items_of(d, codes): each by item_of(d, ·),
#   named_resources(d, codes): each by resource(d, ·) — from the side of the finding's department d;
#   named_registered(provider, codes): each by registered(provider, ·) — a share request's resource, from the side
#   of its provider, as the request's message says it (the row names the provider beside it).
named_items(codes) := {c: item(c) | some c in codes}

named_items_of(d, codes) := {c: item_of(d, c) | some c in codes}

named_resources(d, codes) := {c: resource(d, c) | some c in codes; is_string(c)}

named_registered(provider, codes) := {c: registered(provider, c) | some c in codes; is_string(c)}
