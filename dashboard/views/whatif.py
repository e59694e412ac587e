"""假设分析：改动一个部门快照中的一项事实，查看发现项与得分的变化，不写入任何内容 / what-if."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st
import yaml

from dashboard.data import what_if
from dashboard.ui import (
    dept_label,
    evaluations,
    field_zh,
    findings_frame,
    guard,
    period_picker,
    q,
    section_zh,
    wkey,
)
from evaluator.intake.files import SnapshotFileError

user = guard()
st.title("假设分析")
st.caption("改动不会保存；评价使用全县其他部门的现有快照")
period = period_picker(user)
if period is None:
    st.stop()
names = q("dept_names", user, period)
if not names:
    st.info("没有可分析的部门")
    st.stop()
codes = list(names)
dept = st.selectbox(
    "部门", codes, format_func=lambda c: dept_label(names, c), placeholder="请选择", key="wi_dept"
)
snap = q("snapshot", user, period, dept)
if snap is None:
    st.error("无权查看或没有快照")
    st.stop()
doc: dict[str, Any] = snap.model_dump(mode="json")


def record_zh(record: Any, i: int) -> str:
    """A record by its name (or title) and its own number: 「农村公路基础信息」（记录编号 jt-res-002）."""
    if not isinstance(record, dict):
        return f"第 {i + 1} 条"
    name = record.get("name") or record.get("title")
    number = f"记录编号 {record['id']}" if record.get("id") else f"第 {i + 1} 条"
    return f"「{name}」（{number}）" if name else number


sections = [k for k, v in doc.items() if isinstance(v, (list, dict)) and k not in ("schema_version",)]
c1, c2, c3 = st.columns(3)
# Each box's key names its parents (department → section → record → field): changing a parent gives
# new boxes that start from the new parent's values, so the value evaluated is the value shown.
section = c1.selectbox(
    "部分", sections, format_func=section_zh, placeholder="请选择", key=wkey("wi_section", period, dept)
)
target: Any = doc[section]
path: list[Any] = [section]
if isinstance(target, list):
    if not target:
        st.info("该部分为空，可在下方直接编辑 YAML")
    else:
        idx = c2.selectbox(
            "记录",
            range(len(target)),
            format_func=lambda i: record_zh(target[i], i),
            placeholder="请选择",
            key=wkey("wi_record", period, dept, section),
        )
        target = target[idx]
        path.append(idx)
new_raw: str | None = None  # no field chosen: the YAML editor below is used
if isinstance(target, dict) and target:
    fields = [k for k in target if k != "id"]
    fld = c3.selectbox(
        "字段",
        fields,
        format_func=lambda k: field_zh(section, k),
        placeholder="请选择",
        key=wkey("wi_field", period, dept, *path),
    )
    path.append(fld)
    current = target[fld]
    st.markdown("当前值：")
    st.code(json.dumps(current, ensure_ascii=False), language=None)
    new_raw = st.text_input(
        "新值（YAML/JSON 写法，null 表示未填报）",
        value=json.dumps(current, ensure_ascii=False),
        key=wkey("wi_value", period, dept, *path),
    )

with st.expander("高级：直接编辑整份快照 YAML"):
    yaml_text = st.text_area(
        "YAML",
        value="",
        height=200,
        key=wkey("wi_yaml", period, dept),
        placeholder="留空则使用上面的单项改动",
    )

if st.button("评价改动", type="primary", key="wi_run"):
    try:
        if yaml_text.strip():
            changed = yaml.safe_load(yaml_text)
        else:
            changed = json.loads(json.dumps(doc))
            node = changed
            for p in path[:-1]:
                node = node[p]
            node[path[-1]] = yaml.safe_load(new_raw) if new_raw is not None else None
        with st.spinner("正在评价"):
            result = what_if(user, period, dept, changed, evaluations())
    except SnapshotFileError as e:
        st.error("改动后的快照无效")
        st.dataframe(
            pd.DataFrame(
                [{"位置": x.pointer, "记录": x.record_id or "", "问题": x.message} for x in e.errors]
            ),
            hide_index=True,
            width="stretch",
        )
        st.stop()
    except (ValueError, yaml.YAMLError) as e:
        st.error(str(e))
        st.stop()
    if result is None:
        st.error("无权分析该部门")
        st.stop()
    a, b, c = st.columns(3)
    a.metric("改动前发现项", len(result.before))
    b.metric(
        "改动后发现项",
        len(result.after),
        delta=len(result.after) - len(result.before),
        delta_color="inverse",
    )
    c.metric("评价错误", len(result.errors))
    st.subheader(f"新增（{len(result.added)}）")
    st.dataframe(findings_frame(result.added), hide_index=True, width="stretch")
    st.subheader(f"消除（{len(result.removed)}）")
    st.dataframe(findings_frame(result.removed), hide_index=True, width="stretch")
    if result.errors:
        st.subheader("错误")
        st.dataframe(pd.DataFrame(result.errors), hide_index=True, width="stretch")
    sb, sa = result.score_before or {}, result.score_after or {}
    if sb.get("total") is not None and sa.get("total") is not None:
        x, y, z = st.columns(3)
        x.metric("改动前得分", sb["total"])
        y.metric("改动后得分", sa["total"], delta=sa["total"] - sb["total"])
        z.metric("等次", sa.get("grade", ""), delta=f"原为 {sb.get('grade', '')}", delta_color="off")
    else:
        st.caption("该部门评价未完成，无法计分")
