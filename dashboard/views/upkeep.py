"""主管部门维护：下一年度的节假日、评价指标体系、整改通知书发文设置、主管部门的设定。

The same operations as ``govshare calendar add-year | show`` and ``govshare authority export | set |
history`` (evaluator/consumers/upkeep.py): validated, shown back, audited with the logged-in user, in
force for the next evaluation; nothing here edits policies/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.auth import Role
from dashboard.ui import clear_cache, date_zh, guard, md, time_zh
from evaluator.consumers import upkeep
from evaluator.errors import OpaError
from evaluator.facts.calendar_years import YearEntry, parse_days
from evaluator.facts.workcalendar import CalendarError

user = guard((Role.AUTHORITY,))
actor = f"dashboard:{user.username}"
st.title("主管部门维护")
st.caption(
    "下一年度的节假日、本县的评价指标体系、整改通知书的发文设置、仪表盘登录会话、主管部门的设定。每次提交先校验，"
    "全部无误才保存为新版本（旧版本保留）并记入审计日志，下次评价起生效；不改动软件目录。"
)
_FAIL = (CalendarError, OpaError, upkeep.AuthorityFileError)


def _in_force_changed() -> None:
    """The cached pages show the new policy tree at once (the next evaluation uses it in any case: the
    dashboard's OPA is keyed on the bundle in force, ``evaluator.evaluate.service``)."""
    clear_cache()


def _show_error(e: Exception) -> None:
    head, *rest = str(e).split("\n")
    st.error(head)
    if rest:
        st.code("\n".join(x.strip() for x in rest), language=None)


try:
    cov = upkeep.coverage()
except _FAIL as e:
    _show_error(e)
    st.stop()
note = upkeep.reminder()
if note:  # already in words (Chinese dates, the command intact)
    st.warning(md(note), icon=":material/event_busy:")

tab_cal, tab_ind, tab_not, tab_dash, tab_set = st.tabs(
    ["工作日历", "评价指标体系", "通知书发文设置", "仪表盘登录", "主管部门的设定"], key="upkeep_tabs"
)

with tab_cal:
    st.markdown(f"工作日历覆盖 **{cov.first}—{cov.last} 年**；最近几年的依据：")
    st.dataframe(
        pd.DataFrame(
            [
                {"年份": y, "依据": cov.sources[str(y)]}
                for y in range(max(cov.first, cov.last - 3), cov.last + 1)
            ]
        ),
        hide_index=True,
    )
    shown = st.number_input("查看年份", cov.first, cov.last, cov.last, key="cal_show")
    with st.expander(f"{shown} 年逐月工作日历（休：放假的工作日；班：调休上班的周末）"):
        st.code(upkeep.show_year(int(shown)), language=None)
    st.subheader(f"补充 {cov.last + 1} 年")
    st.caption(
        "按《国务院办公厅关于××××年部分节假日安排的通知》原文填写：全部放假日期（含放假期间的周末）和调休上班的周末。"
        "日期用逗号分隔，连续日期可写成 2027-02-06..2027-02-13。不得按往年规律推测。"
    )
    with st.form("add_year"):
        year = st.number_input("年份", cov.first, cov.last + 5, cov.last + 1, key="cal_year")
        notice = st.text_input("通知文号（如 国办发明电〔2026〕×号）", key="cal_notice")
        holidays = st.text_area("放假日期", key="cal_holidays")
        workdays = st.text_area("调休上班日期（周六、周日）", key="cal_workdays")
        note_zh = st.text_input("备注（通知标题、发布日期）", key="cal_note")
        replace = st.checkbox("更正已有年份", key="cal_replace")
        checked = st.form_submit_button("校验并逐月显示", type="primary")
    if checked:
        try:
            where = f"govshare calendar add-year {int(year)}"
            entry = upkeep.check_year(
                int(year),
                notice,
                parse_days(holidays, f"{where} --holidays"),
                parse_days(workdays, f"{where} --workdays"),
                note_zh,
                replace,
            )
        except _FAIL as e:
            st.session_state.pop("cal_entry", None)
            _show_error(e)
        else:
            st.session_state["cal_entry"] = entry
    pending: YearEntry | None = st.session_state.get("cal_entry")
    if pending is not None:
        st.info(f"{pending.year} 年（{pending.notice}）：请逐月与通知核对，无误后确认写入。")
        st.code(upkeep.preview(pending), language=None)
        if st.button(f"与通知一致，确认写入 {pending.year} 年", type="primary", key="cal_confirm"):
            try:
                v = upkeep.add_year(pending, actor)
            except _FAIL as e:
                _show_error(e)
            else:
                st.session_state.pop("cal_entry", None)
                _in_force_changed()
                st.success(
                    f"已补充 {pending.year} 年（第 {v.number} 版，{v.path}），已记入审计日志，下次评价起生效。"
                )


def _kind_tab(kind: str, hint: str) -> None:
    _, v = upkeep.current_data(kind)
    if v is None:
        st.warning("当前是随软件提供的示例内容，尚未由主管部门替换；示例不得公布或正式发文。")
    else:
        st.markdown(
            f"当前有效：**第 {v.number} 版**，{date_zh(v.effective_from)}起，{_who(v.submitted_by)}于 "
            f"{time_zh(v.submitted_at)}（北京时间）提交。"
        )
    st.caption(hint)
    st.download_button(
        "下载当前内容（YAML）",
        upkeep.export_text(kind).encode("utf-8"),
        file_name=f"{kind}.yaml",
        mime="application/yaml",
        key=f"{kind}_download",
        icon=":material/download:",
    )
    with st.form(f"{kind}_form"):
        up = st.file_uploader("修改后的 YAML 文件", type=["yaml", "yml"], key=f"{kind}_file")
        effective = st.date_input("生效日期", upkeep.today(), key=f"{kind}_effective", format="YYYY/MM/DD")
        note_zh = st.text_input("说明（依据的文件、文号）", key=f"{kind}_note")
        submitted = st.form_submit_button("校验并保存", type="primary")
    if submitted:
        if up is None:
            st.error("请先选择文件")
        else:
            try:
                text = up.getvalue().decode("utf-8")
                parsed = upkeep.parse_text(kind, text, up.name)
                saved = upkeep.set_kind(kind, parsed, _date(effective), actor, note_zh)
            except UnicodeDecodeError:
                st.error(f"{up.name} 不是 UTF-8 编码的文本，未保存")
            except _FAIL as e:
                _show_error(e)
            else:
                _in_force_changed()
                st.success(
                    f"已保存第 {saved.number} 版，{date_zh(saved.effective_from)}起生效，已记入审计日志。"
                )
    rows = upkeep.history(kind)
    if rows:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "版本": r.number,
                        "生效日期": date_zh(r.effective_from),
                        "提交人": _who(r.submitted_by),
                        "提交时间（北京时间）": time_zh(r.submitted_at),
                        "说明": r.note_zh,
                        "内容哈希": r.sha256[:12],
                    }
                    for r in reversed(rows)
                ]
            ),
            hide_index=True,
        )
    with st.expander("当前内容（即“下载当前内容”的 YAML 文件）"):
        st.code(upkeep.export_text(kind), language="yaml")


def _who(actor: str) -> str:
    """The person, not the channel: ``dashboard:zhangsan`` → zhangsan（仪表盘）."""
    channel, _, name = actor.partition(":")
    if not name:
        return actor
    return f"{name}（{_CHANNEL_ZH.get(channel, channel)}）"


_CHANNEL_ZH = {"dashboard": "仪表盘", "cli": "命令行"}


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else upkeep.today()


with tab_ind:
    _kind_tab(
        "indicators",
        "第五十九条：评价办法由县级数据主管部门制定。标题或版本仍为“示例”的不能保存，评估结果也不能公布。",
    )
with tab_not:
    _kind_tab(
        "notices", "发文机关、签发人、联系人、抄送单位和整改时限（工作日）。文书标题和所引条文随软件提供。"
    )
with tab_dash:
    _kind_tab(
        "dashboard",
        "无操作多少分钟后登录失效（idle_minutes，1–480）、一次登录最长有效多少小时（lifetime_hours，1–24）。"
        "生效日起用于此后的每次登录；已登录的会话按其登录时的设定结束。",
    )
with tab_set:
    _kind_tab(
        "settings",
        "第二十七条、第三十一条：按数据类别的数据质量要求；第五十六条、第五十七条留给主管部门确定的周期。",
    )
