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
from evaluator.intake.files import ImportProblem, LoadedSnapshot, SnapshotFileError, load_batch
from evaluator.store.db import StoreError
from evaluator.store.snapshots import store_snapshots

user = guard(EVALUATE_ROLES)
st.title("评估")
st.caption(
    f"上传部门或平台快照（JSON、YAML 或 Excel 填报模板），每个文件不超过 {UPLOAD_LIMIT_MB} MB。"
    "先全部校验，全部无误才导入并评价；有任何错误，什么也不写入。"
)
# Streamlit's upload box speaks English: app.py puts Chinese words in every upload box; here they also
# name the kinds of file this one takes
st.html(
    "<style>"
    '[data-testid="stFileUploaderDropzoneInstructions"]>div::after{content:"将快照文件拖到这里，或点击右侧按钮选择'
    f'（每个文件不超过 {UPLOAD_LIMIT_MB} MB；JSON、YAML、XLSX、目录导出 CSV）"}}'
    "</style>"
)

files = st.file_uploader(
    "快照文件",
    type=["json", "yaml", "yml", "xlsx", "csv"],
    accept_multiple_files=True,
    key="upload",
)


def validate(uploaded: list[Any]) -> tuple[list[LoadedSnapshot], list[ImportProblem]]:
    """The same check as ``govshare import``: intake's load_batch over every file at once (a catalog export
    joins the department snapshot of the same upload); every error of every file."""
    try:
        return load_batch((f.getvalue(), f.name, Path(f.name).suffix.lower()) for f in uploaded), []
    except SnapshotFileError as e:
        return [], e.errors


def problems(items: list[ImportProblem], column: str, full: str) -> None:
    """Located problems (or normalisations) of the files: a table, then each one's full text."""
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "文件": Path(n.file).name,
                    "位置": pointer_zh(n.pointer),
                    "记录编号": n.record_id or "",
                    column: n.message,
                }
                for n in items
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={column: st.column_config.TextColumn(width="large")},
    )
    with st.expander(full):
        for n in items:
            st.text(f"{Path(n.file).name} · {pointer_zh(n.pointer)}：{n.message}")


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
        problems(errors, "问题", "每处错误的全文")
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
                    notes = [n for s in loaded for n in s.normalised]
                    if notes:  # what the reader normalised (full-width digits, 是/否, 93% …): to be checked
                        st.info(f"导入报告：以下 {len(notes)} 处取值已按说明读取，请核对")
                        problems(notes, "说明", "每处的全文")
                    else:
                        st.write("导入报告：没有需要按说明读取的取值")
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
                        st.write(f"2/3 评价 {p} 年度 …")
                        report = evaluations().evaluate_stored(p)
                        st.write(f"发现项 {len(report.findings)}，错误 {len(report.errors)}")
                        st.write(f"3/3 计算评分 {p}")
                        assess_now(user, p, evaluations())
                    status.update(label="完成", state="complete", expanded=True)
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
    p = st.selectbox("年度", list(reversed(ps)), placeholder="请选择", key="re_period")
    if st.button("评价并计算评分", key="re_eval"):
        with st.status(f"正在评价 {p} 年度 …", expanded=True) as status:
            try:
                report = evaluations().evaluate_stored(p)
                st.write(f"发现项 {len(report.findings)}，错误 {len(report.errors)}")
                assess_now(user, p, evaluations())
                st.write("评分已计算")
                status.update(label="完成", state="complete", expanded=True)
            except (EvaluationError, OpaError, StoreError, RuntimeError) as e:
                status.update(label="失败", state="error")
                st.error(md(str(e)))
        clear_cache()
