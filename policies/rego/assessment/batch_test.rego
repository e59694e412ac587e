package assessment.batch_test

import data.assessment
import data.assessment.batch
import data.assessment.projects

_score := {"period": 2025, "authority": "", "departments": [{"code": "D1", "name": "甲", "submitted": true, "errors": 0, "facts": {}}], "findings": []}

_gates := {"rules": ["A61.1", "A61.2"], "findings": [], "projects": []}

test_each_answer_is_the_single_query_answer if {
	other := object.union(_score, {"departments": [{"code": "D2", "name": "乙", "submitted": false}]})
	a := batch.answers with input as {"queries": [
		{"score": _score, "gates": _gates, "incremental": false},
		{"score": other, "gates": _gates, "incremental": true},
	]}
	count(a) == 2
	a[0].score == assessment.result with input as _score
	a[0].gates == projects.answer with input as _gates
	a[1].score == assessment.incremental with input as other
}
