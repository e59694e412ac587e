package lib.extension_test

import data.lib.extension

_ext(extra) := object.union({"written_application": true, "approved": true, "approved_by_head": false, "working_days": 3}, extra)

_over := "延长超过 %d 个工作日上限"

test_a13_extension_needs_writing_and_approval if {
	extension.days(_ext({}), {"written", "approved"}, 5, _over) == 3
	extension.flaws(_ext({"written_application": false, "approved": false}), {"written", "approved"}, 5, _over) == ["无书面延期申请", "延期未经批准"]
}

test_the_cap_is_the_parameter if {
	extension.values(_ext({"working_days": 6}), {"written", "approved"}, 5, _over) == {"extension_applied": false, "extension_disregarded": "延长超过 5 个工作日上限"}
}

# snapshot 1.1: the head's delegate approving counts as the head's consent (Arts. 45, 46)
test_head_or_delegate_approves if {
	extension.days(_ext({"approver_role": "受主要负责人委托", "approver": "分管副局长"}), {"head"}, 10, _over) == 3
	extension.days(_ext({"approver_role": "主要负责人"}), {"head"}, 10, _over) == 3
	extension.days(_ext({"approved_by_head": true}), {"head"}, 10, _over) == 3
}

test_someone_else_approving_is_not_the_heads_consent if {
	extension.values(_ext({"approver_role": "其他", "approver": "办公室主任"}), {"head"}, 10, _over) == {"extension_applied": false, "extension_disregarded": "延期未经部门主要负责人同意"}
}

test_no_extension if {
	extension.values(null, {"head"}, 10, _over) == {"extension_applied": false}
	extension.note({"extension_applied": false}, "（含 %d）") == ""
}
