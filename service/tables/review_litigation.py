"""行政复议、行政诉讼: fifteen numbers in printed order (复议, 未经复议直接起诉, 复议后起诉 × 维持/纠正/其他/尚未审结/总计)."""

from __future__ import annotations

import re
from typing import Optional, Sequence

from service.config import load_config
from service.metadata import title_year
from service.record import ReviewGroup, ReviewLitigationTable
from service.tables.cells import Cell, LogicalRow, _pipe_cells
from service.tables.column_order import flat_header_cells, review_order
from service.tables.rows import clean_label, to_number
from service.tables.review_transposed import transposed_cells
from service.tables.spacer_cells import UnclearCells, choose_review_cells, header_spacer_boundaries


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
    try:
        transposed = transposed_cells(lrows, text, groups, cols, cfg["column_headers"], warnings)
    except ValueError as e:
        warnings.append(str(e))
        return None
    if transposed is not None:
        return _table(transposed, [(g, c) for g in groups for c in cols], groups, cols, warnings)
    try:
        first_warnings: list[str] = []
        cells = _value_cells([r for r in lrows if r.layout != "space"], need, len(cols), text, region_start,
                             first_warnings, header_rows=lrows)
        if len(cells) < need:
            cells = _value_cells(lrows, need, len(cols), warnings=warnings, header_rows=lrows)
        else:
            warnings.extend(first_warnings)
    except UnclearCells as e:
        warnings.append(str(e))
        return None
    if not cells:
        return None
    if len(cells) > need:
        nums = [c for c in cells if c.kind == "num"]
        hcfg = cfg["column_headers"]
        copies = _copies(lrows, need, len(cols), list(hcfg["columns"].values()),
                                   [w for part in ("top", "litigation") for w in hcfg[part].values()])
        if len(nums) != need and copies is not None:
            # two tables one after the other (本级 and 汇总, or last year's quoted for comparison): the one whose
            # heading names the report's year (2023年, 本年度) while the others' name another, else the first
            own = _own_copy(copies, title_year(text))
            if own is not None:
                warnings.append(f"review_litigation: the table is printed {len(copies)} times; the one under "
                                f"«{copies[own][0][:30]}» (the report's year) is read")
            else:
                warnings.append(f"review_litigation: the table is printed more than once ({len(cells)} cells, each "
                                f"table {need}); the first is read — check that it is the report's own")
            cells = nums = copies[own or 0][1]
        if len(nums) != need:
            # which number fills which column is unclear: no table rather than a shifted one
            warnings.append(f"review_litigation: {len(cells)} cells where {need} were expected; table left out")
            return None
        cells = nums
    if len(cells) < need:
        warnings.append(f"review_litigation: only {len(cells)} of {need} numbers found; table left out")
        return None
    return _table(cells, _printed_places(cells, text, region_start, groups, cols, cfg, warnings), groups, cols, warnings)


def _table(cells: list[Cell], places: list[tuple[str, str]], groups: list[str], cols: list[str],
           warnings: list[str]) -> ReviewLitigationTable:
    at = {place: cells[i] for i, place in enumerate(places)}
    data = {}
    for g in groups:
        vals = {}
        for col in cols:
            v = to_number(at[(g, col)], money=False)
            if isinstance(v, float):  # a case count with a fraction (`0.5`) is no count
                warnings.append(f"review_litigation: «{at[(g, col)].text}» at {g}.{col} is not a whole number; "
                                f"read as blank")
                v = None
            if v is None:
                warnings.append(f"review_litigation: blank cell at {g}.{col} (counted as 0 in checks)")
            vals[col] = v
        data[g] = ReviewGroup(**vals)
    return ReviewLitigationTable(**data, start=min(c.start for c in cells), end=max(c.end for c in cells))


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


def _copies(lrows: list[LogicalRow], need: int, group: int, col_words: list[str],
                      head_words: Sequence[str] = ()) -> Optional[list[tuple[str, list[Cell]]]]:
    """The copies of several whole tables printed one after the other, each under its own header, as (the heading
    printed above the copy, its value cells), first to last: the value rows after each header (rows naming the
    columns, 结果维持 … 总计; in the one-cell-per-line layout the header cells are the value row's label) hold exactly
    `need` cells, and the first table's groups add up (a row of column numbers `1 | 2 | … | 15` above the header is
    no table); else None. A copy's heading: the nearest short line above its header without header words
    (`（一）2022年度情况`), or the label cells before the header's first word (`上年度 | 行政复议 | …`)."""
    runs: list[tuple[str, list[LogicalRow]]] = []
    headed = False
    heading = ""
    words = [*col_words, *head_words]

    whole = re.compile("(?:" + "|".join(re.escape(clean_label(w)) for w in sorted(words, key=len, reverse=True)) + ")+")

    def before_words(row: LogicalRow) -> str:
        # the nearest label cell before the first cell of header words (a title line above it is farther)
        at = next((i for i, c in enumerate(row.label) if whole.fullmatch(clean_label(c.text))), len(row.label))
        return row.label[at - 1].text if at else ""

    for row in lrows:
        if _value_cells([row], len(row.values), group):
            own_header = any(w in c.text for c in row.label for w in col_words)
            if own_header:
                headed, heading = True, before_words(row) or heading
            if headed:
                runs.append((heading, []))
                headed, heading = False, ""
            if not runs:
                return None  # numbers before any header
            runs[-1][1].append(row)
        elif any(w in c.text for c in row.label for w in col_words):
            headed = True
            heading = before_words(row) or heading
        elif row.label and not headed and 0 < len(row.label_text) <= _HEADING_LEN:
            heading = before_words(row) or heading
    if len(runs) < 2:
        return None
    try:
        tables = [_value_cells(r, need, group) for _h, r in runs]
    except UnclearCells:
        return None
    if any(len(t) != need for t in tables):
        return None
    first = [to_number(c, money=False) or 0 for c in tables[0]]
    if any(sum(first[i:i + group - 1]) != first[i + group - 1] for i in range(0, need, group)):
        return None
    return [(h, t) for (h, _r), t in zip(runs, tables)]


# a line this long or shorter above a copy of the table can be its heading (`（一）2022年度情况（供对比）`)
_HEADING_LEN = 40
_YEAR = re.compile(r"(20\d{2})\s*年")
_THIS_YEAR = ("本年度", "本年", "今年", "当年")
_OTHER_YEAR = ("上年度", "上一年度", "上一年", "上年", "去年", "前年")


def _own_copy(copies: list[tuple[str, list[Cell]]], year: Optional[int]) -> Optional[int]:
    """The index of the copy whose heading names the report's own year (its year printed, or 本年度) while every other
    copy's heading names another year (another year printed, or 上年度); else None (本级 / 汇总 do not say which)."""
    def kind(h: str) -> Optional[str]:
        years = {int(y) for y in _YEAR.findall(h)}
        other = any(w in h for w in _OTHER_YEAR)
        if (year is not None and year in years and len(years) == 1) or (not years and not other and any(w in h for w in _THIS_YEAR)):
            return "own"
        if other or (year is not None and years and year not in years):
            return "other"
        return None
    kinds = [kind(h) for h, _c in copies]
    if kinds.count("own") == 1 and kinds.count("other") == len(kinds) - 1:
        return kinds.index("own")
    return None


def _value_cells(lrows: list[LogicalRow], need: int, group: int, text: str = "", region_start: int = 0,
                 warnings: Optional[list[str]] = None, header_rows: Optional[list[LogicalRow]] = None) -> list[Cell]:
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
    are named in the warnings (which blank is the stray one is not known).
    Before that, where the extra cells can only be empty cells, the reading that the one-cell-per-line header
    (the cells of `header_rows` before the first value row) or the groups' sums tell is taken
    (`spacer_cells.choose_review_cells`, which raises UnclearCells when nothing tells)."""
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
    if len(cells) > need:
        chosen = choose_review_cells(cells, need, group, _stream_header_boundaries(header_rows or [], rows), warnings)
        if chosen is not None:
            return chosen
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


def _stream_header_boundaries(lrows: list[LogicalRow], rows: list[LogicalRow]) -> Optional[dict[int, bool]]:
    """Where the one-cell-per-line header above the first value row prints a spacer between two groups
    (`spacer_cells.header_spacer_boundaries`); None for other layouts or a header that does not tell."""
    if not rows or rows[0].layout != "stream":
        return None
    at = next((i for i, r in enumerate(lrows) if r is rows[0]), None)
    if at is None:
        return None
    header = [c for r in lrows[:at] if r.layout == "stream" for c in r.label + r.values] + rows[0].label
    hcfg = load_config("tables.yaml")["review_litigation"]["column_headers"]
    words = {clean_label(w): k for part in ("columns", "top", "litigation") for k, w in hcfg[part].items()}
    return header_spacer_boundaries(header, words)
