# METADATA
# title: 不得超过规定时间更新政务数据目录、校核政务数据、开放政务数据
# description: |
#   第六十二条第（八）项：超过规定时间更新政务数据目录、校核政务数据、开放政务数据。
#   解读：本项本身不设时限，"规定时间"即本办法其他条款规定的期限：更新目录——第二十二条（A22.1 部门申请、A22.2 主管部门
#   审核更新）、第四十五条（A45 开放目录更正答复）；校核数据——第六十五条（A65.1 核实决定、A65.2 源头更正）；
#   开放数据——第四十六条（A46 有条件开放申请答复）。同一逾期行为既违反上述期限条款，又属本项禁止行为，是一个行为而非两个，
#   评价中只认定一次（一事不二罚原则，参照《行政处罚法》第二十九条）：发现项由上述规则作出，其证据值以
#   prohibited_act = "A62.8" 标注本项定性，本规则不另行产生发现项，以免重复扣分。
#   第二十三条（向市级报备）、第十三条（提供服务接口）、第七十二条（挂载更新数据）、第六十条（年度报告）不属本项所列三类行为，
#   不标注本项。本规则的"依据"集合（grounds）供报告和评分按本项汇总。
# related_resources:
#   - ref: docs/statute.md#a62
#   - ref: docs/statute.md#a22
#   - ref: docs/statute.md#a45
#   - ref: docs/statute.md#a46
#   - ref: docs/statute.md#a65
# custom:
#   id: A62.8
#   article: 62
#   item: 8
#   severity: minor
#   dimension: catalog
#   rectification_ground: 1
#   bears_on_funding: false
package rules.ch09.a62_8

# the deadline rules whose late findings are the grounds of this item, each marked prohibited_act = "A62.8"
grounds := {"A22.1", "A22.2", "A45", "A46", "A65.1", "A65.2"}

# no finding of its own: a late act is found once, under the rule that sets its time limit.
findings := set()
