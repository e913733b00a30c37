"""行政复议、行政诉讼: fifteen numbers in printed order (复议, 未经复议直接起诉, 复议后起诉 × 维持/纠正/其他/尚未审结/总计)."""

from __future__ import annotations

from typing import Optional

from service.config import load_config
from service.record import ReviewGroup, ReviewLitigationTable
from service.tables.cells import Cell, LogicalRow, _pipe_cells
from service.tables.column_order import flat_header_cells, review_order
from service.tables.rows import to_number


def parse_review_litigation(lrows: list[LogicalRow], warnings: list[str], text: str = "",
                            region_start: int = 0) -> Optional[ReviewLitigationTable]:
    """`text`: the document text the rows' offsets index, `region_start` where the table's region begins: the
    header printed between them and the first value row gives the order of the groups and columns
    (`column_order.review_order`, as for a table flattened onto one line); without a readable header the
    template's order."""
    cfg = load_config("tables.yaml")["review_litigation"]
    groups, cols = cfg["groups"], cfg["columns"]
    need = len(groups) * len(cols)
    # narrative sentences are text cells; only table rows carry number cells. A sentence whose
    # numbers stand apart ("被申请行政复议 3 件") is read as a space-layout row: when the grid rows
    # (pipe/stream: HTML, DOCX, text tables) hold the whole table, the space-layout rows are prose
    cells = _value_cells([r for r in lrows if r.layout != "space"], need, len(cols), text, region_start, warnings)
    if len(cells) < need:
        cells = _value_cells(lrows, need, len(cols))
    if not cells:
        return None
    if len(cells) > need:
        nums = [c for c in cells if c.kind == "num"]
        first = _first_of_several(lrows, need, len(cols), list(cfg["column_headers"]["columns"].values()))
        if len(nums) != need and first is not None:
            # two tables one after the other (本级 and 汇总, or last year's quoted for comparison): the first is read
            warnings.append(f"review_litigation: the table is printed more than once ({len(cells)} cells, each table "
                            f"{need}); the first is read — check that it is the report's own")
            cells = nums = first
        if len(nums) != need:
            # which number fills which column is unclear: no table rather than a shifted one
            warnings.append(f"review_litigation: {len(cells)} cells where {need} were expected; table left out")
            return None
        cells = nums
    if len(cells) < need:
        warnings.append(f"review_litigation: only {len(cells)} of {need} numbers found; table left out")
        return None
    places = _printed_places(cells, text, region_start, groups, cols, cfg, warnings)
    at = {place: cells[i] for i, place in enumerate(places)}
    data = {}
    for g in groups:
        vals = {}
        for col in cols:
            v = to_number(at[(g, col)], money=False)
            if v is None:
                warnings.append(f"review_litigation: blank cell at {g}.{col} (counted as 0 in checks)")
            vals[col] = v
        data[g] = ReviewGroup(**vals)
    return ReviewLitigationTable(**data, start=cells[0].start, end=cells[-1].end)


def _printed_places(cells: list[Cell], text: str, region_start: int, groups: list[str], cols: list[str], cfg: dict,
                    warnings: list[str]) -> list[tuple[str, str]]:
    """(group, column) of each value cell in printed order: read from the header words of the table lines above
    the line of the first value cell when they print another order than the template's
    (总计 first, 行政诉讼 before 行政复议, 复议后起诉 before 未经复议直接起诉), else the template's order."""
    template = [(g, c) for g in groups for c in cols]
    if not text:
        return template
    # the header: the table lines (cells separated by `|` or tabs) right above the first value row's line; a
    # heading above the table (`（一）行政复议情况`, the section's own title) is no part of it
    end = start = max(region_start, text.rfind("\n", region_start, cells[0].start) + 1)
    while start > region_start:
        prev = text.rfind("\n", region_start, start - 1) + 1
        if "|" not in text[prev:start] and "\t" not in text[prev:start]:
            break
        start = max(prev, region_start)
    if start == end:
        return template
    hcfg = cfg["column_headers"]
    words = [w for part in ("columns", "top", "litigation") for w in hcfg[part].values()]
    how, places = review_order(flat_header_cells(text[start:end], words), groups, cols, hcfg)
    if how != "printed" or places is None:
        return template
    shown = ", ".join(dict.fromkeys(g for g, _c in places)) + " × " + ", ".join(c for _g, c in places[:len(cols)])
    warnings.append(f"review_litigation: groups and columns printed in the order {shown}; read by the header")
    return places


def _first_of_several(lrows: list[LogicalRow], need: int, group: int, col_words: list[str]) -> Optional[list[Cell]]:
    """The value cells of the first of several whole tables printed one after the other, each under its own header:
    the value rows after each header (rows naming the columns, 结果维持 … 总计) hold exactly `need` cells, and the first
    table's groups add up (a row of column numbers `1 | 2 | … | 15` above the header is no table); else None."""
    runs: list[list[LogicalRow]] = []
    headed = False
    for row in lrows:
        if _value_cells([row], len(row.values), group):
            if headed:
                runs.append([])
                headed = False
            if not runs:
                return None  # numbers before any header
            runs[-1].append(row)
        elif any(w in c.text for c in row.label for w in col_words):
            headed = True
    if len(runs) < 2:
        return None
    tables = [_value_cells(r, need, group) for r in runs]
    if any(len(t) != need for t in tables):
        return None
    first = [to_number(c, money=False) or 0 for c in tables[0]]
    if any(sum(first[i:i + group - 1]) != first[i + group - 1] for i in range(0, need, group)):
        return None
    return tables[0]


def _value_cells(lrows: list[LogicalRow], need: int, group: int, text: str = "", region_start: int = 0,
                 warnings: Optional[list[str]] = None) -> list[Cell]:
    """The value cells of the table's rows, blank cells included in their printed place (a grid's first
    cell left empty is the 复议 结果维持 column, not a header blank).

    A row without numbers is a header row (its blank cells are merged header cells) unless it prints a
    group's worth of blank marks (`无`, `-`, `/`: a table filled in with 无, whose cells are blank), and in PDF text a
    labelled row with a single number is a sentence (`被申请行政复议 3 件`; a row of this table holds
    five or fifteen numbers). Blank cells beyond the `need` cells at either end are stray (a grid's
    trailing colspans, an empty cell between the header and the numbers of the stream layout).
    A spacer column of a `|`/tab grid (empty in the value line and in every header line of its width above it:
    `grid_spacers`) is dropped first: left in, it took a value's place and a real blank at an end was trimmed
    as stray. Blank cells trimmed at the start (once the row ends' strays are gone) while a blank cell stays inside
    are named in the warnings (which blank is the stray one is not known)."""
    rows: list[LogicalRow] = []
    for row in lrows:
        printed_blanks = sum(1 for c in row.values if c.kind == "blank" and c.text)
        if not any(c.kind == "num" for c in row.values) and printed_blanks < group:
            continue
        if row.layout == "space" and row.label and len(row.values) == 1:
            continue
        rows.append(row)
    cells = [c for row in rows for c in row.values]
    if len(cells) > need and text:
        spacers = grid_spacers(rows, text, region_start)
        if spacers and len(cells) - len(spacers) >= need:
            cells = [c for c in cells if id(c) not in spacers]
    while len(cells) > need and cells[-1].kind == "blank":
        cells.pop()
    trimmed = len(cells)
    while len(cells) > need and cells[0].kind == "blank":
        cells.pop(0)
    if warnings is not None and len(cells) < trimmed and any(c.kind == "blank" for c in cells):
        warnings.append(f"review_litigation: {trimmed} cells where {need} were expected; blank cells at the start "
                        "taken as stray")
    return cells


def grid_spacers(rows: list[LogicalRow], text: str, region_start: int) -> set[int]:
    """ids of the value cells standing in a spacer column of a `|`/tab grid: a value row on one line of its own,
    its cell empty (no text at all) where every header line above it of the same width (the table lines between the
    region's start, or the last line that is no table line, and the first value line) is empty too. Only header
    lines of the value line's width are aligned with it (a Word table saved as text writes a merged cell once)."""
    first = rows[0].values[0].start if rows and rows[0].values else None
    if first is None:
        return set()
    end = start = max(region_start, text.rfind("\n", region_start, first) + 1)
    while start > region_start:
        prev = text.rfind("\n", region_start, start - 1) + 1
        if "|" not in text[prev:start] and "\t" not in text[prev:start]:
            break
        start = max(prev, region_start)
    headers = [_pipe_cells(line, 0) for line in text[start:end].split("\n") if line.strip()]
    out: set[int] = set()
    for row in rows:
        if row.layout != "pipe" or row.label:
            continue
        ls = text.rfind("\n", 0, row.values[0].start) + 1
        le = text.find("\n", ls)
        cells = _pipe_cells(text[ls:len(text) if le < 0 else le], ls)
        if [c.start for c in cells] != [v.start for v in row.values]:
            continue  # the row is not this one line's cells
        same = [h for h in headers if len(h) == len(cells)]
        for j, v in enumerate(row.values):
            if same and not v.text and all(not h[j].text for h in same):
                out.add(id(v))
    return out
