package rules.ch05.a32_test

import data.rules.ch05.a32

_params := {"measures_in_force_from": {"values": {"2022-01-01": {"value": "2022-01-01"}}}}

_dept(networks) := {"departments": [{"department": {"code": "D1"}, "as_of": "2025-12-31", "networks": networks}]}

_n(established, status, exception) := {
	"id": "N1", "name": "医保专网", "established": established, "status": status, "national_exception": exception,
}

test_fail_standalone if {
	r := a32.findings with input as _dept([_n("2015-06-01", "独立运行", null)]) with data.params as _params
	r == {{
		"rule_id": "A32", "dept": "D1", "source": "department", "subject": "N1", "pointer": "/networks/0/status",
		"values": {"name": "医保专网", "status": "独立运行"},
		"message_zh": "业务专网「医保专网」仍独立运行，未并入或接入电子政务网络",
	}}
}

test_fail_new_network_even_connected if {
	r := a32.findings with input as _dept([_n("2022-01-01", "已接入电子政务网络", null)]) with data.params as _params
	r == {{
		"rule_id": "A32", "dept": "D1", "source": "department", "subject": "N1", "pointer": "/networks/0/established",
		"values": {"name": "医保专网", "established": "2022-01-01", "in_force_from": "2022-01-01"},
		"message_zh": "业务专网「医保专网」建成于2022年1月1日，在本办法施行（2022年1月1日）之后新建",
	}}
}

test_fail_new_and_standalone_two_findings if {
	r := a32.findings with input as _dept([_n("2023-03-01", "独立运行", null)]) with data.params as _params
	{f.pointer | some f in r} == {"/networks/0/established", "/networks/0/status"}
}

test_pass_old_network_connected_day_before if {
	r := a32.findings with input as _dept([_n("2021-12-31", "已接入电子政务网络", null)]) with data.params as _params
	r == set()
}

test_pass_old_network_merged if {
	r := a32.findings with input as _dept([_n("2010-01-01", "已并入电子政务网络", null)]) with data.params as _params
	r == set()
}

test_pass_national_exception if {
	ex := {"rank": "行政法规", "title": "某条例"}
	r := a32.findings with input as _dept([_n("2023-03-01", "独立运行", ex)]) with data.params as _params
	r == set()
}

test_fail_local_rule_is_no_national_exception if {
	ex := {"rank": "规章", "title": "某办法"}
	r := a32.findings with input as _dept([_n("2015-03-01", "独立运行", ex)]) with data.params as _params
	{f.pointer | some f in r} == {"/networks/0/status"}
}

test_error_in_force_date_undefined if {
	p := {"measures_in_force_from": {"values": {"2030-01-01": {"value": "2030-01-01"}}}}
	e := a32.errors with input as _dept([_n("2015-06-01", "已接入电子政务网络", null)]) with data.params as p
	{x.pointer | some x in e} == {"/as_of"}
}
