"""Every page in words, for every role (#16): log in as each role, open every page the role sees and each of
its tabs, open every expander and every select box, read every table cell (the grids are scrolled through,
both ways, so the rows and columns off screen are read too), and assert that what the user reads is words:

- no English key: no snake_case identifier, no field name of a snapshot (``catalog``, ``releases``) or of a
  finding's evidence (``working_days_late``);
- no JSON pointer (``/catalog/3``), no snapshot reference (``114…Q/2025/v1``), no value shown as JSON
  (``st.json``: ``{...}``);
- no ISO date (``2026-12-31``): Chinese dates;
- no record id of the county outside the record column: a table's 记录编号 column, or prose that labels it
  (``记录编号 jt-res-002``) — staff look records up by it (decision 0027), nowhere else;
- no ``None``, ``nan``, ``[]`` or ``{}``;
- the page title (h1) in Chinese.

test_browser_pages.py checks the English of Streamlit, plotly and pandas themselves (UI chrome); this test
checks the product's own words. Each problem is reported with its role, page, tab and the text it is in.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from dashboard import data
from tests.support.browser import ALLOWED as PAGES
from tests.support.browser import HOSTILE, USERS, Context, go, login, settle
from tests.support.record_ids import county_field_names, county_record_ids

SNAKE = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")
POINTER = re.compile(r"(?<![\w.:/])(?:/[A-Za-z_][\w~.-]*)(?:/[\w~.-]+)+")
SNAPSHOT_REF = re.compile(r"[0-9A-Za-z]+/\d{4}/v\d+")
ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
EMPTY = re.compile(r"(?<![A-Za-z])(?:None|nan|NaN)(?![A-Za-z])|\[\]|\{\}|\{\.\.\.\}")
CJK = re.compile(r"[\u4e00-\u9fff]")
RECORD_LABEL = "记录编号"

#: Every cell of every visible grid, read by scrolling the grid through (glide-data-grid draws on a canvas
#: and keeps an accessible table of the cells in view only): [{headers: {col: text}, cells: [[col, text]]}]
GRID_CELLS = """async es => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const out = [];
  for (const e of es) {
    const sc = e.querySelector('.dvn-scroller');
    const headers = {}, cells = {};
    const read = () => {
      for (const th of e.querySelectorAll('table[role=grid] th[aria-colindex]'))
        headers[th.getAttribute('aria-colindex')] = th.textContent;
      for (const tr of e.querySelectorAll('table[role=grid] tbody tr[aria-rowindex]'))
        for (const td of tr.querySelectorAll('td[aria-colindex]'))
          cells[tr.getAttribute('aria-rowindex') + ':' + td.getAttribute('aria-colindex')] =
            [td.getAttribute('aria-colindex'), td.textContent];
    };
    if (!sc) { read(); out.push({headers, cells: Object.values(cells)}); continue; }
    for (let y = 0; ; y += Math.max(sc.clientHeight - 40, 40)) {
      sc.scrollTop = y;
      for (let x = 0; ; x += Math.max(sc.clientWidth - 40, 40)) {
        sc.scrollLeft = x;
        await frame();
        read();
        if (x + sc.clientWidth >= sc.scrollWidth) break;
      }
      if (y + sc.clientHeight >= sc.scrollHeight) break;
    }
    sc.scrollTop = 0; sc.scrollLeft = 0;
    out.push({headers, cells: Object.values(cells)});
  }
  return out;
}"""


def _open_all(page: Any) -> None:
    closed = page.locator('[data-testid="stExpander"] details:not([open]) > summary').filter(visible=True)
    for _ in range(250):
        if closed.count() == 0:
            break
        closed.first.click()
    settle(page)


def _options(page: Any) -> list[str]:
    """The options of every visible select box, as the user reads them when the box is opened."""
    out: list[str] = []
    boxes = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(visible=True)
    for i in range(boxes.count()):
        combo = boxes.nth(i).get_by_role("combobox")
        if combo.is_disabled():
            out.append(combo.input_value())
            continue
        combo.click()
        page.wait_for_timeout(300)
        out += [o.strip() for o in page.get_by_role("option").all_inner_texts()]
        page.keyboard.press("Escape")
        page.wait_for_timeout(150)
    return out


#: text that is not read as words: icon names drawn as symbols (Material Symbols ligatures), and an
#: authority's own file shown as the file it downloads (upkeep's 当前内容: its keys are the file's syntax)
_UNREAD = """main => [...main.querySelectorAll('*')]
  .filter(e => getComputedStyle(e).fontFamily.includes('Material') || e.closest('[data-testid=stCode]')
               && e.closest('[data-testid=stExpander]') && location.pathname.endsWith('/upkeep'))
  .flatMap(e => (e.innerText ?? e.textContent ?? '').split('\\n')).map(t => t.trim()).filter(t => t)"""
#: what the visible input boxes show (a hidden input is nobody's reading)
#: (a date box is read as its drawn segments, 2026 / 12 / 02, which the page text has)
_INPUTS = (
    "es => es.filter(e => e.checkVisibility() && !e.closest('[data-testid=stDateInput]')).map(e => e.value)"
)

#: lines a page may show although they match, with why: the syntax a form field reads
ALLOWED = {
    "upkeep": [
        "连续日期可写成",  # the calendar form reads ISO dates: its help says how to type them
        "（idle_minutes，",  # the dashboard file's own keys, which the authority writes in it
    ],
}
#: a record's own number, or a code said as a code with the words why (decision 0026), stands after its label
LABELS = "记录编号|资源代码为|编码为"


def _readable(page: Any) -> tuple[list[str], list[str]]:
    """(texts anywhere, texts of a record column) the user reads on the page as it is now."""
    main = page.locator('[data-testid="stMain"]')
    skip = set(main.evaluate(_UNREAD))
    texts = [line for line in main.inner_text().split("\n") if line.strip() and line.strip() not in skip]
    texts += [f"输入框：{v}" for v in main.locator("input").evaluate_all(_INPUTS) if v]
    texts += [f"选项：{o}" for o in _options(page)]
    records: list[str] = []
    grids = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').filter(visible=True)
    for g in grids.evaluate_all(GRID_CELLS):
        headers = g["headers"]
        texts += [f"表头：{h}" for h in headers.values()]
        for col, text in g["cells"]:
            (records if headers.get(col) == RECORD_LABEL else texts).append(
                f"{headers.get(col, '?')}：{text}"
            )
    if main.locator('[data-testid="stJson"]').filter(visible=True).count():
        texts.append("{...}（以 JSON 显示的取值）")
    return texts, records


def _problems(text: str, keys: set[str], ids: set[str]) -> list[str]:
    found = [f"英文键 {m}" for m in SNAKE.findall(text)]
    found += [
        f"字段名 {w}"
        for w in re.findall(r"(?<![A-Za-z0-9_./-])[a-z][a-z0-9_]+(?![A-Za-z0-9_])", text)
        if w in keys
    ]
    found += [f"JSON 指针 {m}" for m in POINTER.findall(text)]
    found += [f"快照编号 {m}" for m in SNAPSHOT_REF.findall(text)]
    found += [f"ISO 日期 {m}" for m in ISO_DATE.findall(text)]
    found += [f"空值 {m}" for m in EMPTY.findall(text)]
    # a record id is the record column's: in prose only right after its label (记录编号 jt-res-002)
    bare = re.sub(rf"(?:{LABELS})[ ：:]*[0-9A-Za-z][0-9A-Za-z_:.-]*", RECORD_LABEL, text)
    found += [
        f"记录编号 {i}"
        for i in ids
        if re.search(rf"(?<![A-Za-z0-9_:-]){re.escape(i)}(?![A-Za-z0-9_:-])", bare)
    ]
    return found


@pytest.mark.parametrize("role", ["authority", "budget", "department", "legal"])
def test_every_page_reads_in_words_for_every_role(server: dict[str, Any], ctx: Context, role: str) -> None:
    admin, period, url = server["admin"], server["period"], server["url"]
    keys = county_field_names()
    ids = county_record_ids() | {
        x for f in data.findings(admin, period, None, url) for x in (f.subject, f.evidence[0].record_id) if x
    }
    ids -= set(server["names"])  # a department's code is its code (the sidebar says 所属部门代码), no record
    page = ctx.page()
    login(page, server["base"], USERS[role])
    problems: list[str] = []
    for key in PAGES[role]:
        go(page, key)
        title = page.locator('[data-testid="stMain"] h1').first.inner_text().strip()
        if not CJK.search(title) or re.search(r"[A-Za-z]", title):
            problems.append(f"{key}: 标题不是中文：{title!r}")
        tabs = page.locator('[data-testid="stMain"] [role="tab"]').filter(visible=True)
        for i in range(max(1, tabs.count())):
            where = key
            if tabs.count():
                t = tabs.nth(i)
                where = f"{key} / {t.inner_text().strip()}"
                t.click()
                settle(page)
            assert page.locator(".stException").count() == 0, where
            started = time.monotonic()
            _open_all(page)
            texts, _records = _readable(page)
            print(f"{role} {where}: {len(texts)} texts, {time.monotonic() - started:.1f} s")
            for text in dict.fromkeys(texts):
                if any(a in text for a in ALLOWED.get(key, ())):
                    continue
                text = text.replace(HOSTILE, "「…」")  # the hostile snapshot text, shown as the text it is
                problems += [f"{where}: {p} — 在 {text[:200]!r}" for p in _problems(text, keys, ids)]
    assert problems == [], f"{role}（{len(problems)} 处）：\n" + "\n".join(dict.fromkeys(problems))
