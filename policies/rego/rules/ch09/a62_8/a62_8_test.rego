package rules.ch09.a62_8_test

import data.main
import data.rules.ch09.a62_8

_late := {
	"period": 2025,
	"departments": [{
		"period": 2025, "as_of": "2026-02-27", "department": {"code": "D1", "kind": "政务部门"},
		"catalog_changes": [{"id": "C1", "trigger": "行政管理职能变更", "trigger_date": "2025-09-30", "applied": "2025-10-15"}],
		"quality_issues": [{"id": "Q1", "resource_code": "R", "distributed": "2025-09-30", "decided": "2025-10-14", "decision": "更正", "corrected": "2025-10-31"}],
		"open_catalog_corrections": [],
		"open_data_requests": [{"id": "OD1", "received": "2026-02-05", "answered": null, "decision": null, "reasons_given": false, "basis_given": false, "extension": null}],
		"interface_demands": [{"id": "I1", "requested": "2025-09-01", "agreed_due": "2025-09-30", "delivered": "2025-10-31", "extension": null}],
	}],
	"platform": {
		"as_of": "2026-02-27", "authority": "AUTH",
		"catalog_reviews": [{"id": "CR1", "dept": "D1", "received": "2026-02-12", "reviewed": "2026-02-27"}],
		"city_filings": [{"id": "CF1", "change_date": "2025-09-30", "filed": "2025-10-31"}],
	},
}

test_fail_one_warning_per_department_listing_its_grounds if {
	r := a62_8.findings with input as _late
	r == {
		{
			"rule_id": "A62.8", "dept": "D1", "source": "department", "subject": "D1", "pointer": "",
			"values": {"count": 3, "grounds": [
				{"actual_date": "2025-10-15", "due_date": "2025-10-14", "key": "A22.1|D1|2025|C1|/catalog_changes/*", "open": false, "pointer": "/catalog_changes/0", "rule_id": "A22.1", "subject": "C1", "working_days_late": 1},
				{"actual_date": "2025-10-31", "due_date": "2025-10-28", "key": "A65.2|D1|2025|Q1|/quality_issues/*", "open": false, "pointer": "/quality_issues/0", "rule_id": "A65.2", "subject": "Q1", "working_days_late": 3},
				{"actual_date": "2026-02-27", "due_date": "2026-02-26", "key": "A46|D1|2025|OD1|/open_data_requests/*", "open": true, "pointer": "/open_data_requests/0", "rule_id": "A46", "subject": "OD1", "working_days_late": 1},
			]},
			"message_zh": "本周期有3项超过规定时间更新政务数据目录、校核政务数据或开放政务数据，已在各项期限规则中认定，此处仅作第六十二条第（八）项定性，不另扣分：行政管理职能变更之日（2025年9月30日）起5个工作日内应申请更新政务数据目录（期满日2025年10月14日），实际于2025年10月15日办结，逾期1个工作日；资源代码为R的数据资源（本部门目录和市共享平台登记中均无此代码）的问题数据于2025年10月14日决定更正，10个工作日内应从源头更正并重新汇聚（期满日2025年10月28日），实际于2025年10月31日办结，逾期3个工作日；有条件开放数据申请于2026年2月5日收到，10个工作日内应予答复，期满日2026年2月26日，截至2026年2月27日仍未办结，已逾期1个工作日",
		},
		{
			"rule_id": "A62.8", "dept": "AUTH", "source": "platform", "subject": "AUTH", "pointer": "",
			"values": {"count": 1, "grounds": [{"actual_date": "2026-02-27", "due_date": "2026-02-26", "key": "A22.2|AUTH|2025|CR1|/catalog_reviews/*", "open": false, "pointer": "/catalog_reviews/0", "rule_id": "A22.2", "subject": "CR1", "working_days_late": 1}]},
			"message_zh": "本周期有1项超过规定时间更新政务数据目录、校核政务数据或开放政务数据，已在各项期限规则中认定，此处仅作第六十二条第（八）项定性，不另扣分：收到目录更新申请之日（2026年2月12日）起5个工作日内应审核、更新政务数据目录（期满日2026年2月26日），实际于2026年2月27日办结，逾期1个工作日",
		},
	}
}

test_pass_interface_filing_and_refresh_delays_are_not_this_item if {
	inp := {"departments": [object.union(_late.departments[0], {"catalog_changes": [], "quality_issues": [], "open_data_requests": []})], "platform": object.union(_late.platform, {"catalog_reviews": []})}
	r := a62_8.findings with input as inp
	r == set()
}

# each ground names the restated finding by its one identity: the key main gives that very finding
test_fail_grounds_carry_the_keys_of_the_restated_findings if {
	keys := {g.key | some f in a62_8.findings with input as _late; some g in f.values.grounds}
	restated := {f.key |
		some f in main.findings with input as _late
		object.get(f.values, "prohibited_act", "") == "A62.8"
	}
	count(keys) == 4
	keys == restated
}

# a ground of another period is another finding: the period is part of the key
test_pass_another_period_gives_other_keys if {
	keys := {g.key | some f in a62_8.findings with input as object.union(_late, {"period": 2026}); some g in f.values.grounds}
	count(keys) == 4
	every k in keys {
		contains(k, "|2026|")
	}
}
