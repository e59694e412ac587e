package lib.basis_test

import data.lib.basis

_res(ranks) := {"aggregation": {"no_aggregation_bases": [{"rank": r} | some r in ranks]}}

test_local_regulation_is_a_regulation_under_art13 if {
	basis.art13_evidence(_res(["地方性法规"]))
}

test_department_document_is_not_evidence if {
	not basis.art13_evidence(_res(["部门文件", "规章"]))
}
