package lib.security_event_test

import data.lib.security_event

_ev(id, extra) := object.union(
	{
		"id": id, "date": "2025-04-02", "kind": "侵入电子政务外网", "actor_type": "单位", "actor": "某测评公司",
		"description": "渗透测试", "permission": null, "authorisation": null, "actor_external": false,
	},
	extra,
)

_in(evs) := {"departments": [{"department": {"code": "D1"}, "security_events": evs}]}

test_written_authorisation_is_not_an_intrusion if {
	auth := {"authorisation": {"by": "本局主要负责人", "document": "《渗透测试委托书》", "date": "2025-03-20"}}
	r := security_event.events({"侵入电子政务外网"}) with input as _in([_ev("V1", auth), _ev("V2", {})])
	[ev.id | some [_, _, ev] in r] == ["V2"]
}

test_a_permission_counts_as_authorisation_for_every_item if {
	perm := {"permission": {"rank": "法律", "title": "《中华人民共和国审计法》", "article": null}}
	r := security_event.events({"侵入电子政务外网"}) with input as _in([_ev("V1", perm)])
	r == []
}

test_unauthorised_event_is_listed if {
	r := security_event.events({"侵入电子政务外网"}) with input as _in([_ev("V1", {})])
	count(r) == 1
}
