# METADATA
# title: 适用范围 / scope of the Measures
# description: |
#   第二条第二款：涉及国家秘密的政务数据管理，按照相关保密法律法规的规定执行。
#   解读：标注涉及国家秘密的目录资源不适用本办法的规则，评价时过滤并单独列为"不适用"，绝不静默丢弃。
# related_resources:
#   - ref: docs/statute.md#a2
package lib.scope

# in_scope is true for a catalog entry that the Measures govern.
in_scope(res) if not res.involves_state_secret

# out_of_scope lists every catalog entry filtered out under Art. 2, with where it is.
out_of_scope contains {
	"dept": d.department.code,
	"subject": res.id,
	"pointer": sprintf("/catalog/%d", [i]),
	"reason_zh": "涉及国家秘密，依第二条第二款按保密法律法规执行，不适用本办法规则",
} if {
	some d in input.departments
	some i, res in d.catalog
	not in_scope(res)
}
