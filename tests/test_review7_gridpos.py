"""Review round 7 (grid positions): reports built by tests/fixtures/review7_gridpos/make_cases.py from numbers
chosen by hand (the expected JSON beside it holds the same numbers, not the parser's output).

1. A blank cell beside a label merged over two or three columns: the grid (HTML colspan, DOCX gridSpan) renders
   the merge's other positions as empty cells (`（一）予以公开 |  | 3 | … | 0 | ` with a blank 总计); the
   applications rows take their cells at the header's grid column positions (`column_order.place_by_grid`)
   instead of dropping the trailing blank as stray, so the values keep their columns (g01 HTML, g05 DOCX).
2. The review/litigation table in grid and pipe layouts reads its printed order from the header
   (`column_order.review_order`, as the flattened-text reader does): 行政诉讼 before 行政复议 with 总计 first
   (g02 HTML), 复议后起诉 before 未经复议直接起诉 (g03 DOCX, g06 `|` text); a header naming no column keeps
   the template's order (g04)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.tables.cells import logical_rows
from service.tables.column_order import grid_value_positions, place_by_grid
from service.config import load_config
from tests.review_cases import build_generated_cases, read_case, tables_without_offsets

pytest.importorskip("docx")
FIX = Path(__file__).parent / "fixtures" / "review7_gridpos"
CASES = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json"))
EXT = {"html": ".html", "docx": ".docx", "text": ".txt"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_generated_cases(FIX, tmp_path_factory.mktemp("review7_gridpos"))


def _doc(built: Path, case: str) -> Path:
    return next(p for p in built.iterdir() if p.stem == case)


@pytest.mark.parametrize("case", CASES)
def test_report_gives_the_chosen_tables(built, case):
    rec, exp = read_case(_doc(built, case), FIX / f"{case}.expected.json")
    got = tables_without_offsets(rec)
    for name, table in exp["tables"].items():
        assert got[name] == table, name


@pytest.mark.parametrize("case", ["g01_html_blank_total_beside_merged_label", "g05_docx_blank_total_beside_merged_label"])
def test_blank_cells_beside_merged_labels_are_named(built, case):
    rec, _exp = read_case(_doc(built, case), FIX / f"{case}.expected.json")
    blanks = {w.split("blank cell at ")[1].split(" ")[0] for w in rec["warnings"] if "blank cell at" in w}
    assert blanks == {"carried_over.natural_person", "granted.total"}


@pytest.mark.parametrize("case, printed", [
    ("g02_html_review_litigation_first_total_first", True), ("g03_docx_after_review_before_direct", True),
    ("g06_text_pipe_total_first_after_review_first", True), ("g04_docx_header_names_no_column", False),
    ("g01_html_blank_total_beside_merged_label", False)])
def test_review_order_read_by_the_header_is_warned(built, case, printed):
    rec, _exp = read_case(_doc(built, case), FIX / f"{case}.expected.json")
    assert any("review_litigation: groups and columns printed in the order" in w for w in rec["warnings"]) is printed


def _grid_text(header: list[str], rows: list[str]) -> str:
    return "申请人情况\n" + "\n".join(header + rows) + "\n"


HEADER = [" |  | 申请人情况 |  |  |  |  |  | ",
          " |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计",
          " |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | "]


def test_grid_positions_place_a_row_by_the_header():
    text = _grid_text(HEADER, ["（一）予以公开 |  | 3 | 1 | 0 | 0 | 0 | 0 | "])
    lrows = logical_rows(text, 0, len(text))
    grid = grid_value_positions(lrows, text, load_config("tables.yaml")["applications"]["column_headers"])
    assert grid == (9, [2, 3, 4, 5, 6, 7, 8])
    row = place_by_grid(lrows, text, grid)[-1]
    assert [c.text for c in row.values] == ["3", "1", "0", "0", "0", "0", ""]


def test_rows_off_the_header_grid_are_left_as_they_are():
    """A line of another width (a table continued in a second grid) or with a number outside the header's
    columns is not placed by position: the ordinary fitting decides."""
    text = _grid_text(HEADER, ["（一）予以公开 | 3 | 1 | 0 | 0 | 0 | 0 | 4", "（二）部分公开 | 9 | 1 | 0 | 0 | 0 | 0 | 0 | 1"])
    lrows = logical_rows(text, 0, len(text))
    grid = grid_value_positions(lrows, text, load_config("tables.yaml")["applications"]["column_headers"])
    assert place_by_grid(lrows, text, grid) == lrows


def test_header_of_mixed_widths_gives_no_positions():
    text = _grid_text(HEADER[:2] + [" | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他"], ["（一）予以公开 |  | 3 | 1 | 0 | 0 | 0 | 0 | "])
    lrows = logical_rows(text, 0, len(text))
    assert grid_value_positions(lrows, text, load_config("tables.yaml")["applications"]["column_headers"]) is None


def test_expected_files_hold_only_contract_keys():
    for case in CASES:
        exp = json.loads((FIX / f"{case}.expected.json").read_text(encoding="utf-8"))
        assert set(exp) == {"metadata", "tables"}
        assert set(exp["tables"]) <= {"active_disclosure", "applications", "review_litigation"}
