"""行政复议、行政诉讼: fifteen numbers in printed order (复议, 未经复议直接起诉, 复议后起诉 × 维持/纠正/其他/尚未审结/总计)."""

from __future__ import annotations

from typing import Optional

from service.config import load_config
from service.record import ReviewGroup, ReviewLitigationTable
from service.tables.cells import Cell, LogicalRow
from service.tables.rows import to_number


def parse_review_litigation(lrows: list[LogicalRow], warnings: list[str]) -> Optional[ReviewLitigationTable]:
    cfg = load_config("tables.yaml")["review_litigation"]
    groups, cols = cfg["groups"], cfg["columns"]
    need = len(groups) * len(cols)
    # narrative sentences are text cells; only table rows carry number cells. A sentence whose
    # numbers stand apart ("被申请行政复议 3 件") is read as a space-layout row: when the grid rows
    # (pipe/stream: HTML, DOCX, text tables) hold the whole table, the space-layout rows are prose
    cells = _value_cells([r for r in lrows if r.layout != "space"], need)
    if len(cells) < need:
        cells = _value_cells(lrows, need)
    if not cells:
        return None
    if len(cells) > need:
        nums = [c for c in cells if c.kind == "num"]
        if len(nums) == need:
            cells = nums
        else:
            warnings.append(f"review_litigation: {len(cells)} cells where {need} were expected; the first {need} are used")
            cells = cells[:need]
    if len(cells) < need:
        warnings.append(f"review_litigation: only {len(cells)} of {need} numbers found; table left out")
        return None
    data = {}
    for gi, g in enumerate(groups):
        vals = {}
        for ci, col in enumerate(cols):
            cell = cells[gi * len(cols) + ci]
            v = to_number(cell, money=False)
            if v is None:
                warnings.append(f"review_litigation: blank cell at {g}.{col} (counted as 0 in checks)")
            vals[col] = v
        data[g] = ReviewGroup(**vals)
    return ReviewLitigationTable(**data, start=cells[0].start, end=cells[-1].end)


def _value_cells(lrows: list[LogicalRow], need: int) -> list[Cell]:
    """The value cells from the first number on; trailing blanks beyond the `need` cells are stray
    (kept up to `need`: a grid's blank cells at the end of the table, 未发生行政诉讼 left empty)."""
    cells: list[Cell] = []
    for row in lrows:
        for k, c in enumerate(row.values):
            # blank header cells before the numbers; but on a whitespace-aligned line a dash before
            # the numbers is the row's first cell, printed blank
            if not cells and c.kind != "num" and not (
                    row.layout == "space" and all(x.kind == "blank" for x in row.values[:k])
                    and any(x.kind == "num" for x in row.values[k:])):
                continue
            cells.append(c)
    while len(cells) > need and cells[-1].kind == "blank":
        cells.pop()
    return cells
