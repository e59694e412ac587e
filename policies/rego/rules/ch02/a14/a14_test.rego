package rules.ch02.a14_test

import data.rules.ch02.a14

_dept(reqs) := {"departments": [{"department": {"code": "D1"}, "share_requests": reqs}]}

_q(via) := {"id": "Q1", "provider": "P1", "resource_code": "RC001", "method": "批量数据交换", "via_platform": via}

test_fail_outside_platform if {
	r := a14.findings with input as _dept([_q(false)])
	r == {{
		"rule_id": "A14", "dept": "D1", "source": "department", "subject": "Q1", "pointer": "/share_requests/0",
		"values": {"provider": "P1", "resource_code": "RC001", "method": "批量数据交换", "via_platform": false},
		"message_zh": "以批量数据交换方式向P1申请资源代码为RC001的数据资源（市共享平台登记中无此代码），未通过市共享平台",
		"named": {"RC001": "资源代码为RC001的数据资源（市共享平台登记中无此代码）"},
	}}
}

test_pass_via_platform if {
	r := a14.findings with input as _dept([_q(true)])
	r == set()
}

test_the_provider_is_named_not_coded if {
	inp := object.union(_dept([_q(false)]), {
		"department_names": {"D1": "县甲局", "P1": "县乙局"},
		"platform": {"facts": {"resources": {"RC001": {"name": "不动产登记信息", "dept": "P1"}}}},
	})
	r := a14.findings with input as inp
	{f.message_zh | some f in r} == {"以批量数据交换方式向县乙局申请数据资源「不动产登记信息」，未通过市共享平台"}
	{f.values.provider | some f in r} == {"P1"} # the evidence keeps the code
}
