"""Second independent review of the HTML path, with hand-written pages (numbers chosen by the reviewer,
expected values written from them): a 政府信息公开专栏 article with its 信息索引 box (成文日期 before
发布日期), a traditional page whose zeros are typed ０ and 〇, hidden copies of the previous year's
tables, a report split over pages of which only page 1 is here, malformed upper-case markup without
closing tags; and WPS/Word cells that print digit groups apart (`1&nbsp;234`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from service.ingest import load_document
from service.metadata import extract_metadata
from service.pipeline import extract
from service.tables.cells import classify
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review_html2"
CASES = sorted(p.stem for p in HERE.glob("*.html"))


@pytest.mark.parametrize("case", CASES)
def test_hand_written_page_gives_the_chosen_tables_and_metadata(case):
    rec, exp = read_case(HERE / f"{case}.html", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]


def test_publication_date_is_preferred_to_the_date_the_report_was_signed():
    box = "索引号：X-2024-1\n发文机关：某市审计局\n成文日期：2024年01月15日\n发布日期：2024年01月19日\n某市审计局2023年政府信息公开工作年度报告\n"
    meta, _ = extract_metadata(box, [], None)
    assert meta.publish_date == "2024-01-19"
    only_signed = "发文机关：某市审计局\n成文日期：2024年01月15日\n某市审计局2023年政府信息公开工作年度报告\n"
    meta, _ = extract_metadata(only_signed, [], None)
    assert meta.publish_date == "2024-01-15"


@pytest.mark.parametrize("text, value", [("1 234", 1234), ("1\u00a0234", 1234), ("12 345 678", 12345678),
                                         ("1 234.5万元", Decimal("1234.5")), ("〇", 0), ("○", 0)])
def test_a_cell_with_digit_groups_apart_or_a_chinese_zero_is_a_number(text, value):
    c = classify(text, 0, len(text))
    assert (c.kind, c.value) == ("num", value)


@pytest.mark.parametrize("text", ["12 34", "1 2", "1234 5"])
def test_numbers_apart_that_are_not_digit_groups_stay_text(text):
    assert classify(text, 0, len(text)).kind == "text"


def test_wps_cells_with_no_break_space_between_digit_groups():
    page = """<html><body><h1>某县市场监督管理局2022年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p>
<table border=1><tr><td colspan=4><p>第二十条第（五）项</p></td></tr>
<tr><td><p>信息内容</p></td><td colspan=3><p>本年处理</p><p>决定数量</p></td></tr>
<tr><td><p>行政许可</p></td><td colspan=3><p align=center><span>1&nbsp;234</span></p></td></tr>
<tr><td colspan=4><p>第二十条第（六）项</p></td></tr>
<tr><td><p>信息内容</p></td><td colspan=3><p>本年处理决定数量</p></td></tr>
<tr><td><p>行政处罚</p></td><td colspan=3><p><span>2</span><span>&nbsp;056</span></p></td></tr>
<tr><td><p>行政强制</p></td><td colspan=3><p>0</p></td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p><p>无。</p></body></html>"""
    rec = extract(page.encode("utf-8"), source="wps.html")
    rows = rec.tables.active_disclosure.rows
    assert rows["licensing"] == {"decisions": 1234}
    assert rows["penalty"] == {"decisions": 2056}
    assert rows["coercion"] == {"decisions": 0}


def test_hidden_copy_of_last_years_table_does_not_reach_the_text():
    text = load_document(HERE / "h03_hidden_prev_year_2021.html").text
    assert "2022年数据" not in text
