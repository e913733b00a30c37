"""Review round 11 (html3): pages as government CMSs and office exporters produce them, hand-written from chosen numbers
(tests/fixtures/review11_html3/; each expected JSON holds the metadata, the section keys and every table cell).

Cases: WPS export in GBK declared only in `<meta http-equiv>`, the applications table broken at a page break without its
head rows, blanks typed `&#12288;`/`&nbsp;` (h02); the active table laid out with `display:table-row` divs and the review
table as a CSS grid (h03); stale numbers a browser does not show — `<span style="display:none">` in cells and last year's
row under a class the page's own <style> hides (h04); `<th>` heads in `<thead>`, the 总计/结转 rows in a `<tfoot>` written
before `<tbody>`, `<colgroup>`, blanks typed `-`/`—`/`/` (h05); the report inside `<iframe srcdoc>` (h06) and inside a
`<script type="text/template">` the page's script renders (h07); a page laid out in a table with each statistical table
boxed in a one-cell table (h08); labels broken by `<p>`/`<br>` and numbers split into spans (h09); a hidden `<tr>` and a
hidden last column holding last year's figures (h11); a CSS grid placed with explicit lines (`grid-column: 1 / -1`,
`2 / span 3`, `200px repeat(3, minmax(0, 1fr))`) and a `display:table` review table in row groups (h12). Two Word
"Save as HTML" reports (mso styles, `<o:p>`, conditional comments, list-numbered headings, a table split at a page break
with its head rows repeated, a 2019-template report) were read right and are not kept here (130 KB each).

Defects found and fixed:
1. Tables laid out with CSS boxes (`display:table`/`table-row`/`table-cell`, `display:grid`) were read as one block per
   box: empty boxes vanished and the active table came out with every value shifted one row (行政许可 = the 行政规范性文件
   row's 现行有效件数) and no warning. Such boxes are now read as grids like a <table>'s (`ingest.html_css_tables`, from
   inline styles; a grid placed in ways not read — explicit rows, grid-area, auto-fill — is left to the block reading).
2. An element hidden by a class or id rule of the page's own <style> (`.oldver{display:none}`) reached the text; last
   year's review row turned the review table into 20 cells (table left out). The layout declarations (display,
   visibility, grid-*) of top-level rules with simple selectors are now applied to the elements they name
   (`ingest.html_styles`), so a class-hidden copy is dropped and a table laid out by classes (`.tr{display:table-row}`)
   is read as a grid; rules inside @media (print-only copies) are not read, and inline declarations win.
3. A report inside `<iframe srcdoc>` or a client-side template was dropped with the frame/script: every table null, no
   agency, no sections. The frame's page is read in place (always, a browser shows it); a template only when the page's
   own text shows no report (`ingest.html_embedded`); each with a warning naming where the report was read from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.ingest import load_document
from service.pipeline import extract
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review11_html3"
CASES = sorted(p.stem for p in HERE.glob("*.html"))
REPORT = ("<h1>某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>{table}"
          "<p>六、其他需要报告的事项</p><p>无。</p>")


def _text(page: str) -> str:
    return load_document(page.encode("utf-8"), source="t.html").text


@pytest.mark.parametrize("case", CASES)
def test_hand_written_page_gives_the_chosen_record(case):
    rec, exp = read_case(HERE / f"{case}.html", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    text = load_document(HERE / f"{case}.html").text
    for stale in exp.get("text_absent", []):
        assert stale not in text


def _grid(style: str, cells: list[str], item_style: dict[int, str] | None = None) -> str:
    item_style = item_style or {}
    return (f'<div style="{style}">' + "".join(f'<div style="{item_style.get(i, "")}">{c}</div>' for i, c in enumerate(cells))
            + "</div>")


def test_css_grid_keeps_empty_boxes_in_their_columns():
    cells = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "", "", "3", "行政规范性文件", "2", "", "9"]
    text = _text(REPORT.format(table=_grid("display:grid;grid-template-columns:2fr 1fr 1fr 1fr", cells)))
    assert "规章 |  |  | 3" in text.split("\n")
    assert "行政规范性文件 | 2 |  | 9" in text.split("\n")


@pytest.mark.parametrize("template", ["repeat(auto-fill, minmax(80px, 1fr))", "1fr"])
def test_a_grid_whose_columns_depend_on_the_window_is_not_read_as_a_table(template):
    cells = ["信息内容", "本年制发件数", "规章", "3"]
    text = _text(REPORT.format(table=_grid(f"display:grid;grid-template-columns:{template}", cells)))
    assert "|" not in text and "规章\n3" in text


def test_a_grid_item_placed_on_explicit_rows_leaves_the_grid_to_the_block_reading():
    cells = ["信息内容", "本年处理决定数量", "行政许可", "12"]
    text = _text(REPORT.format(table=_grid("display:grid;grid-template-columns:1fr 1fr", cells, {3: "grid-row: 2 / 3"})))
    assert "|" not in text


def test_a_page_laid_out_with_a_css_grid_is_read_as_blocks():
    page = ('<div style="display:grid;grid-template-columns:200px 1fr"><div>栏目</div><div><p>一、总体情况</p><p>正文。</p>'
            '<p>六、其他需要报告的事项</p></div><div>附件</div><div>无</div></div>')
    lines = _text(page).split("\n")
    assert "一、总体情况" in lines and not any("|" in x for x in lines)


def test_stylesheet_hides_simple_selectors_but_not_print_only_rules():
    page = ("<html><head><style>/* old */ .old, #prev{display:none !important}\n@media print{.screen{display:none}}\n"
            "p.gone{visibility:hidden} .a .b{display:none}</style></head><body>" + REPORT.format(
                table="<p class='old'>旧数据甲</p><div id='prev'>旧数据乙</div><p class='gone'>旧数据丙</p>"
                      "<p class='screen'>屏幕正文</p><div class='a'><p class='b'>后代正文</p></div><span class='gone'>行内正文</span>")
            + "</body></html>")
    text = _text(page)
    assert not any(s in text for s in ("旧数据甲", "旧数据乙", "旧数据丙", "后代正文"))  # `.a .b`: read since round 12
    assert all(s in text for s in ("屏幕正文", "行内正文"))


def test_a_template_is_not_read_when_the_page_shows_the_report_itself():
    page = ("<html><body>" + REPORT.format(table="<p>本年度公开信息12条。</p>")
            + '<script type="text/template"><p>一、总体情况</p><p>模板旧稿</p><p>六、其他需要报告的事项</p></script></body></html>')
    text = _text(page)
    assert "模板旧稿" not in text and "本年度公开信息12条。" in text


@pytest.mark.parametrize("case, where", [("h06_iframe_srcdoc", "iframe srcdoc"), ("h07_script_template", "template")])
def test_a_report_read_from_a_frame_or_template_says_so(case, where):
    rec = extract(HERE / f"{case}.html", model=None)
    assert any(where in w for w in rec.warnings)


def test_a_srcdoc_frame_is_read_in_place_and_a_frame_without_one_gives_nothing():
    text = _text('<html><body><p>前文</p><iframe srcdoc="&lt;p&gt;框架正文&lt;/p&gt;"></iframe><iframe src="/x.html">备用</iframe>'
                 "<p>后文</p></body></html>")
    assert text.split("\n") == ["前文", "框架正文", "后文"]


def test_a_templates_unfilled_placeholders_give_no_text():
    text = _text('<html><body><script type="text/x-template"><p>一、总体情况</p><p>共{{ item.count }}条</p>'
                 "<p>二、主动公开政府信息情况</p></script></body></html>")
    assert text.split("\n") == ["一、总体情况", "共条", "二、主动公开政府信息情况"]


def test_a_table_laid_out_by_the_stylesheets_classes_is_a_grid():
    css = (".t{display:table} .r{display:table-row} .c{display:table-cell} .g{display:grid;grid-template-columns:1fr 1fr 1fr 1fr}"
           " .w{grid-column:span 3}")
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "", "", "2"]]
    table = "<div class='t'>" + "".join("<div class='r'>" + "".join(f"<div class='c'>{c}</div>" for c in r) + "</div>" for r in rows) + "</div>"
    grid = ("<div class='g'><div>信息内容</div><div class='w'>本年处理决定数量</div><div>行政许可</div><div class='w'>15</div>"
            "<div>行政处罚</div><div class='w'></div></div>")
    lines = _text(f"<html><head><style>{css}</style></head><body>" + REPORT.format(table=table + grid) + "</body></html>").split("\n")
    assert "规章 |  |  | 2" in lines
    assert "行政许可 | 15" in lines and "行政处罚 | " in lines


def test_an_inline_display_after_the_stylesheets_hiding_rule_shows_the_element():
    page = ("<html><head><style>.tip{display:none}</style></head><body>" + REPORT.format(
        table="<p class='tip' style='display:block'>显示正文</p><p class='tip'>隐藏正文</p>") + "</body></html>")
    text = _text(page)
    assert "显示正文" in text and "隐藏正文" not in text


def test_a_css_layout_box_holding_a_css_table_leaves_the_table_to_itself():
    inner = ('<div style="display:table"><div style="display:table-row"><div style="display:table-cell">行政许可</div>'
             '<div style="display:table-cell">15</div></div><div style="display:table-row"><div style="display:table-cell">行政处罚</div>'
             '<div style="display:table-cell">4</div></div></div>')
    outer = (f'<div style="display:grid;grid-template-columns:1fr 3fr"><div>栏目</div><div>{inner}</div>'
             '<div>来源</div><div>本局</div></div>')
    lines = _text(REPORT.format(table=outer)).split("\n")
    assert "行政许可 | 15" in lines and "行政处罚 | 4" in lines
