"""Review round 8 (plain-text grids): hand-written `|`/tab reports, numbers chosen by the reviewer (the expected
JSON beside each holds the same numbers, not the parser's output).

1. A spacer column between the label and the values in every line of a `|` or tab table (a Word table with an
   empty narrow column saved as text): left in, it stood where a row's blank first value is, and a real blank at
   the row's end was dropped as stray, so `规章 |  | 0 | 0 | ` read as issued=null, in_force=0 (c02 `|`, 2021;
   c10 tabs, 2019 template; c12 `|` header lines over tab value lines; c13 the tables run together with no line
   between them). The text reader now drops a column empty in every line of one grid and standing between the
   label and the values (`cells.drop_spacer_columns`), as the grid readers do.
2. A label cell split by a converter into a grid row of its own below the row's values (`| 行政规范性 | 4 | 2 | 31 |`
   / `| 文件 | | | |`): the values were dropped without a warning; the empty-celled rest of the label now completes
   the label above it (`rows._grid_continuation`, paired in `assign_rows`) (c08, with header cells split over two
   lines).
3. An applications table with an added 小计 column under 法人或其他组织: every row had eight numbers for seven
   columns and the whole table was left out; in a grid whose header names the seven columns, a column headed
   小计/合计 (`configs/tables.yaml` applications.column_headers.subtotals) is passed over (c06, with a 合计 row in
   the active-disclosure table).
Also kept right (pinned): a Word table saved as GBK text with an empty trailing cell on every line and blanks
printed as 无 and / (c03); a 2021 applications table printed transposed (applicant types as rows), never read into the wrong cells, is
read by its header since review round 9 (`tables.transposed`) (c09)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.tables.cells import _pipe_cells, drop_spacer_columns, logical_rows
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review8_textgrid"
CASES = sorted(p.stem for p in HERE.glob("*.txt"))


@pytest.mark.parametrize("case", CASES)
def test_text_grid_reports_give_the_chosen_tables(case):
    rec, exp = read_case(HERE / f"{case}.txt", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]


def _grid(lines: list[str]) -> list[list]:
    out, off = [], 0
    for line in lines:
        out.append(_pipe_cells(line, off))
        off += len(line) + 1
    return out


def test_spacer_column_dropped_only_in_a_grid_with_its_header():
    with_header = _grid(["信息内容 |  | 本年制发件数 | 本年废止件数 | 现行有效件数", "规章 |  | 0 | 0 | "])
    assert [[c.text for c in cells] for cells in drop_spacer_columns(with_header)] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", ""]]
    # value lines alone: an empty column may be a real blank column; lines of other widths are no one grid
    values_only = _grid(["规章 |  | 0 | 0", "行政规范性文件 |  | 2 | 1"])
    assert drop_spacer_columns(values_only) == values_only
    ragged = _grid(["信息内容 |  | 本年制发件数 | 本年废止件数", "规章 |  | 0"])
    assert drop_spacer_columns(ragged) == ragged
    # two grids of other widths one after the other: each is read on its own; in the second no label stands left
    # of the empty column (a header merged over lines of other widths leaves a real column empty there): kept
    two = _grid(["信息内容 |  | 本年处理决定数量", "行政许可 |  | 7", " | 结果纠正 | 其他结果 | 总计", " | 0 | 1 | 1"])
    assert [[c.text for c in cells] for cells in drop_spacer_columns(two)] == [
        ["信息内容", "本年处理决定数量"], ["行政许可", "7"], ["", "结果纠正", "其他结果", "总计"], ["", "0", "1", "1"]]


def test_blank_first_value_keeps_its_column_when_no_spacer():
    text = "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 |  | 0 | 3\n"
    rows = [r for r in logical_rows(text, 0, len(text)) if r.values]
    assert [(c.kind, c.text) for c in rows[0].values] == [("blank", ""), ("num", "0"), ("num", "3")]


def test_a_subtotal_column_is_passed_over_only_in_a_header_grid():
    from service.config import load_config
    from service.tables.column_order import grid_subtotal_positions, grid_value_positions, place_by_grid

    head = (" | 申请人情况 |  |  |  |  |  |  | \n"
            " | 自然人 | 法人或其他组织 |  |  |  |  |  | 总计\n"
            " |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 小计 | \n")
    text = head + "（一）予以公开 | 5 | 2 | 0 | 0 | 1 | 0 | 3 | 8\n"
    lrows = logical_rows(text, 0, len(text))
    cfg = load_config("tables.yaml")["applications"]["column_headers"]
    row = place_by_grid(lrows, text, grid_value_positions(lrows, text, cfg), grid_subtotal_positions(lrows, text, cfg))[-1]
    assert [c.text for c in row.values] == ["5", "2", "0", "0", "1", "0", "8"]
    # without the 小计 heading the eighth number is no column: the row is left as printed (and left out later)
    plain = text.replace("小计", "  ")
    lrows = logical_rows(plain, 0, len(plain))
    assert grid_subtotal_positions(lrows, plain, cfg) == []
    grid = grid_value_positions(lrows, plain, cfg)
    assert len(place_by_grid(lrows, plain, grid, grid_subtotal_positions(lrows, plain, cfg))[-1].values) == 8
