# METADATA
# title: 不再新建业务专网，已有业务专网并入或者接入电子政务网络
# description: |
#   第三十二条：各政务部门应当通过电子政务外网传输政务数据，不再新建业务专网；已有业务专网应当并入或者接入电子政务网络。国家另有规定的，从其规定。
#   解读：（一）建成日期在本办法施行之日（参数 measures_in_force_from，第七十四条）或以后的业务专网，属"新建"，不论是否已接入，即认定；
#   （二）任何业务专网仍"独立运行"（未并入也未接入电子政务网络）的，即认定。
#   "国家另有规定"按"国家规定"的通常含义（参照《刑法》第九十六条），指法律、行政法规、党中央国务院政策及国家有关文件；
#   地方性法规、规章、部门文件不构成例外。施行日期参数在快照日期无有效值的，报告缺少事实。
# related_resources:
#   - ref: docs/statute.md#a32
#   - ref: docs/statute.md#a74
# custom:
#   id: A32
#   article: 32
#   item: null
#   kind: duty
#   severity: major
#   dimension: aggregation
#   rectification_ground: 6
#   bears_on_funding: true
package rules.ch05.a32

import data.lib.finding
import data.lib.params
import data.lib.words

_national := {"法律", "行政法规", "党中央国务院政策", "国家有关文件"}

_exempt(n) if n.national_exception.rank in _national

_in_force(d) := params.value_at(data.params.measures_in_force_from, d.as_of)

# a network built on or after the Measures took effect
findings contains f if {
	some d in input.departments
	from := _in_force(d)
	some i, n in d.networks
	n.established >= from
	not _exempt(n)
	f := finding.fail(
		rego.metadata.chain(), d, n.id, sprintf("/networks/%d/established", [i]),
		{"name": n.name, "established": n.established, "in_force_from": from},
		sprintf("业务专网「%s」建成于%s，在本办法施行（%s）之后新建", [n.name, words.date(n.established), words.date(from)]),
	)
}

# a network neither merged into nor connected to the e-government network
findings contains f if {
	some d in input.departments
	some i, n in d.networks
	n.status == "独立运行"
	not _exempt(n)
	f := finding.fail(
		rego.metadata.chain(), d, n.id, sprintf("/networks/%d/status", [i]),
		{"name": n.name, "status": n.status},
		sprintf("业务专网「%s」仍独立运行，未并入或接入电子政务网络", [n.name]),
	)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", "/as_of", "本办法施行日期参数在快照日期无有效值") if {
	some d in input.departments
	count(d.networks) > 0
	not _in_force(d)
}
