# METADATA
# title: 发现项说明的用语 / the words of a finding's message
# description: |
#   发现项的说明（message_zh）给人读：评价结果表、年度评价、仪表盘都原样显示它。日期写中文日期
#   （2025年10月9日，不写 2025-10-09），部门写名称而不写统一社会信用代码（名称取自 lib.county.names：
#   本次评价全部部门的名称，分区评价时含其他分区的部门）。证据（evidence.values）仍是机器可读的原值。
#   见 docs/decisions/0022-exit-codes-and-words.md。
package lib.words

import data.lib.county

# date(d): "2025-10-09" → "2025年10月9日"；不是 YYYY-MM-DD 开头的值原样写出（绝不因格式让说明缺失）。
date(d) := s if {
	is_string(d)
	substring(d, 4, 1) == "-"
	substring(d, 7, 1) == "-"
	y := to_number(substring(d, 0, 4))
	m := to_number(substring(d, 5, 2))
	day := to_number(substring(d, 8, 2))
	s := sprintf("%d年%d月%d日", [y, m, day])
} else := sprintf("%v", [d])

# dept(code): 部门名称；本次评价不认识的代码原样写出。
dept(code) := n if {
	n := county.names[code]
} else := code
