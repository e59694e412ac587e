package rules.ch07.a42_test

import data.rules.ch07.a42

_dept(platforms) := {"departments": [{"department": {"code": "D1"}, "own_platforms": platforms}]}

_p(kind, status) := {"id": "P1", "name": "教育数据开放网", "kind": kind, "status": status}

test_fail_own_open_platform_running if {
	r := a42.findings with input as _dept([_p("开放平台", "运行中")])
	r == {{
		"rule_id": "A42", "dept": "D1", "source": "department", "subject": "P1", "pointer": "/own_platforms/0",
		"values": {"kind": "开放平台", "status": "运行中"},
		"message_zh": "自建开放平台「教育数据开放网」仍在运行，开放平台应由市级数据主管部门统一建设",
	}}
}

test_pass_closed if {
	r := a42.findings with input as _dept([_p("开放平台", "已关停")])
	r == set()
}

test_pass_sharing_platform_is_a35 if {
	r := a42.findings with input as _dept([_p("跨部门共享平台", "运行中")])
	r == set()
}
