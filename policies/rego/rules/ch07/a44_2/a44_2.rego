# METADATA
# title: 涉及商业秘密、个人隐私、国家安全等敏感信息的政务数据未经脱敏不得无条件开放
# description: |
#   第四十三条第三款（节选）：涉及国家秘密、商业秘密、个人隐私和国家安全，以及其他不宜提供给公民、法人和其他组织的政务数据属于不予开放类。
#   第四十四条第二款：非涉密但是涉及敏感信息的政务数据，经过脱敏、清洗、加工后可以根据使用条件和适用范围无条件开放或者有条件开放。
#   解读：目录资源的敏感类别含商业秘密、个人隐私、国家安全或其他敏感信息的，列为"无条件开放"须已脱敏（desensitised）；
#   未脱敏即认定。第四十四条第二款的脱敏例外只适用于"非涉密"数据：敏感类别含国家秘密的，脱敏也不能无条件开放。
#   标注涉及国家秘密（involves_state_secret）的资源（第二条第二款）和第七十一条排除的资源不在本规则范围内（lib.scope）；
#   未作此标注却在敏感类别中列有国家秘密的，仍按本规则认定，并在说明中指出。
#   有条件开放的敏感数据是否须先脱敏，本规则不作认定（第四十四条第二款对两类开放并列规定"可以"，未明示禁止）。
# related_resources:
#   - ref: docs/statute.md#a2
#   - ref: docs/statute.md#a10
#   - ref: docs/statute.md#a43
#   - ref: docs/statute.md#a44
# custom:
#   id: A44.2
#   article: 44
#   item: null
#   kind: prohibition
#   act_zh: 将涉及商业秘密、个人隐私、国家安全等敏感信息的政务数据未经脱敏列为无条件开放
#   severity: critical
#   dimension: opening
#   rectification_ground: 5
#   bears_on_funding: false
package rules.ch07.a44_2

import data.lib.finding
import data.lib.scope

_curable := {"商业秘密", "个人隐私", "国家安全", "敏感信息"}

_flagged := _curable | {"国家秘密"} # once a query, not once an entry (#20)

_sensitive(res) := {s | some s in res.sensitivity; s in _flagged}

# sensitive (non-secret) data opened unconditionally without desensitisation
findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	res.open_attribute == "无条件开放"
	sens := _sensitive(res) # before the scope check: most entries name no sensitive category (#20)
	count(sens) > 0
	not "国家秘密" in sens
	scope.in_scope(res)
	not res.desensitised
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d", [i]),
		{"open_attribute": res.open_attribute, "sensitivity": sort(sens), "desensitised": false},
		sprintf("数据资源「%s」涉及%s，未经脱敏即列为无条件开放", [res.name, concat("、", sort(sens))]),
	)
}

# state secrets: never opened unconditionally, desensitised or not
findings contains f if {
	some d in input.departments
	some i, res in d.catalog
	res.open_attribute == "无条件开放"
	sens := _sensitive(res)
	"国家秘密" in sens
	scope.in_scope(res)
	f := finding.fail(
		rego.metadata.chain(), d, res.id, sprintf("/catalog/%d", [i]),
		{"open_attribute": res.open_attribute, "sensitivity": sort(sens), "desensitised": res.desensitised},
		sprintf("数据资源「%s」的敏感类别含国家秘密（却未标注涉及国家秘密），不得无条件开放，脱敏亦不适用", [res.name]),
	)
}
