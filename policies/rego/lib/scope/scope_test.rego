package lib.scope_test

import data.lib.scope

test_secret_resource_out_of_scope if {
	r := scope.out_of_scope with input as {"departments": [{
		"department": {"code": "D1"},
		"catalog": [{"id": "R1", "involves_state_secret": false}, {"id": "R2", "involves_state_secret": true}],
	}]}
	r == {{
		"dept": "D1", "subject": "R2", "pointer": "/catalog/1",
		"reason_zh": "涉及国家秘密，依第二条第二款按保密法律法规执行，不适用本办法规则",
	}}
}

test_ordinary_resource_in_scope if {
	scope.in_scope({"id": "R1", "involves_state_secret": false})
}
