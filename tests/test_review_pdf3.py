"""Independent review of PDF layouts the first two PDF reviews did not draw (tests/fixtures/review_pdf3,
built by make_cases.py there from chosen numbers; the expected JSON comes from the same numbers):
numbers spread one digit per text object (分散对齐), numbers wrapped in narrow cells, tables side by
side on a landscape page, header rows repeated over a page with the last row alone, a table pasted as
a picture, and 申请人情况 columns printed in another order than the template."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from service.config import load_config
from service.ingest.pdf import _evenly_spread, _join_broken_numbers, _settings
from service.tables.column_order import TEMPLATE, UNCLEAR, UNCLEAR_WARNING, printed_order
from tests.review_cases import read_case, tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review_pdf3"
READ_RIGHT = ["d01_spread_digits_grid", "d02_numbers_two_lines", "d03_side_by_side_landscape",
              "d04_repeat_header_orphan_rows", "d05_applicant_columns_reordered", "d08_review_table_as_image"]


def _run(stem: str) -> tuple[dict, dict]:
    rec, exp = read_case(FIX / f"{stem}.pdf", FIX / f"{stem}.expected.json")
    return exp, rec


@pytest.mark.parametrize("stem", READ_RIGHT)
def test_review_pdf3_case(stem: str) -> None:
    exp, rec = _run(stem)
    assert tables_without_offsets(rec) == exp["tables"]


def test_reordered_columns_without_whole_header_cells_are_left_out() -> None:
    """Three-line table, 法人或其他组织 columns first: the wrapped header cells do not give the order,
    so the applications table is null with a warning (never read in the template's order); the
    other tables are read."""
    exp, rec = _run("d06_applicant_columns_reordered_hrules")
    got = tables_without_offsets(rec)
    assert got["applications"] is None
    assert UNCLEAR_WARNING in rec["warnings"]
    assert got["active_disclosure"] == exp["tables"]["active_disclosure"]
    assert got["review_litigation"] == exp["tables"]["review_litigation"]


def _cfg() -> tuple[list[str], dict]:
    app = load_config("tables.yaml")["applications"]
    return app["columns"], app["column_headers"]


def test_column_order_from_header_cells() -> None:
    columns, cfg = _cfg()
    template = [["申请人情况"], ["自然人", "法人或其他组织", "总计"], ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    assert printed_order(template, columns, cfg) == (TEMPLATE, None)
    moved = [["申请人情况"], ["法人或其他组织", "", "自然人", "总计"], ["其他", "商业企业", "科研机构", "社会公益组织", "法律服务机构"]]
    assert printed_order(moved, columns, cfg) == (
        "printed", ["other_org", "commercial", "research", "social_welfare", "legal_services", "natural_person", "total"])
    # PDF text of a template-order header whose cells wrap: no whole sub-column cells, nothing suspect
    wrapped = [["申请人情况"], ["法人或其他组织"], ["自然人", "社会公益", "法律服务", "总计"], ["商业企业", "科研机构", "组织", "机构", "其他"]]
    assert printed_order(wrapped, columns, cfg) == (TEMPLATE, None)
    # 自然人 printed after sub-column words on one line: another order that the cells do not give
    suspect = [["申请人情况"], ["法人或其他组织"], ["社会公益", "法律服务", "自然人", "总计"], ["科研机构", "商业企业", "其他"]]
    assert printed_order(suspect, columns, cfg) == (UNCLEAR, None)


def _rows(grid: list[list[str]]) -> list:
    return [SimpleNamespace(cells=[(0.0, 0.0, 10.0, 10.0)] * len(r)) for r in grid]


def test_wrapped_number_joined_but_stacked_rows_not() -> None:
    grid = [["（一）予以公开", "10\n32", "21", "0", "10\n53"]]
    _join_broken_numbers(grid, _rows(grid), None, _settings())
    assert grid == [["（一）予以公开", "1032", "21", "0", "1053"]]
    # two rows' numbers in one cell each (their dividing rule missing): no cell fits on one line, left alone
    stacked = [["1.属于国家秘密\n2.其他法律行政法规禁止公开", "12\n3", "40\n0", "52\n3"]]
    _join_broken_numbers(stacked, _rows(stacked), None, _settings())
    assert stacked[0][1:] == ["12\n3", "40\n0", "52\n3"]


def _chars(xs: list[float], w: float = 4.0) -> list[dict]:
    return [{"text": "1", "x0": x, "x1": x + w, "top": 100.0, "bottom": 108.0, "size": 8.0} for x in xs]


def test_spread_digits_need_even_gaps_over_the_cell() -> None:
    cell = (100.0, 95.0, 140.0, 115.0)
    assert _evenly_spread(SimpleNamespace(chars=_chars([103, 114, 125, 136])), cell, _settings())  # 分散对齐
    # digits typed with spaces, centred in a wide cell: not spread over it
    assert not _evenly_spread(SimpleNamespace(chars=_chars([113, 119, 125])), (80.0, 95.0, 170.0, 115.0), _settings())
    assert not _evenly_spread(SimpleNamespace(chars=_chars([103, 108, 136])), cell, _settings())  # uneven gaps
