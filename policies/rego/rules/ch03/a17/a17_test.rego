package rules.ch03.a17_test

import data.rules.ch03.a17

_dept(resources) := {"departments": [{"department": {"code": "D1"}, "catalog": resources}]}

_full := {
	"id": "R1", "name": "婚姻登记信息", "involves_state_secret": false,
	"items": [{"code": "DE0100", "name": "婚姻状况", "basic": false}],
	"format": "数据库表", "share_attribute": "无条件共享", "open_attribute": "不予开放",
	"sharing_method": "数据服务接口", "update_cycle": "每日",
}

test_pass_all_elements_stated if {
	r := a17.findings with input as _dept([_full])
	r == set()
}

test_fail_lists_every_missing_element if {
	res := object.union(_full, {"items": [], "format": null, "update_cycle": null})
	r := a17.findings with input as _dept([res])
	r == {{
		"rule_id": "A17", "dept": "D1", "source": "department", "subject": "R1", "pointer": "/catalog/0",
		"values": {"missing": ["items", "format", "update_cycle"]},
		"message_zh": "目录条目「婚姻登记信息」未明确：信息项、格式、更新周期",
	}}
}

test_fail_open_attribute_absent if {
	res := object.remove(_full, ["open_attribute"])
	r := a17.findings with input as _dept([res])
	{[f.subject, f.values.missing] | some f in r} == {["R1", ["open_attribute"]]}
}

test_fail_one_finding_per_entry if {
	r1 := object.union(_full, {"sharing_method": null})
	r2 := object.union(_full, {"id": "R2", "share_attribute": null})
	r := a17.findings with input as _dept([r1, r2])
	{[f.subject, f.pointer, f.values.missing] | some f in r} == {
		["R1", "/catalog/0", ["sharing_method"]],
		["R2", "/catalog/1", ["share_attribute"]],
	}
}

test_pass_state_secret_out_of_scope if {
	res := object.union(_full, {"involves_state_secret": true, "format": null})
	r := a17.findings with input as _dept([res])
	r == set()
}

# _complete (the fast path: an entry it accepts is not examined further) is never true of an entry that
# leaves out any one element of _elements, or gives it as null, "" or []; the complete entry takes it
_both(res, key) if {
	a17._complete(res)
	a17._missing(res, key)
}

test_complete_never_skips_a_missing_element if {
	a17._complete(_full)
	every e in a17._elements {
		every blank in [null, "", []] {
			not _both(object.union(_full, {e[0]: blank}), e[0])
		}
		not a17._complete(object.remove(_full, [e[0]]))
		count(a17.findings) == 1 with input as _dept([object.remove(_full, [e[0]])])
	}
}
