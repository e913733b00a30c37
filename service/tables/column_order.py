"""The order of the applications table's 申请人情况 columns as its header prints them. Most reports
keep the template's order (自然人, five 法人或其他组织 columns, 总计); some print the 法人或其他组织
columns first or reorder them. The header text decides: a grid header row naming 自然人, 法人或其他组织
and 总计 in cells of their own, and one naming the five sub-columns, give the printed order. When a
header line shows another order (自然人 after, or 总计 before, a sub-column word) but the printed order
cannot be read from whole cells (PDF text whose header cells wrap), the columns are not clear.
A header flattened onto one line (crawled text) is cut into its words first (`flat_header_cells`); the
review/litigation table's groups and columns are read from such a header by `review_order`."""

from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from service.tables.cells import LogicalRow, _pipe_cells
from service.tables.rows import clean_label, fit_values

_HEAD = "申请人情况"
_PIPE = re.compile(r"[|\t]")
TEMPLATE = "template"
# the warning for a table left out because its columns are not clear (no other reader may take it)
UNCLEAR_WARNING = ("applications: the 申请人情况 header prints the columns in another order than the template "
                   "and their order cannot be read from it; table left out")
UNCLEAR = "unclear"


def header_lines(lrows: list[LogicalRow], text: str, look_back: int = 1500) -> list[list[str]]:
    """The header's cells line by line: the lines from the last 申请人情况 before the table's first row
    with numbers (within `look_back` characters; the table's region may start at that row) up to it.
    `text` is the normalised document text the rows' offsets index."""
    first = next((r for r in lrows if any(c.kind == "num" for c in r.values)), None)
    if first is None or not text:
        return []
    end = text.rfind("\n", 0, first.start) + 1
    at = text.rfind(_HEAD, max(0, end - look_back), end)
    if at < 0:
        return []
    lines = text[text.rfind("\n", 0, at) + 1:end].split("\n")
    return [[c.strip() for c in (_PIPE.split(line) if "|" in line or "\t" in line else line.split())] for line in lines]


def flat_header_cells(text: str, words: Iterable[str]) -> list[str]:
    """The header words printed in `text`, in order, for a header flattened onto one line without cell
    separators (`申请人情况自然人法人或其他组织总计商业企业…`): the longest word at each place (法人或其他组织
    before 其他); whitespace may fall inside a word (`商业 企业`), other characters are skipped."""
    ordered = sorted(set(words), key=len, reverse=True)
    pattern = re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in ordered))
    return [re.sub(r"\s+", "", m.group()) for m in pattern.finditer(text)]


def names_every_column(cells: list[str], cfg: dict) -> bool:
    """The header cells name each 申请人情况 column once (自然人, the five sub-columns, 总计)."""
    words = [w for k, w in cfg["top"].items() if k != "legal"] + list(cfg["legal"].values())
    return all(cells.count(w) == 1 for w in words)


def _unglued_cells(cell: str, words: list[str]) -> list[str]:
    """A header cell holding several header words glued together, as those words; else the cell."""
    found = flat_header_cells(cell, words)
    return found if len(found) > 1 else [cell]


def printed_order(headers: list[list[str]], columns: list[str], cfg: dict) -> tuple[str, Optional[list[str]]]:
    """(TEMPLATE, None) | ("printed", the column keys in printed order) | (UNCLEAR, None)."""
    top, legal = cfg["top"], cfg["legal"]
    top_order = legal_order = None
    suspect = False
    leaves = {**{k: w for k, w in top.items() if k != "legal"}, **legal}
    words = [*top.values(), *legal.values()]
    for cells in headers:
        # header cells glued together in one cell (a crawled page: `申请人情况自然人法人或其他组织总计商业企业…`)
        cells = [w for c in cells for w in _unglued_cells(c, words)]
        # one header row naming the seven columns themselves, without the 法人或其他组织 group
        found = [k for c in cells for k, w in leaves.items() if c == w]
        if top["legal"] not in cells and sorted(found) == sorted(columns):
            return (TEMPLATE, None) if found == columns else ("printed", found)
        found = [k for c in cells for k, w in top.items() if c == w]
        if sorted(found) == sorted(top):
            top_order = found
        found = [k for c in cells for k, w in legal.items() if c == w]
        if sorted(found) == sorted(legal):
            legal_order = found
        text = "|".join(cells)
        subs = [text.find(w) for w in cfg["prefixes"] if w in text]
        if subs and (("自然人" in text and text.find(top["natural_person"]) > min(subs))
                     or (top["total"] in text and text.find(top["total"]) < max(subs))):
            suspect = True
    if top_order and legal_order:
        order = [k for t in top_order for k in (legal_order if t == "legal" else [t])]
        return (TEMPLATE, None) if order == columns else ("printed", order)
    if suspect or (top_order and top_order != ["natural_person", "legal", "total"]) or (
            legal_order and legal_order != [k for k in columns if k in legal]):
        return UNCLEAR, None
    return TEMPLATE, None


def review_order(cells: list[str], groups: list[str], columns: list[str], cfg: dict) -> tuple[str, Optional[list[tuple[str, str]]]]:
    """The review/litigation table's value places in printed order, (group, column) each, read from its header
    words (`flat_header_cells`): 行政复议 / 行政诉讼 and 未经复议直接起诉 / 复议后起诉 give the order of the groups
    (the last 行政复议 and 行政诉讼 before the columns: the section heading names them too), and the column
    words (结果维持 … 总计, printed once or once per group) the order of the columns, the same in every group.
    (TEMPLATE, None) when the header gives the template's order, ("printed", places) for another order,
    (UNCLEAR, None) when no column words are printed or they do not name the five columns once per group."""
    col_words = {w: k for k, w in cfg["columns"].items()}
    names = {w: k for part in ("top", "litigation") for k, w in cfg[part].items()}
    keys = [col_words.get(c) or names.get(c) for c in cells]
    first_col = next((i for i, k in enumerate(keys) if k in columns), None)
    if first_col is None:
        return UNCLEAR, None
    chunk = [k for k in keys if k in columns]
    n = len(columns)
    chunks = [chunk[i:i + n] for i in range(0, len(chunk), n)]
    if len(chunk) % n or len(chunks) > len(groups) or any(sorted(c) != sorted(columns) or c != chunks[0] for c in chunks):
        return UNCLEAR, None
    last = {k: i for i, k in enumerate(keys[:first_col]) if k in cfg["top"]}
    review_first = not ("review" in last and "litigation" in last and last["litigation"] < last["review"])
    subs = [k for k in dict.fromkeys(keys) if k in cfg["litigation"]]
    litigation = subs if len(subs) == len(cfg["litigation"]) else [g for g in groups if g in cfg["litigation"]]
    order = ["review", *litigation] if review_first else [*litigation, "review"]
    places = [(g, c) for g in order for c in chunks[0]]
    return (TEMPLATE, None) if places == [(g, c) for g in groups for c in columns] else ("printed", places)


def grid_value_positions(lrows: list[LogicalRow], text: str, cfg: dict, look_back: int = 1500) -> Optional[tuple[int, list[int]]]:
    """(grid width, the grid column positions of the 申请人情况 columns) when the header is a grid (HTML, DOCX,
    a ruled PDF table: each line one grid row, `|`-separated, every header line of the same width) that
    names each of the seven columns once in a cell of its own; else None. In such a grid a label merged
    over two columns prints an empty cell (`（一）予以公开 |  | 4 | … | 0 | `), which the positions tell
    from a blank value."""
    grid = _grid_header(lrows, text, cfg, look_back)
    return None if grid is None else grid[:2]


def grid_subtotal_positions(lrows: list[LogicalRow], text: str, cfg: dict, look_back: int = 1500) -> list[int]:
    """The grid column positions of a column some reports add to that header (the 法人或其他组织 columns' 小计,
    `cfg["subtotals"]`): its numbers are no column of the record, and `place_by_grid` passes over them."""
    grid = _grid_header(lrows, text, cfg, look_back)
    return [] if grid is None else grid[2]


def _grid_header(lrows: list[LogicalRow], text: str, cfg: dict, look_back: int) -> Optional[tuple[int, list[int], list[int]]]:
    """(width, the seven columns' positions, the subtotal columns' positions) of a grid header, or None."""
    first = next((r for r in lrows if r.layout == "pipe" and any(c.kind == "num" for c in r.values)), None)
    if first is None or not text:
        return None
    end = text.rfind("\n", 0, first.start) + 1
    at = text.rfind(_HEAD, max(0, end - look_back), end)
    if at < 0:
        return None
    leaves = [w for k, w in cfg["top"].items() if k != "legal"] + list(cfg["legal"].values())
    pos: dict[str, int] = {}
    subtotals: set[int] = set()
    width = None
    for line in text[text.rfind("\n", 0, at) + 1:end].split("\n"):
        cells = [c.strip() for c in _PIPE.split(line)]
        if len(cells) < 2:
            continue
        if width not in (None, len(cells)):
            return None
        width = len(cells)
        for i, c in enumerate(cells):
            if c in cfg.get("subtotals", ()):
                subtotals.add(i)
            if c in leaves:
                if c in pos:
                    return None
                pos[c] = i
    if width is None or len(pos) != len(leaves):
        return None
    return width, sorted(pos.values()), sorted(subtotals - set(pos.values()))


def place_by_grid(lrows: list[LogicalRow], text: str, grid: Optional[tuple[int, list[int]]],
                  skip: Sequence[int] = ()) -> list[LogicalRow]:
    """The rows with each grid line's value cells taken at the header's column positions (`grid_value_positions`):
    a row on one line of the header's width whose numbers all stand at those positions (or at the `skip` positions
    of an added 小计 column, passed over). Other rows are kept
    as they are (their cells are fitted to the columns as in any layout)."""
    if grid is None:
        return lrows
    width, positions = grid
    out = []
    for r in lrows:
        if r.layout != "pipe" or not r.values:
            out.append(r)
            continue
        ls = text.rfind("\n", 0, r.values[0].start) + 1
        le = text.find("\n", ls)
        le = len(text) if le < 0 else le
        cells = r.label + r.values
        if any(c.start < ls or c.end > le for c in cells) or len(_PIPE.split(text[ls:le])) != width:
            out.append(r)
            continue
        at = {len(_PIPE.findall(text, ls, c.start)): c for c in r.values}
        if any(p not in at for p in positions) or any(
                c.kind == "num" for i, c in at.items() if i not in positions and i not in skip):
            out.append(r)
            continue
        out.append(LogicalRow(label=r.label, values=[at[p] for p in positions], layout=r.layout))
    return out


def place_by_header_line(lrows: list[LogicalRow], text: str, header_words: Sequence[str]) -> list[LogicalRow]:
    """The rows with each grid line's value cells taken at the positions of the column headings above it: for a row
    on one grid line (HTML, DOCX, a ruled PDF, `|`/tab text), the nearest line above it in the same grid without
    numbers, of the same width, that names a column heading (`header_words`) right of the row's label gives the
    positions (its cells right of the label). In a grid whose label column is two columns wide (a section column
    beside the item labels, `规章` spanning both) a row prints a gap after its label, and a blank last value beside
    it left to `fit_values` was trimmed as stray and the gap read as the first value (`规章 |  | 1 | 0 | `). A row
    is kept as it is unless all its numbers stand at those positions."""
    words = [clean_label(w) for w in header_words]
    out = []
    for r in lrows:
        if r.layout != "pipe" or not r.label or not any(c.kind == "num" for c in r.values):
            out.append(r)
            continue
        ls = text.rfind("\n", 0, r.values[0].start) + 1
        le = text.find("\n", ls)
        le = len(text) if le < 0 else le
        if any(c.start < ls or c.end > le for c in r.label + r.values):
            out.append(r)
            continue
        at = {len(_PIPE.findall(text, ls, c.start)): c for c in r.label + r.values}
        width = len(_PIPE.split(text[ls:le]))
        label_at = max(i for i, c in at.items() if c in r.label)
        positions = _heading_positions(text, ls, width, label_at, words)
        if not positions or any(c.kind == "num" for i, c in at.items() if i not in positions) \
                or any(p not in at for p in positions):
            out.append(r)
            continue
        values = [at[p] for p in positions]
        fitted = fit_values(r.values, len(values))
        # (a row the usual fitting reads the same way is kept as it is, its trailing cells with it)
        same = fitted is not None and [id(c) for c in fitted] == [id(c) for c in values]
        out.append(r if same else LogicalRow(label=r.label, values=values, layout=r.layout))
    return out


def _heading_positions(text: str, line_start: int, width: int, label_at: int, words: list[str]) -> list[int]:
    """Positions right of `label_at` of the column headings on the nearest grid line above `line_start` without
    numbers, of `width` cells, naming a heading word there; [] when the grid above has none."""
    end = line_start
    while end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start:end - 1]
        if not _PIPE.search(line):
            return []
        cells = _pipe_cells(line, 0)
        if len(_PIPE.split(line)) == width and not any(c.kind == "num" for c in cells):
            parts = [p.strip() for p in _PIPE.split(line)]
            right = [i for i in range(label_at + 1, width) if parts[i]]
            if right and any(w in clean_label(parts[i]) for i in right for w in words):
                return right
        end = start
    return []
