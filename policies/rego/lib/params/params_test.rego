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
