# METADATA
# title: 建立提供和获取政务数据的日志记录，保存不少于{m}个月
# description: |
#   第三十三条：数据主管部门、各政务部门应当对本部门提供和获取的政务数据建立日志记录，确保数据使用过程可追溯，日志记录保存时间不得少于 6 个月，法律法规另有规定的除外。
#   解读：须对提供的和获取的政务数据分别建立日志（缺一即认定），日志保存月数不得少于参数 a33_log_retention_months（第三十三条，6 个月）。
#   "法律法规另有规定"只可能要求更长的保存期（如《网络安全法》第二十一条亦为不少于六个月），快照不载明此类规定，本规则不据以放宽。
#   三项事实任一未填报的，报告缺少事实，不推定已建立；参数在快照日期无有效值的亦报错。
# related_resources:
#   - ref: docs/statute.md#a33
# custom:
#   id: A33
#   title_params:
#     m: {chapter: ch05, name: a33_log_retention_months}
#   article: 33
#   item: null
#   kind: duty
#   severity: major
#   dimension: security
#   rectification_ground: 5
#   bears_on_funding: false
package rules.ch05.a33

import data.lib.finding
import data.lib.params

_logs := [["logs_provided", "提供数据日志"], ["logs_obtained", "获取数据日志"]]

_min(d) := params.value_at(data.params.ch05.a33_log_retention_months, d.as_of)

findings contains f if {
	some d in input.departments
	some [key, name] in _logs
	object.get(d.security, key, null) == false
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, sprintf("/security/%s", [key]),
		{key: false},
		sprintf("未建立%s记录", [name]),
	)
}

findings contains f if {
	some d in input.departments
	months := d.security.log_retention_months
	months != null
	min := _min(d)
	months < min
	f := finding.fail(
		rego.metadata.chain(), d, d.department.code, "/security/log_retention_months",
		{"log_retention_months": months, "minimum_months": min},
		sprintf("日志记录保存%d个月，少于%d个月", [months, min]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/security/%s", [key]), what) if {
	some d in input.departments
	some [key, what] in array.concat(_logs, [["log_retention_months", "日志保存月数"]])
	object.get(d.security, key, null) == null
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "第三十三条日志保存期限参数在快照日期无有效值") if {
	some d in input.departments
	not _min(d)
}
