# METADATA
# title: 免责标记（第六十八条）/ Art. 68 waivers
# description: |
#   第六十八条：各政务部门按照规定开展政务数据活动，并已履行监督管理职责、合理注意义务或者存在不可抗力情形的，
#   不承担或者免于承担因数据质量等问题产生的相应责任，法律法规另有规定的除外。
#   解读：免责由数据主管部门逐项认定，一项免责只针对一个发现项（规则 + 部门 + 年度 + 记录 + variant（同一规则在同一记录上认定的是哪一项），即发现项的 key），不得整体免责。
#   免责记录由评价程序放在 input.waivers 中；命中的发现项保留、标记 "waived": true 并附免责记录，
#   不计入评分、经费和整改通知书。
# related_resources:
#   - ref: docs/statute.md#a68
package lib.waiver

# by_key: the waivers of this period keyed by the one finding each covers (its key, lib.finding.key:
# rule, department, period, record and variant). The store keeps at most one active waiver per finding.
by_key := {w.key: w |
	some w in input.waivers
	w.period == input.period
}

# mark(f): the finding, with "waived": true and the waiver when one covers it; otherwise unchanged.
mark(f) := object.union(f, {"waived": true, "waiver": w}) if {
	w := by_key[f.key]
} else := f
