"""Independent review of the HTML path with hand-written pages (numbers chosen by the reviewer, expected
values written from them): site layout tables with print / previous-next links, a navigation column
that lists other reports' titles, prose with spaced numbers before the review table, a review table
whose litigation cells are left empty, signature dates in Chinese numerals, a 发布日期 box beside the
article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.ingest import load_document
from service.metadata import extract_metadata
from service.pipeline import extract
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review_html"
CASES = sorted(p.stem for p in HERE.glob("*.html"))


@pytest.mark.parametrize("case", CASES)
def test_hand_written_page_gives_the_chosen_tables_and_metadata(case):
    rec, exp = read_case(HERE / f"{case}.html", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]


@pytest.mark.parametrize("case", [c for c in CASES if json.loads((HERE / f"{c}.expected.json").read_text("utf-8"))["forbidden"]])
def test_page_chrome_stays_out_of_the_text(case):
    exp = json.loads((HERE / f"{case}.expected.json").read_text("utf-8"))
    text = load_document(HERE / f"{case}.html").text
    for chrome in exp["forbidden"]:
        assert chrome not in text


def test_print_and_neighbour_article_links_of_a_layout_table_are_dropped():
    page = """<html><body><table><tr><td>
    <table><tr><td>某县2023年政府信息公开工作年度报告</td></tr>
    <tr><td><p>一、总体情况</p><p>正文。</p><p>六、其他需要报告的事项</p><p>无。</p></td></tr>
    <tr><td>【<a>打印本页</a>】 【<a>关闭窗口</a>】</td></tr>
    <tr><td>上一篇：<a>某县2022年政府信息公开工作年度报告</a><br>下一篇：<a>关于开展检查的通知</a></td></tr>
    </table></td></tr></table></body></html>"""
    lines = load_document(page.encode("utf-8"), source="t.html").text.split("\n")
    assert lines == ["某县2023年政府信息公开工作年度报告", "一、总体情况", "正文。", "六、其他需要报告的事项", "无。"]


def test_a_cell_that_only_says_small_words_is_not_taken_for_a_tool_link():
    page = """<html><body><p>一、总体情况</p><table><tr><td>关闭</td><td>3</td></tr><tr><td>大</td><td>4</td></tr></table>
    <p>六、其他需要报告的事项</p></body></html>"""
    text = load_document(page.encode("utf-8"), source="t.html").text
    assert "大 | 4" in text  # one character is no tool bar


@pytest.mark.parametrize("line, iso", [
    ("二〇二一年一月二十二日", "2021-01-22"),
    ("二○二三年十二月三十一日", "2023-12-31"),
    ("二〇二二年十月十日", "2022-10-10"),
    ("二〇二二年十三月一日", None),
])
def test_signature_date_in_chinese_numerals(line, iso):
    text = "某局2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n某局\n" + line
    meta, _ = extract_metadata(text, [], None)
    assert meta.publish_date == iso


def test_publish_date_box_beside_the_article_is_kept():
    page = """<html><body><div class="wrap"><div class="left">
    <table class="xxgk"><tr><td>索引号：</td><td>123/2024-00012</td></tr><tr><td>发布日期：</td><td>2024-01-22</td></tr></table>
    <div class="article"><h1>某委2023年政府信息公开工作年度报告</h1>
    <p>一、总体情况</p><p>正文。</p><p>六、其他需要报告的事项</p><p>无。</p></div></div>
    <div class="right">""" + "<p>2023-01-19 另一篇文章的标题文字</p>" * 40 + """</div></div></body></html>"""
    rec = extract(page.encode("utf-8"), source="t.html")
    assert rec.metadata.publish_date == "2024-01-22"
    assert rec.metadata.agency == "某委"
