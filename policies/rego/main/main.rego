# METADATA
# title: 评价入口 / the evaluation entrypoint
# description: |
#   全部规则的发现项、缺少事实的错误和不适用范围的资源，一次查询取得。
#   规则放在 data.rules.<章>.<条项> 下，新增规则目录即自动纳入，无需在此登记。
#   输入：{"period": 年度, "platform": 全县平台快照, "departments": [部门快照 + facts]}。
# entrypoint: true
package main

import data.lib.county
import data.lib.finding
import data.lib.scope
import data.lib.waiver

# every rule package exports `findings` (a set, possibly empty) and may export `errors`.
# Every finding gets its one identity, "key" (lib.finding.keyed); a finding covered by an Art. 68 waiver
# (input.waivers, matched by that key) stays, marked "waived": true (lib.waiver).
findings contains waiver.mark(finding.keyed(f)) if {
	some f in data.rules[_][_].findings
}

errors contains e if {
	some e in data.rules[_][_].errors
}

errors contains {
	"rule_id": "",
	"dept": "",
	"source": "input",
	"pointer": "/platform",
	"message_zh": "缺少本周期的全县平台快照 / the county platform snapshot of the period is missing",
} if {
	not county.has_platform
}

# rule_packages lists the packages that were evaluated, so the caller can check none is missing.
rule_packages contains sprintf("rules.%s.%s", [ch, r]) if {
	some ch, r
	data.rules[ch][r].findings
}

result := {
	"findings": findings,
	"errors": errors,
	"out_of_scope": scope.out_of_scope,
	"rule_packages": rule_packages,
}

# the same answer for departments PUT into OPA's data beside the county data (evaluate/partitions.py):
# the request names them, so OPA reads their JSON once, without converting it into Rego values twice
# (the authorizer's input and the query's input) as it does for a request body (#20)
stored_result := r if {
	r := result with input.departments as data.county_data[input.county_data].partitions[input.partition]
}
