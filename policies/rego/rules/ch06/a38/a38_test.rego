package rules.ch06.a38_test

import data.rules.ch06.a38

_dept(reqs) := {"departments": [{"department": {"code": "D1"}, "share_requests": reqs}]}

_q(method, why) := {"id": "Q1", "provider": "P1", "resource_code": "RC001", "method": method, "bulk_justification": why}

test_fail_bulk_without_justification if {
	r := a38.findings with input as _dept([_q("批量数据交换", null)])
	r == {{
		"rule_id": "A38", "dept": "D1", "source": "department", "subject": "Q1", "pointer": "/share_requests/0",
		"values": {"provider": "P1", "resource_code": "RC001", "method": "批量数据交换", "bulk_justification": null},
		"message_zh": "向P1申请资源代码为RC001的数据资源（市共享平台登记中无此代码）采用批量数据交换，未说明数据服务接口或交叉核验服务不能满足需求的理由",
		"named": {"RC001": "资源代码为RC001的数据资源（市共享平台登记中无此代码）"},
	}}
}

# the resource by the name the platform's register gives it (decision 0026), the provider by its name
test_fail_bulk_resource_and_provider_by_name if {
	inp := object.union(_dept([_q("批量数据交换", null)]), {
		"platform": {"facts": {"resources": {"RC001": {"name": "低保对象信息", "dept": "P1"}}}},
		"department_names": {"D1": "县甲局", "P1": "县民政局"},
	})
	[f.message_zh | some f in a38.findings] == ["向县民政局申请数据资源「低保对象信息」采用批量数据交换，未说明数据服务接口或交叉核验服务不能满足需求的理由"] with input as inp
}

test_pass_bulk_with_justification if {
	r := a38.findings with input as _dept([_q("批量数据交换", "全量统计建模需离线数据，接口逐条查询无法满足")])
	r == set()
}

test_pass_interface if {
	r := a38.findings with input as _dept([_q("数据服务接口", null)])
	r == set()
}

test_pass_cross_verification if {
	r := a38.findings with input as _dept([_q("数据交叉核验", null)])
	r == set()
}
