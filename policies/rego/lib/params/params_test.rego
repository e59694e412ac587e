package lib.params_test

import data.lib.params

_p := {"values": {"2022-01-01": {"value": 5}, "2026-07-01": {"value": 3}}}

test_value_before_change if {
	params.value_at(_p, "2026-06-30") == 5
}

test_value_on_change_date if {
	params.value_at(_p, "2026-07-01") == 3
}

test_undefined_before_first_date if {
	not params.value_at(_p, "2021-12-31")
}

# issue 14 item 6: one in-force date anchors the parameters that start with the Measures
_anchored := {"values": {"in_force": {"value": 5}, "2026-07-01": {"value": 3}}}

_in_force(d) := {"measures_in_force_from": {"values": {d: {"value": d}}}}

test_in_force_key_takes_the_measures_date if {
	params.value_at(_anchored, "2022-01-01") == 5 with data.params as _in_force("2022-01-01")
	params.value_at(_anchored, "2026-07-01") == 3 with data.params as _in_force("2022-01-01")
}

test_a_later_in_force_date_moves_every_anchored_parameter if {
	not params.value_at(_anchored, "2022-06-30") with data.params as _in_force("2022-07-01")
	params.value_at(_anchored, "2022-07-01") == 5 with data.params as _in_force("2022-07-01")
}
