# METADATA
# title: 延期（第十三条、第四十五条、第四十六条）/ written extensions, one reading for A13.3, A45, A46
# description: |
#   第十三条：……确需延期的，应书面申请并经数据主管部门批准，最长不超过5个工作日。
#   第四十五条、第四十六条：如需延长答复期限的，应当经……主要负责人同意，延长答复期限不得超过10个工作日。
#   解读（三条共用，只写一次）：延期只在满足该条要求时计入期限——第十三条须书面申请且经批准，第四十五、四十六条须经
#   主要负责人同意；延长的工作日数不超过上限（参数）且至少 1 日。主要负责人同意：记为 approved_by_head，或批准人身份
#   （approver_role，格式 1.1）为主要负责人或受主要负责人委托的人员。不满足的，延期不予计入，发现项写明理由。
# related_resources:
#   - ref: docs/statute.md#a13
#   - ref: docs/statute.md#a45
#   - ref: docs/statute.md#a46
package lib.extension

# the head approved: recorded as such, or the approver is the head or the head's delegate
default by_head(_) := false

by_head(ext) if ext.approved_by_head == true

by_head(ext) if object.get(ext, "approver_role", null) in {"主要负责人", "受主要负责人委托"}

# _fails(ext, req, max): [message, failed] for each requirement of `req` ("written", "approved", "head")
_fails(ext, req, _) := [["无书面延期申请", ext.written_application == false] | "written" in req]

_fails2(ext, req) := [["延期未经批准", ext.approved == false] | "approved" in req]

_fails3(ext, req) := [["延期未经部门主要负责人同意", by_head(ext) == false] | "head" in req]

# flaws(ext, req, max, over): why the extension does not count (`over` words the cap, e.g. "延期超过 %d 个工作日上限")
flaws(ext, req, max, over) := [x |
	some [x, bad] in array.concat(
		array.concat(_fails(ext, req, max), _fails2(ext, req)),
		array.concat(_fails3(ext, req), [[sprintf(over, [max]), ext.working_days > max]]),
	)
	bad
]

# days(ext, req, max, over): the working days the extension adds, when it counts
days(ext, req, max, over) := ext.working_days if {
	ext != null
	count(flaws(ext, req, max, over)) == 0
	ext.working_days >= 1
}

# values(ext, req, max, over): the evidence values of the extension
values(ext, req, max, over) := {"extension_applied": true, "extension_working_days": days(ext, req, max, over)} if {
	days(ext, req, max, over)
} else := {"extension_applied": false, "extension_disregarded": concat("；", flaws(ext, req, max, over))} if {
	ext != null
	count(flaws(ext, req, max, over)) > 0
} else := {"extension_applied": false}

# note(v, granted): the message's words about the extension (`granted` words an extension that counts)
note(v, granted) := sprintf(granted, [v.extension_working_days]) if v.extension_applied

else := sprintf("（延期不予计入：%s）", [v.extension_disregarded]) if v.extension_disregarded

else := ""
