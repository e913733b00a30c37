"""Review round 9 (grid spacers): reports written by tests/fixtures/review9_gridspacer/make_cases.py from numbers
chosen by hand (the expected JSON beside it holds the same numbers, not the parser's output): grid rows whose cells
do not line up with the header.

1. A spacer column (empty in every line) inside the review/litigation table of a `|` text report, whose value line
   has no label: left in, it took a value's place and a real blank at an end of the fifteen cells was trimmed as
   stray, so the values shifted silently (t01 every line one width, 复议 结果维持 blank; t02 header lines of their
   own widths, 复议后起诉 总计 blank). A value line's cell empty where every header line above it of the same
   width is empty too is dropped (`review_litigation.grid_spacers`). One cell per line (t04): read since review
   round 10 by the empty cell its header prints between the groups (`spacer_cells`, tests/test_review10_cellline.py).
2. A grid whose label column is two columns wide (a section column beside the item labels, `规章` spanning both)
   prints a gap after such a row's label; with the row's last value blank, `fit_values` trimmed the blank as stray
   and read the gap as the first value (`规章 |  | 1 | 0 | ` gave issued=null, abolished=1, in_force=0). The active
   table's grid rows are now read under the column headings of the nearest header line of their width above them
   (`column_order.place_by_header_line`) (h09 HTML, d10 DOCX, p12 ruled PDF, t11 `|` text).
3. A spacer column between two groups of value columns in a `|`/tab table whose merged label cells are written once
   (rows of two widths): the stretch of lines of one width dropped it, the wider rows kept it and were left out
   (t03); a line whose value part is as long as a dropping stretch's, empty at the same place, drops it too
   (`cells.drop_spacer_columns`).
4. A grid row with numbers whose label names no template row (行政确认, 行政征收, 行政裁决, 其他对外管理服务事项 in a
   2021 table, a typed `（二）部份公开`) was dropped without a word; it is now named in the warnings, a 合计 row and
   the 勾稽 note staying quiet (t05 `|`, t06 one cell per line, h07 HTML).
Also kept right (pinned): HTML and DOCX narrow empty columns between column groups (h05, d08); an HTML row one cell
short read by grid position with its blank named, a row one number too many left out and named (h07)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review_cases import assert_case, build_generated_cases, read_case, tables_without_offsets

pytest.importorskip("docx")
pytest.importorskip("reportlab")
FIX = Path(__file__).parent / "fixtures" / "review9_gridspacer"
# every case but t04 (one cell per line: its expected JSON's warning is the round-9 one; its own test below)
EXACT = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json")
               if not p.name.startswith("t04_"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_generated_cases(FIX, tmp_path_factory.mktemp("review9_gridspacer"))


def _case(built: Path, case: str) -> tuple[dict, dict]:
    doc = next(p for p in built.iterdir() if p.stem == case and not p.name.endswith(".json"))
    return read_case(doc, FIX / f"{case}.expected.json")


@pytest.mark.parametrize("case", EXACT)
def test_report_gives_the_chosen_tables_and_names_what_it_leaves_out(built, case):
    rec, exp = _case(built, case)
    assert_case(rec, exp)


def test_a_review_spacer_column_no_longer_shifts_the_fifteen_values(built):
    rec, _exp = _case(built, "t01_pipe_review_spacer_uniform")
    review = rec["tables"]["review_litigation"]["review"]
    assert (review["upheld"], review["corrected"], review["total"]) == (None, 1, 1)
    assert all(c["status"] == "pass" for c in rec["checks"] if c["id"].startswith("review_litigation.sum"))


def test_a_spacer_cell_among_stream_cells_is_dropped_where_the_header_prints_it(built):
    rec, exp = _case(built, "t04_stream_review_spacer_cell")
    assert tables_without_offsets(rec) == exp["tables"]
    assert not any("taken as stray" in x for x in rec["warnings"])


def test_a_gap_after_a_two_column_label_is_no_value(built):
    rec, _exp = _case(built, "h09_html_two_label_columns_blank_last_value")
    assert rec["tables"]["active_disclosure"]["rows"]["regulations"] == {"issued": 1, "abolished": 0, "in_force": None}
    assert any("blank cell at regulations.in_force" in x for x in rec["warnings"])


def test_template_rows_a_合计_row_and_the_note_raise_no_unknown_row_warning(built):
    rec, _exp = _case(built, "d08_docx_narrow_empty_columns")
    assert not any("names no row of the template" in x for x in rec["warnings"])
