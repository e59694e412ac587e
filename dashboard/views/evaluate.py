"""评估：上传快照（JSON、YAML、Excel 模板），逐项定位的错误，评价进度；错误的上传不写入任何内容。"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.data import EVALUATE_ROLES, assess_now, optional_module
from dashboard.ui import clear_cache, guard, opa, q
from evaluator.engine import OpaError
from evaluator.evaluate import api
from evaluator.evaluate.runner import EvaluationError
from evaluator.intake.files import (
    ImportProblem,
    LoadedSnapshot,
    SnapshotFileError,
    _cross_file_errors,
    load_bytes,
)
from evaluator.store.db import StoreError, store_snapshots

user = guard(EVALUATE_ROLES)
st.title("评估 / evaluate")
st.caption(
    "上传部门或平台快照（JSON、YAML 或 Excel 模板 govshare template），先全部校验，全部无误才导入并评价。"
)

files = st.file_uploader(
    "快照文件 / snapshot files",
    type=["json", "yaml", "yml", "xlsx"],
    accept_multiple_files=True,
    key="upload",
)


def validate(uploaded: list[Any]) -> tuple[list[LoadedSnapshot], list[ImportProblem]]:
    loaded: list[LoadedSnapshot] = []
    errors: list[ImportProblem] = []
    for f in uploaded:
        try:
            loaded.append(load_bytes(f.getvalue(), f.name, Path(f.name).suffix.lower()))
        except SnapshotFileError as e:
            errors.extend(e.errors)
    errors.extend(_cross_file_errors(loaded))
    return loaded, errors


if files:
    loaded, errors = validate(files)
    if errors:
        st.error(f"校验未通过：{len(errors)} 处错误，未写入任何内容 / {len(errors)} error(s), nothing stored")
        st.dataframe(
            pd.DataFrame(
                [
                    {"文件": e.file, "位置": e.pointer or "/", "记录": e.record_id or "", "问题": e.message}
                    for e in errors
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.success(f"校验通过：{len(loaded)} 份快照 / all valid")
        st.dataframe(
            pd.DataFrame(
                [
                    {"文件": s.source, "类型": s.kind, "部门": s.dept or "平台", "年度": s.snapshot.period}
                    for s in loaded
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        if st.button("导入并评价 / import and evaluate", type="primary", key="run_eval"):
            with st.status("正在导入并评价 / importing and evaluating …", expanded=True) as status:
                try:
                    st.write("1/3 写入快照 / storing snapshots …")
                    results = store_snapshots(loaded)
                    for p in sorted({r.period for r in results}):
                        st.write(f"2/3 评价 {p} 年度 / evaluating {p} …")
                        report = api.evaluate_stored(p, server=opa())
                        st.write(f"发现项 {len(report.findings)}，错误 {len(report.errors)}")
                        if optional_module("consumers.assessment") is not None:
                            st.write(f"3/3 计算评分 {p} / scoring …")
                            assess_now(user, p, opa())
                    status.update(label="完成 / done", state="complete")
                except (EvaluationError, OpaError, StoreError, RuntimeError) as e:
                    status.update(label="失败 / failed", state="error")
                    st.error(str(e))
                clear_cache()

st.divider()
st.subheader("重新评价已存快照 / re-evaluate stored snapshots")
ps = q("periods", user)
if not ps:
    st.info("尚无快照 / nothing stored yet")
else:
    p = st.selectbox("年度 / period", list(reversed(ps)), key="re_period")
    if st.button("评价并计算评分 / evaluate and score", key="re_eval"):
        with st.status(f"正在评价 {p} 年度 …", expanded=True) as status:
            try:
                report = api.evaluate_stored(p, server=opa())
                st.write(f"发现项 {len(report.findings)}，错误 {len(report.errors)}")
                if optional_module("consumers.assessment") is not None:
                    assess_now(user, p, opa())
                    st.write("评分已计算 / scored")
                else:
                    st.write("评分模块尚未就绪 / scoring not available")
                status.update(label="完成 / done", state="complete")
            except (EvaluationError, OpaError, StoreError, RuntimeError) as e:
                status.update(label="失败 / failed", state="error")
                st.error(str(e))
        clear_cache()
