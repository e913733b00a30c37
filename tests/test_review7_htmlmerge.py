"""Review 7 (HTML tables with merged cells): hand-written pages, numbers chosen by the reviewer, expected
values written from them. Pages as CMS editors save them: the applications table split over two
<table>s with the 三、本年度办理结果 column continued by an empty rowspan cell (大汉), a 乡镇 report with
blank `&nbsp;` cells and no review table, UEditor cells ending in <br/> with the editor's zero-width
fill characters (`&#8203;`, U+FEFF) inside numbers and labels, and section headings typed as a
statistical table's own merged first row (which must not turn the table into a page-layout table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.ingest import load_document
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review7_htmlmerge"
CASES = sorted(p.stem for p in HERE.glob("*.html"))


@pytest.mark.parametrize("case", CASES)
def test_hand_written_page_gives_the_chosen_tables_and_metadata(case):
    rec, exp = read_case(HERE / f"{case}.html", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]


def _lines(page: str) -> list[str]:
    return load_document(page.encode("utf-8"), source="t.html").text.split("\n")


def test_zero_width_fill_characters_do_not_split_numbers_or_labels():
    page = ("<html><body><p>一、总体情况</p><table><tr><td>信息内容</td><td>本年处理决定数量</td><td>备注</td></tr>"
            "<tr><td>&#8203;行政\u200b许可</td><td>1\u200b2&#8203;</td><td>\ufeff3</td></tr></table>"
            "<p>六、其他需要报告的事项</p></body></html>")
    assert "行政许可 | 12 | 3" in _lines(page)


def test_a_heading_in_a_tables_own_title_row_is_a_heading_line_and_the_table_stays_a_grid():
    page = ("<html><body><p>一、总体情况</p><p>正文。</p><table border=1>"
            "<tr><td colspan=4><strong>二、主动公开政府信息情况</strong></td></tr>"
            "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
            "<tr><td>规章</td><td>&nbsp;</td><td>0</td><td>2</td></tr></table>"
            "<p>六、其他需要报告的事项</p></body></html>")
    lines = _lines(page)
    assert lines[2:5] == ["二、主动公开政府信息情况", "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数", "规章 |  | 0 | 2"]


def test_a_one_column_layout_table_with_headings_in_their_own_rows_is_still_read_as_blocks():
    page = ("<html><body><table><tr><td>某县2023年政府信息公开工作年度报告</td></tr>"
            "<tr><td>一、总体情况</td></tr><tr><td><p>本年度主动公开信息。</p><p>完善了目录。</p></td></tr>"
            "<tr><td>六、其他需要报告的事项</td></tr><tr><td>无。</td></tr></table></body></html>")
    assert _lines(page) == ["某县2023年政府信息公开工作年度报告", "一、总体情况", "本年度主动公开信息。", "完善了目录。",
                            "六、其他需要报告的事项", "无。"]


def test_a_long_cell_holding_a_heading_and_its_text_still_makes_a_layout_table():
    page = ("<html><body><table><tr><td>目录</td><td>正文</td><td>附件</td></tr>"
            "<tr><td>栏目</td><td><p>一、总体情况</p><p>本年度共公开信息。</p><p>六、其他需要报告的事项</p><p>无。</p></td><td>无</td></tr>"
            "</table></body></html>")
    lines = _lines(page)
    assert "一、总体情况" in lines and "六、其他需要报告的事项" in lines
