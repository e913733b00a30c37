"""Mutants found by fuzzing the table parser (round s8): each once raised or ran for seconds, which loses the
report's record in a batch. The parser gives a warning and a blank cell, or a table, instead."""
from __future__ import annotations

import pytest

from service.normalise import normalise
from service.pipeline import extract
from service.sections import find_sections
from service.tables import parse_tables

REVIEW_HEAD = ("四、政府信息公开行政复议、行政诉讼情况\n"
               "行政复议 | | | | | 行政诉讼\n"
               "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉\n")


def _tables(text: str):
    text = normalise(text).text
    return parse_tables(text, find_sections(text))


def test_fractional_review_count_is_a_blank_cell_with_a_warning() -> None:
    # a mutant cut down to two lines raised pydantic's ValidationError (ReviewGroup counts are int)
    res = _tables("结果维持 | 结果纠正 \n2 | 1 | 0 | 0 | 0.5 | 0.5 | 0 | 0 | 1 | 2 | 0 | 0.5 | 0 | 0.5 | ")
    assert res.tables.review_litigation is not None
    assert res.tables.review_litigation.review.total is None
    assert any("«0.5» at review.total is not a whole number" in w for w in res.warnings)


def test_fractional_review_count_leaves_the_other_cells_read() -> None:
    res = _tables(REVIEW_HEAD + "2 | 1 | 0 | 0 | 3 | 0 | 0 | 1 | 0.5 | 1 | 0 | 0 | 0 | 0 | 0\n")
    rl = res.tables.review_litigation
    assert rl is not None
    assert (rl.review.upheld, rl.review.total, rl.litigation_direct.other) == (2, 3, 1)
    assert rl.litigation_direct.pending is None
    assert any("litigation_direct.pending is not a whole number" in w for w in res.warnings)


def test_fractional_review_count_keeps_the_record() -> None:
    rec = extract((REVIEW_HEAD + "2 | 1 | 0 | 0 | 3 | 0 | 0 | 1 | 0.5 | 1 | 0 | 0 | 0 | 0 | 0\n").encode(), "r.txt")
    assert rec.error is None
    assert rec.tables.review_litigation is not None


@pytest.mark.timeout(20)  # a guard against the quadratic/exhaustive search coming back (it took 6-40 s), not a speed figure
def test_grid_line_of_many_empty_cells_is_read_in_linear_time() -> None:
    # a line of 60,000 empty cells in the table region (a mutant inserted `| | | …`) took ~40 s: for each empty
    # cell the row splitter scanned every later cell for a number
    text = REVIEW_HEAD + " |" * 60000 + "\n2 | 1 | 0 | 0 | 3 | 0 | 0 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0\n"
    res = _tables(text)
    rl = res.tables.review_litigation
    assert rl is not None and (rl.review.total, rl.litigation_direct.total) == (3, 1)


FLAT_LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果（一）予以公开",
               "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开1.属于国家秘密", "2.其他法律行政法规禁止公开",
               "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "（七）总计",
               "四、结转下年度继续办理"]


@pytest.mark.timeout(20)  # a guard against the quadratic/exhaustive search coming back (it took 6-40 s), not a speed figure
def test_flattened_rows_of_hundreds_of_digits_are_no_split_found_quickly() -> None:
    # a flattened applications table whose rows' digits were replaced by 300 nines: every row was searched to the
    # node budget twice (~6 s for twelve rows); no seven numbers of at most six digits hold 300 digits
    text = ("示例市档案馆2022年政府信息公开工作年度报告 三、收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计商业企业"
            "科研机构社会公益组织法律服务机构其他" + "".join(label + "9" * 300 for label in FLAT_LABELS)
            + " 四、政府信息公开行政复议、行政诉讼情况 无。")
    res = _tables(text)
    assert res.tables.applications is None


@pytest.mark.timeout(20)  # a guard against the quadratic/exhaustive search coming back (it took 6-40 s), not a speed figure
def test_a_line_of_thousands_of_digits_is_excluded_in_linear_time() -> None:
    # a table cell replaced by a 20,000-digit run: the table-line regex was tried from every digit of the run
    from service.claims.exclusions import table_line_spans

    line = "一、本年新收政府信息公开申请数量 " + "9" * 20000 + " 1 2"
    spans = table_line_spans(line)
    # a line this long is read as a page on one line: the run of numbers is excluded, the label is not
    assert spans == [(line.index("9"), len(line))]
