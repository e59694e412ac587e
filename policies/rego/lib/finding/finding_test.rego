package lib.finding_test

import data.lib.finding

_chain := [
	{"path": ["data", "rules", "x", "y", "findings"], "annotations": {"scope": "rule"}},
	{"path": ["data", "rules", "x", "y"], "annotations": {"scope": "package", "custom": {"id": "A1.1"}}},
]

test_rule_id_from_package_annotation if {
	finding.rule_id(_chain) == "A1.1"
}

test_fail_shape if {
	f := finding.fail(_chain, {"department": {"code": "D1"}}, "R1", "/catalog/0", {"k": 1}, "消息")
	f == {
		"rule_id": "A1.1", "dept": "D1", "source": "department", "subject": "R1",
		"pointer": "/catalog/0", "values": {"k": 1}, "message_zh": "消息",
	}
}

test_fail_platform_shape if {
	f := finding.fail_platform(_chain, "D2", "S1", "/shared_items/3", {}, "消息")
	f == {
		"rule_id": "A1.1", "dept": "D2", "source": "platform", "subject": "S1",
		"pointer": "/shared_items/3", "values": {}, "message_zh": "消息",
	}
}

test_missing_shape if {
	e := finding.missing(_chain, "D1", "department", "/security/encryption", "数据加密")
	e == {
		"rule_id": "A1.1", "dept": "D1", "source": "department", "pointer": "/security/encryption",
		"message_zh": "缺少规则所需事实：数据加密 / missing fact needed by the rule",
	}
}

test_record_only_overrides_every_consequence if {
	f := finding.record_only(finding.fail(_chain, {"department": {"code": "D1"}}, "R1", "/x/0", {}, "消息"), "理由")
	f == {
		"rule_id": "A1.1", "dept": "D1", "source": "department", "subject": "R1",
		"pointer": "/x/0", "values": {}, "message_zh": "消息",
		"severity": "warning", "record_only": true, "record_reason_zh": "理由",
		"rectification_ground": null, "bears_on_funding": false,
	}
}

test_fail_against_keeps_the_evidence_department if {
	f := finding.fail_against(_chain, {"department": {"code": "D1"}}, "AUTH", "R1", "/share_requests/0", {}, "消息")
	f == {
		"rule_id": "A1.1", "dept": "AUTH", "evidence_dept": "D1", "source": "department", "subject": "R1",
		"pointer": "/share_requests/0", "values": {}, "message_zh": "消息",
	}
}

test_keyed_adds_key_and_variant if {
	f := finding.fail(_chain, {"department": {"code": "D1"}}, "R1", "/catalog/12/aggregation", {}, "消息")
	k := finding.keyed(f) with input as {"period": 2025}
	k == object.union(f, {"key": "A1.1|D1|2025|R1|/catalog/*/aggregation", "variant": "/catalog/*/aggregation"})
}

test_keyed_department_field_keeps_its_path if {
	f := finding.fail(_chain, {"department": {"code": "D1"}}, "D1", "/department/data_unit", {}, "消息")
	k := finding.keyed(f) with input as {"period": 2025}
	k.key == "A1.1|D1|2025|D1|/department/data_unit"
}

test_keyed_aspect_is_folded_into_the_variant if {
	f := finding.aspect(finding.fail(_chain, {"department": {"code": "D1"}}, "R1", "/open_catalog_corrections/0", {}, "消息"), "reasons")
	k := finding.keyed(f) with input as {"period": 2025}
	k.key == "A1.1|D1|2025|R1|/open_catalog_corrections/*#reasons"
	k.variant == "/open_catalog_corrections/*#reasons"
	not "aspect" in object.keys(k)
}

test_keyed_against_keys_the_department_found if {
	f := finding.fail_against(_chain, {"department": {"code": "D1"}}, "AUTH", "R1", "/share_requests/0", {}, "消息")
	k := finding.keyed(f) with input as {"period": 2025}
	k.key == "A1.1|AUTH|2025|R1|/share_requests/*"
}

test_keyed_reordered_records_keep_the_key if {
	a := finding.keyed(finding.fail(_chain, {"department": {"code": "D1"}}, "R1", "/catalog/0", {}, "x")) with input as {"period": 2025}
	b := finding.keyed(finding.fail(_chain, {"department": {"code": "D1"}}, "R1", "/catalog/7", {}, "x")) with input as {"period": 2025}
	a.key == b.key
}

test_named_adds_the_words_and_keeps_the_key if {
	f := finding.fail(_chain, {"department": {"code": "D1"}}, "R1", "/catalog/0", {"resource_code": "RC1"}, "消息")
	n := finding.named(f, {"RC1": "数据资源「低保对象信息」"})
	n == object.union(f, {"named": {"RC1": "数据资源「低保对象信息」"}})
	k := finding.keyed(n) with input as {"period": 2025}
	k.key == "A1.1|D1|2025|R1|/catalog/*"
	k.named == {"RC1": "数据资源「低保对象信息」"}
}

_acts_chain := [
	{"path": ["data", "rules", "x", "y", "findings"], "annotations": {"scope": "rule"}},
	{"path": ["data", "rules", "x", "y"], "annotations": {"scope": "package", "custom": {"id": "A1.1", "acts_zh": [{"kind": "甲", "act_zh": "做甲"}, {"kind": "乙", "act_zh": "做乙"}]}}},
]

test_acts_from_package_annotation if {
	finding.acts(_acts_chain) == {"甲": "做甲", "乙": "做乙"}
	not finding.acts(_chain)
}

test_act_says_the_one_act_found if {
	f := {"rule_id": "A1.1", "subject": "R1"}
	finding.act(f, finding.acts(_acts_chain), "乙") == {"rule_id": "A1.1", "subject": "R1", "act_zh": "做乙"}
}

# a kind the item does not list: no act (the item's whole act is said), never a wrong one
test_act_of_an_unlisted_kind_leaves_the_finding if {
	f := {"rule_id": "A1.1", "subject": "R1"}
	finding.act(f, finding.acts(_acts_chain), "丙") == f
}
