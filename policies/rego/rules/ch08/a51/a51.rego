# METADATA
# title: 建立数据安全防护制度，落实加密、访问认证等措施，监督运维服务单位
# description: |
#   第五十一条：县政府、各政务部门应当建立数据安全防护制度，落实数据安全管理和措施，监督提供政务数据管理建设、运行维护服务的单位履行数据安全和信息系统安全责任。
#   第五十二条（节选）：提供政务数据管理建设、运行维护服务的单位应当……采取数据加密、访问认证等安全防护措施……
#   解读：部门须（一）建立数据安全防护制度；（二）（三）落实数据加密和访问认证两项措施（第五十二条列举的措施，
#   部门依第五十一条"落实数据安全管理和措施"负责其在本部门落实）；（四）监督运维服务单位。
#   每缺一项一条发现项；任一项未填报的，报告缺少事实，不推定已落实。
# related_resources:
#   - ref: docs/statute.md#a51
#   - ref: docs/statute.md#a52
# custom:
#   id: A51
#   article: 51
#   item: null
#   kind: duty
#   severity: major
#   dimension: security
#   rectification_ground: 5
#   bears_on_funding: false
package rules.ch08.a51

import data.lib.finding

_measures := [
	["protection_system", "未建立数据安全防护制度"],
	["encryption", "未落实数据加密措施"],
	["access_authentication", "未落实访问认证措施"],
	["vendors_supervised", "未监督建设、运维服务单位履行数据安全和信息系统安全责任"],
]

findings contains f if {
	some d in input.departments
	some [key, msg] in _measures
	object.get(d.security, key, null) == false
	f := finding.fail(rego.metadata.chain(), d, d.department.code, sprintf("/security/%s", [key]), {key: false}, msg)
}

errors contains finding.missing(rego.metadata.chain(), d.department.code, "department", sprintf("/security/%s", [key]), key) if {
	some d in input.departments
	some [key, _] in _measures
	object.get(d.security, key, null) == null
}
