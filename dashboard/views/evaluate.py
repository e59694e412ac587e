"""评估：上传快照（JSON、YAML、Excel 模板），逐项定位的错误，评价进度；错误的上传不写入任何内容。"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.data import EVALUATE_ROLES, assess_now
from dashboard.launch import UPLOAD_LIMIT_MB
from dashboard.ui import clear_cache, evaluations, guard, md, pointer_zh, q
from evaluator.errors import OpaError
from evaluator.evaluate.runner import EvaluationError
from evaluator.intake.files import (
    ImportProblem,
    LoadedSnapshot,
    SnapshotFileError,
    _cross_file_errors,
    load_bytes,
)
from evaluator.store.db import StoreError
from evaluator.store.snapshots import store_snapshots

user = guard(EVALUATE_ROLES)
st.title("评估")
st.caption(
    f"上传部门或平台快照（JSON、YAML 或 Excel 填报模板），每个文件不超过 {UPLOAD_LIMIT_MB} MB。"
    "先全部校验，全部无误才导入并评价；有任何错误，什么也不写入。"
)
# Streamlit's upload box speaks English ("Drag and drop", "Browse files", "Limit … per file"): its
# words are replaced by Chinese ones (the limit is the intake's own, set as the server's upload limit)
st.html(
    "<style>"
    '[data-testid="stFileUploaderDropzoneInstructions"] span{display:none}'
    '[data-testid="stFileUploaderDropzoneInstructions"]>div::after{content:"将快照文件拖到这里，或点击右侧按钮选择'
    f'（每个文件不超过 {UPLOAD_LIMIT_MB} MB；JSON、YAML、XLSX）";font-size:14px}}'
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p{display:none}'
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after{content:"选择文件"}'
    "</style>"
)

files = st.file_uploader(
    "快照文件",
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
        by_file = Counter(e.file for e in errors)
        st.error(
            md(
                f"校验未通过：{len(by_file)} 个文件共 {len(errors)} 处错误，未写入任何内容。"
                + "；".join(f"{Path(f).name} {n} 处" for f, n in by_file.items())
            )
        )
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "文件": Path(e.file).name,
                        "位置": pointer_zh(e.pointer),
                        "记录编号": e.record_id or "",
                        "问题": e.message,
                    }
                    for e in errors
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={"问题": st.column_config.TextColumn(width="large")},
        )
        with st.expander("每处错误的全文"):
            for e in errors:
                st.text(f"{Path(e.file).name} · {pointer_zh(e.pointer)}：{e.message}")
    else:
        st.success(f"校验通过：{len(loaded)} 份快照")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "文件": Path(s.source).name,
                        "类型": "部门快照" if s.kind == "department" else "平台快照",
                        "部门代码": s.dept or "（平台）",
                        "年度": f"{s.snapshot.period} 年度",
                    }
                    for s in loaded
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        if st.button("导入并评价", type="primary", key="run_eval"):
            with st.status("正在导入并评价", expanded=True) as status:
                try:
                    st.write("1/3 写入快照")
                    results = store_snapshots(loaded)
                    new = [r for r in results if not r.unchanged]
                    st.write(
                        f"已写入 {len(new)} 份新版本，{len(results) - len(new)} 份与已存版本相同（未重复保存）"
                    )
                    st.dataframe(
                        pd.DataFrame(
                            [
                                {
                                    "文件": Path(r.source).name,
                                    "部门代码": r.dept or "（平台）",
                                    "年度": f"{r.period} 年度",
                                    "版本": r.version,
                                    "结果": "与已存版本相同" if r.unchanged else "新版本",
                                }
                                for r in results
                            ]
                        ),
                        hide_index=True,
                    )
                    for p in sorted({r.period for r in results}):
                        st.write(f"2/3 评价 {p} 年度 / evaluating {p} …")
                        report = evaluations().evaluate_stored(p)
                        st.write(f"发现项 {len(report.findings)}，错误 {len(report.errors)}")
                        st.write(f"3/3 计算评分 {p}")
                        assess_now(user, p, evaluations())
                    status.update(label="完成", state="complete")
                except (EvaluationError, OpaError, StoreError, RuntimeError) as e:
                    status.update(label="失败", state="error")
                    st.error(md(str(e)))
                clear_cache()

st.divider()
st.subheader("重新评价已存快照")
ps = q("periods", user)
if not ps:
    st.info("尚无快照")
else:
    p = st.selectbox("年度", list(reversed(ps)), key="re_period")
    if st.button("评价并计算评分", key="re_eval"):
        with st.status(f"正在评价 {p} 年度 …", expanded=True) as status:
            try:
                report = evaluations().evaluate_stored(p)
                st.write(f"发现项 {len(report.findings)}，错误 {len(report.errors)}")
                assess_now(user, p, evaluations())
                st.write("评分已计算")
                status.update(label="完成", state="complete")
            except (EvaluationError, OpaError, StoreError, RuntimeError) as e:
                status.update(label="失败", state="error")
                st.error(md(str(e)))
        clear_cache()
