"""Review round 8 (grid width): reports built by tests/fixtures/review8_gridwidth/make_cases.py from numbers
chosen by hand (the expected JSON beside it holds the same numbers, not the parser's output): grid tables whose
rows do not line up with their header, and DOCX page headers/footers.

1. A column empty in every row (a spacer between the label and the values, Excel's empty trailing columns, a
   bordered empty column of a ruled PDF) is dropped by the grid readers (`ingest.rows.drop_empty_columns`):
   left in, it stood where a row's blank first value is, and a true blank at the row's end was dropped as stray
   instead, so `规章 |  | 0 | 0 | ` shifted to issued=null, in_force=0, and the review table's fifteen values
   shifted by one (h02 HTML, d04 DOCX, p01 ruled PDF).
2. A table written without merged cells, each merge's text repeated in every position it covered (pandas
   read_html + to_html, Excel unmerge + fill) is read as that merge (`ingest.rows.collapse_repeats`): the
   repeated 行政复议 of the second header row had made the review table's printed order read as
   行政诉讼 first (silently wrong), and the one-value rows (`行政许可 | 156 | 156 | 156` under a repeated
   本年处理决定数量) were left out (h05).
3. A DOCX page header/footer is read apart from the body (`RawDocument.page_furniture`, never in the text):
   an agency that no title line names is taken from it when it names one body, a labelled 发布日期 when the
   body prints none (d02, d04).
Also kept right (pinned): Excel's hidden column/row and x:num cells (h01), rows one cell wider or narrower than
the header (h03), colspan over blank values (h04), a 2019 table with a rowspan section column (h06), a WPS table
split at a page break with its header repeated (d01), gridBefore rows and a deleted last cell (d03), a table
copied from a browser as tabs (t01)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.ingest import load_document
from service.ingest.rows import collapse_repeats, drop_empty_columns
from service.metadata import extract_metadata
from tests.review_cases import build_generated_cases, read_case, tables_without_offsets

pytest.importorskip("docx")
pytest.importorskip("reportlab")
FIX = Path(__file__).parent / "fixtures" / "review8_gridwidth"
CASES = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_generated_cases(FIX, tmp_path_factory.mktemp("review8_gridwidth"))


def _doc(built: Path, case: str) -> Path:
    return next(p for p in built.iterdir() if p.stem == case and not p.name.endswith(".json"))


@pytest.mark.parametrize("case", CASES)
def test_report_gives_the_chosen_tables_and_metadata(built, case):
    rec, exp = read_case(_doc(built, case), FIX / f"{case}.expected.json")
    got = tables_without_offsets(rec)
    for name, table in exp["tables"].items():
        assert got[name] == table, name


@pytest.mark.parametrize("case", ["h02_spacer_column_and_blank_row_ends", "d04_docx_spacer_column_footer_date",
                                  "p01_ruled_pdf_spacer_columns"])
def test_a_blank_last_value_beside_a_spacer_column_is_named_blank_in_its_own_column(built, case):
    rec, _exp = read_case(_doc(built, case), FIX / f"{case}.expected.json")
    blanks = {w.split("blank cell at ")[1].split(" ")[0] for w in rec["warnings"] if "blank cell at" in w}
    assert {"regulations.in_force", "coercion.decisions"} <= blanks
    assert "regulations.issued" not in blanks


def test_page_header_text_stays_out_of_the_body(built):
    raw = load_document(_doc(built, "d02_agency_only_in_page_header"))
    assert "青禾市林业和草原局" in raw.page_furniture and "青禾市林业和草原局" not in raw.text
    assert "青林草〔2024〕3号" in raw.page_furniture and "— 1 —" in raw.page_furniture


def test_page_furniture_naming_two_bodies_gives_no_agency():
    text = "2023年度政府信息公开工作年度报告\n一、总体情况\n本年度公开信息12条。"
    one, _w = extract_metadata(text, [], None, page_furniture=["青禾市林业和草原局", "第 1 页"])
    two, _w = extract_metadata(text, [], None, page_furniture=["青禾市林业和草原局", "青禾市人民政府办公室"])
    titled, _w = extract_metadata("青禾县民政局2023年政府信息公开工作年度报告\n一、总体情况", [], None,
                                  page_furniture=["青禾市林业和草原局"])
    assert (one.agency, two.agency, titled.agency) == ("青禾市林业和草原局", None, "青禾县民政局")


def test_equal_values_side_by_side_stay_apart_unless_one_heading_spans_them():
    grid = [["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
            ["行政许可", "7", "7", "7"],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "0", "0"],
            ["行政规范性文件", "无", "无", "2"]]
    assert collapse_repeats(grid) == [["信息内容", "本年处理决定数量", "", ""], ["行政许可", "7", "", ""],
                                      ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                                      ["规章", "0", "0", "0"], ["行政规范性文件", "无", "无", "2"]]


def test_only_columns_empty_in_every_row_are_dropped():
    grid = [["规章", "", "本年制发件数", " "], ["行政许可", "", "", "\xa0"], ["规章", "\xa0", "1", ""]]
    assert drop_empty_columns(grid) == [["规章", "本年制发件数"], ["行政许可", ""], ["规章", "1"]]


def test_an_html_table_with_merged_cells_keeps_its_repeated_text():
    page = ("<html><body><p>一、总体情况</p><table border=1><tr><td colspan=2>信息内容</td><td>本年处理决定数量</td></tr>"
            "<tr><td>行政许可</td><td>行政许可</td><td>5</td></tr></table><p>六、其他需要报告的事项</p></body></html>")
    assert "行政许可 | 行政许可 | 5" in load_document(page.encode("utf-8"), source="t.html").text.split("\n")
