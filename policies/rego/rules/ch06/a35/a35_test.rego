package rules.ch06.a35_test

import data.rules.ch06.a35

_dept(platforms) := {"departments": [{"department": {"code": "D1"}, "own_platforms": platforms}]}

_p(kind, status) := {"id": "P1", "name": "卫健数据交换平台", "kind": kind, "status": status}

test_fail_own_sharing_platform_running if {
	r := a35.findings with input as _dept([_p("跨部门共享平台", "运行中")])
	r == {{
		"rule_id": "A35", "dept": "D1", "source": "department", "subject": "P1", "pointer": "/own_platforms/0",
		"values": {"kind": "跨部门共享平台", "status": "运行中"},
		"message_zh": "自建跨部门数据共享平台「卫健数据交换平台」仍在运行，应当整合并入市共享平台",
	}}
}

test_pass_merged if {
	r := a35.findings with input as _dept([_p("跨部门共享平台", "已整合并入市共享平台")])
	r == set()
}

test_pass_closed if {
	r := a35.findings with input as _dept([_p("跨部门共享平台", "已关停")])
	r == set()
}

test_pass_open_platform_is_a42 if {
	r := a35.findings with input as _dept([_p("开放平台", "运行中")])
	r == set()
}
