"""Review round 8 (PDF tables over page breaks and exporter quirks): hand-chosen numbers drawn by
tests/fixtures/review8_pdfpages/make_cases.py (ruled tables, reportlab, STSong-Light); the expected JSON comes
from the same numbers, never from the parser.

Layouts: the applications table over two or three pages with its header rows repeated (Word 标题行重复) or not;
a row broken by the page break (its label's first line with blank cells on one page, the rest of the label and
its numbers on the next, a running header, a repeated header and a footer `— 3 —` / `第 3 页 共 6 页` between);
the review table's header on one page and its numbers on the next; WPS/Excel exports with cell shading and no
rule, hairline rules (width 0), every cell its own rectangle, borders as 0.25 pt filled bars, double frames
2.5 pt and 4 pt apart (with a double rule under the header); the wide applications table on a landscape page;
the 2019 template ruled over page breaks (`278.334万元`, negative 本年增/减, (六)其他处理 as one row); all three
tables on one page in 5.5 pt print.

Defects found here:

- a ruled row broken by a page break (Word lets a row break across pages by default) gave two grid rows,
  `（二）部分公开（区分处理的，只计这 |  |  | …` (all blank) and `一情形，不计其他情形） | 5 | 2 | …`; the first was
  read as a row printed blank and the numbers of the second were dropped without a warning
  (`rows.assign_rows`: the blank first part is now paired with the numbers below it);
- a Word double frame (a second rule 2.5 pt outside the table) on a page where another table's frame lies 3 pt
  from it: pdfplumber snaps parallel rules closer than 3 pt by chaining neighbours over the whole page, the four
  left rules became one 3 pt away from the ends of the review table's row rules, and the table lost its first
  column (left out, 14 of 15 numbers). The second line of a double rule is now dropped before the table finder
  (`pdf_rules.double_rule_outers`);
- the same report as `pdftotext -layout` text (r04 .txt): the header repeated between the two parts of the broken
  row prints the 勾稽 note over two lines (`本列数据的勾稽关系为：第一项加第二项之和，等` / `于第三项加第四项之和  自然
  社会  法律`) and pieces beside 总计 or a single character (`商业  科研  总计`, `人  公益  服务  其他`); these were
  taken for label lines, the row's label stood too far above its numbers and the row was left out with a warning
  (`rows._is_header_piece` now knows them as header lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.config import load_config
from service.ingest.pdf_rules import double_rule_outers
from service.normalise import normalise
from service.tables.cells import Cell, LogicalRow
from service.tables.rows import _is_header_piece
from service.sections import find_sections
from service.tables import parse_tables
from tests.review_cases import read_case, tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review8_pdfpages"
CASES = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json"))


def test_fixture_set_is_present() -> None:
    assert {"r02_grid_row_broken_by_page_no_repeat", "r04_hairline_row_broken_repeated_header",
            "r04_hairline_row_broken_repeated_header.txt", "r05_double_borders_page_break",
            "r10_template2019_grid_page_breaks", "r12_review_numbers_on_next_page"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_review8_pdfpages_case(name: str) -> None:
    document = FIX / (name if name.endswith(".txt") else f"{name}.pdf")
    rec, exp = read_case(document, FIX / f"{name}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    # the tables' own sums hold: every check passes and nothing is reported blank or left out
    assert [c["id"] for c in rec["checks"] if c["status"] == "fail"] == []
    assert rec["warnings"] == []


_HEAD = """三、收到和处理政府信息公开申请情况
本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和 |  |  | 申请人情况 |  |  |  |  |  | 
 |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计
 |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 
一、本年新收政府信息公开申请数量 |  |  | 9 | 1 | 0 | 0 | 0 | 0 | 10
二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0
三、本年度办理结果 | （一）予以公开 |  | 4 | 1 | 0 | 0 | 0 | 0 | 5
"""
_TAIL = """ | （七）总计 |  | 9 | 1 | 0 | 0 | 0 | 0 | 10
四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0
四、政府信息公开行政复议、行政诉讼情况
"""


def _applications(middle: str) -> tuple[dict, list[str]]:
    text = normalise(_HEAD + middle + _TAIL).text
    res = parse_tables(text, find_sections(text))
    rows = res.tables.applications.rows
    return rows, res.warnings


def test_row_broken_by_page_takes_the_numbers_below_it() -> None:
    rows, warnings = _applications(
        " | （二）部分公开（区分处理的，只计这 |  |  |  |  |  |  | \n"
        "— 2 —\n"
        "禾丰县司法局2023年政府信息公开工作年度报告\n"
        " | 一情形，不计其他情形） |  | 3 | 0 | 0 | 0 | 0 | 0 | 3\n"
        " | （四）无法提供 | 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2\n")
    assert rows["partially_granted"] == {"natural_person": 3, "commercial": 0, "research": 0, "social_welfare": 0,
                                         "legal_services": 0, "other_org": 0, "total": 3}
    assert rows["unable_not_held"]["total"] == 2
    assert not any("blank cell" in w for w in warnings)


def test_row_broken_by_page_past_a_repeated_header() -> None:
    rows, _ = _applications(
        " | （六）其他处理 | 1.申请人无正当理由逾期不补正 |  |  |  |  |  |  | \n"
        "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和 |  |  | 申请人情况 |  |  |  |  |  | \n"
        " |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计\n"
        " |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | \n"
        " |  | 、行政机关不再处理其政府信息公开申请 | 5 | 1 | 0 | 0 | 0 | 0 | 6\n")
    assert rows["other_no_correction"]["natural_person"] == 5 and rows["other_no_correction"]["total"] == 6


def test_a_row_printed_blank_stays_blank() -> None:
    """A recognised row with every cell blank, followed by a row of its own (a list marker opens its label, even
    one the template does not know) or by a recognised row: no numbers move into it."""
    rows, warnings = _applications(
        " | （二）部分公开（区分处理的，只计这一情形，不计其他情形） |  |  |  |  |  |  |  | \n"
        " | （四）无法提供 | 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2\n"
        " | （五）不予处理 | 1.信访举报投诉类申请 |  |  |  |  |  |  | \n"
        " |  | 9.本机关自行增设的一类 | 3 | 0 | 0 | 0 | 0 | 0 | 3\n")
    assert set(rows["partially_granted"].values()) == {None}
    assert set(rows["rejected_complaint"].values()) == {None}
    assert rows["unable_not_held"]["total"] == 2
    assert any("blank cell at rejected_complaint.total" in w for w in warnings)


def _line(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top}


def _grid(left: float, top: float) -> list[dict]:
    """A 2 x 3 ruled table, 100 pt columns and 20 pt rows, drawn line by line."""
    xs, ys = [left, left + 100, left + 200], [top, top + 20, top + 40, top + 60]
    return [_line(xs[0], y, xs[-1], y) for y in ys] + [_line(x, ys[0], x, ys[-1]) for x in xs]


def test_second_line_of_a_double_frame_is_dropped() -> None:
    table = _grid(100, 100)
    frame = [_line(97.5, 97.5, 302.5, 97.5), _line(97.5, 162.5, 302.5, 162.5),
             _line(97.5, 97.5, 97.5, 162.5), _line(302.5, 97.5, 302.5, 162.5)]
    assert double_rule_outers(table + frame, 3.0) == {id(o) for o in frame}


def test_single_rules_and_stacked_tables_are_kept() -> None:
    # a table alone, and two tables one above the other whose left rules lie 2.5 pt apart (not side by side)
    objects = _grid(100, 100) + _grid(102.5, 300)
    assert double_rule_outers(objects, 3.0) == set()


def _line_of(*cells: str) -> LogicalRow:
    return LogicalRow(label=[Cell(kind="text", text=t, start=0, end=len(t)) for t in cells], layout="space")


@pytest.mark.parametrize("cells, header", [
    (("本列数据的勾稽关系为：第一项加第二项之和，等",), True),
    (("于第三项加第四项之和", "自然", "社会", "法律"), True),
    (("商业", "科研", "总计"), True),
    (("人", "公益", "服务", "其他"), True),
    (("企业", "机构"), True),
    (("（七）总计",), False),  # a row's label, its numbers on the next line
    (("总计",), False),
    (("公益", "人"), False),  # one piece is not enough beside a single character
    (("3.其他",), False),
    (("桐江市住房和城乡建设局2024年政府信息公开工作年度报告",), False),
])
def test_header_lines_repeated_after_a_page_break(cells: tuple, header: bool) -> None:
    words = load_config("tables.yaml")["header_words"]
    assert _is_header_piece(_line_of(*cells), words) is header
