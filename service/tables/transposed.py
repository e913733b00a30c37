"""收到和处理政府信息公开申请情况 printed transposed: the applicant types (自然人 … 总计) as rows and the template's
rows (一、本年新收… … 四、结转下年度继续办理) as columns, as some sites and Excel exports print it.

Read only when it is unambiguous, in a grid (`|`/tab lines of one width: HTML, DOCX, text tables): the header lines
above the first value line name, column by column (a column's header cells stacked, the most specific last, as a
row's label cells are matched), every row of one template once, and the value lines are labelled with each of the
seven applicant columns once. Anything else that looks transposed (a line labelled 自然人 or 总计 holding more numbers
than the table has columns: PDF text, a header not naming every row) is left out with a warning that says so, never
read into the wrong cells."""

from __future__ import annotations

import re
from typing import Optional

from service.record import Table
from service.tables.cells import Cell, LogicalRow, _pipe_cells, classify, is_footer
from service.tables.rows import RowSpec, clean_label, match_label, to_number

TRANSPOSED = "looks transposed"
WARNING = ("applications: the table " + TRANSPOSED + " (applicant types 自然人 … 总计 as rows, the template's rows as "
           "columns) and cannot be read unambiguously; table left out")
_GRID = re.compile(r"[|\t]")
_LEGAL = "法人或其他组织"


def _applicant(label: str, words: dict[str, str]) -> Optional[str]:
    """The applicant column a row label names (`法人或其他组织（商业企业）`, `法人或其他组织 | 科研机构`, `自然人`)."""
    t = clean_label(label).replace(_LEGAL, "")
    for key, w in sorted(words.items(), key=lambda kv: -len(kv[1])):
        if clean_label(w) in t:
            return key
    return None


def _count_numbers(cells: list[Cell]) -> int:
    return sum(1 for c in cells if c.kind == "num")


_NUM_TOKEN = re.compile(r"[\d,.\-]+")


def looks_transposed(text: str, start: int, end: int, words: dict[str, str], ncols: int) -> bool:
    """A line of the region labelled 自然人 or 总计 alone and holding more numbers than the table has columns (and
    the two a 小计 column may add): the applicant types are its rows."""
    own = {clean_label(words["natural_person"]), clean_label(words["total"])}
    for line in text[start:end].split("\n"):
        toks = [t for t in re.split(r"[\s|]+", line) if t]
        lead = next((i for i, t in enumerate(toks) if _NUM_TOKEN.fullmatch(t)), len(toks))
        if lead and clean_label("".join(toks[:lead])) in own \
                and sum(1 for t in toks[lead:] if _NUM_TOKEN.fullmatch(t)) > ncols + 2:
            return True
    return False


def _content_lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The non-empty lines of text[start:end] that are no page footer, with their offsets."""
    lines: list[tuple[int, str]] = []
    pos = start
    for line in text[start:end].split("\n"):
        if line.strip() and not is_footer(line):
            lines.append((pos, line))
        pos += len(line) + 1
    return lines


def read_transposed(text: str, start: int, end: int, specs: list[RowSpec], template_keys: dict[str, list[str]],
                    words: dict[str, str], columns: list[str], fuzzy: float, warnings: list[str]) -> Optional[Table]:
    """The table read from a transposed grid in text[start:end], or None when it is not one that can be read
    unambiguously (`template_keys`: each template's row keys, one of which the header must name exactly)."""
    lines = _content_lines(text, start, end)
    grid = [(off, _pipe_cells(line, off)) for off, line in lines if _GRID.search(line)]
    # the value lines: a label naming an applicant type, then numbers
    first = next((i for i, (_o, cells) in enumerate(grid)
                  if _count_numbers(cells) > len(columns) and any(c.kind == "text" for c in cells[:2])), None)
    if first is None:
        return None
    width = len(grid[first][1])
    # the header: the grid lines of the same width right above the first value line
    top = first
    while top > 0 and len(grid[top - 1][1]) == width:
        top -= 1
    head = [cells for _o, cells in grid[top:first]]
    body = [cells for _o, cells in grid[first:] if len(cells) == width]
    if not head:
        return None
    return _read_grid(head, body, specs, template_keys, words, columns, fuzzy, warnings)


def _read_grid(head: list[list[Cell]], body: list[list[Cell]], specs: list[RowSpec], template_keys: dict[str, list[str]],
               words: dict[str, str], columns: list[str], fuzzy: float, warnings: list[str]) -> Optional[Table]:
    """The table from a transposed grid's header lines and value lines (each a list of cells of one width)."""
    width = len(head[0])
    # each column's header cells, stacked top to bottom
    by_key: dict[str, int] = {}
    for j in range(width):
        stack = [h[j] for h in head if h[j].text]
        if not stack:
            continue
        spec = match_label(LogicalRow(label=stack, values=[], layout="pipe"), specs, fuzzy)
        if spec is None:
            continue
        if spec.key in by_key:
            return None  # a row named by two columns
        by_key[spec.key] = j
    keys = next((ks for ks in template_keys.values() if set(by_key) == set(ks)), None)
    if keys is None:
        return None
    label_end = min(by_key.values())
    rows: dict[str, list[Cell]] = {}
    cells_at: dict[str, dict[str, Cell]] = {k: {} for k in keys}
    for cells in body:
        label = "".join(c.text for c in cells[:label_end])
        if any(c.kind == "num" for c in cells[:label_end]):
            return None
        if any(w in clean_label(label) for w in ("小计", "合计")):
            continue  # an added subtotal row: no column of the record
        col = _applicant(label, words)
        if col is None or col in rows:
            return None
        if any(c.kind == "text" for c in (cells[j] for j in by_key.values())):
            return None
        rows[col] = cells
        for k in keys:
            cells_at[k][col] = cells[by_key[k]]
    if sorted(rows) != sorted(columns):
        return None
    out = {}
    for k in keys:
        out[k] = {col: to_number(cells_at[k][col], money=False) for col in columns}
        warnings.extend(f"applications: blank cell at {k}.{col} (counted as 0 in checks)" for col in columns if out[k][col] is None)
    warnings.append("applications: the table is printed transposed (applicant types as rows); read by its header, each "
                    "row of the template named by one column")
    all_cells = [c for cs in body for c in cs if c.text]
    return Table(rows=out, start=min(c.start for c in all_cells), end=max(c.end for c in all_cells))


_TOKEN = re.compile(r"\S+")


def read_transposed_space(text: str, start: int, end: int, specs: list[RowSpec], template_keys: dict[str, list[str]],
                          words: dict[str, str], columns: list[str], fuzzy: float, warnings: list[str]) -> Optional[Table]:
    """The table read from a transposed table in whitespace-aligned PDF text, when its columns are clearly aligned:
    every value line (an applicant type, then its numbers) holds as many numbers, the k-th numbers of all the lines
    stand in one band of character positions apart from the others', and each token of the header lines right above
    the first value line lies within one column (its middle in the column, touching no other column's numbers). The
    lines are then read as the grid `read_transposed` reads; else None (a number missing from a line — a blank
    cell PDF text drops — or a header word across two columns: which column is which is not clear)."""
    lines = _content_lines(text, start, end)
    parsed = []  # (offset, tokens as (start, end, text)), per line
    for off, line in lines:
        parsed.append((off, [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(line)]))
    value_at: dict[int, int] = {}  # line index -> index of its first number token
    for i, (_off, toks) in enumerate(parsed):
        lead = next((k for k, t in enumerate(toks) if _NUM_TOKEN.fullmatch(t[2])), len(toks))
        if lead and _applicant("".join(t[2] for t in toks[:lead]), words) and len(toks) - lead > len(columns) \
                and all(_NUM_TOKEN.fullmatch(t[2]) for t in toks[lead:]):
            value_at[i] = lead
    if not value_at:
        return None
    first = min(value_at)
    counts = {len(parsed[i][1]) - lead for i, lead in value_at.items()}
    if len(counts) != 1:
        return None
    m = counts.pop()
    bands = []
    for k in range(m):
        spans = [parsed[i][1][lead + k][:2] for i, lead in value_at.items()]
        bands.append((min(a for a, _b in spans), max(b for _a, b in spans)))
    label_end = max(parsed[i][1][lead - 1][1] for i, lead in value_at.items())
    if bands[0][0] <= label_end or any(bands[k][1] >= bands[k + 1][0] for k in range(m - 1)):
        return None
    cuts = [(label_end + bands[0][0]) / 2] + [(bands[k][1] + bands[k + 1][0]) / 2 for k in range(m - 1)] + [float("inf")]

    def column(a: int, b: int) -> Optional[int]:
        """The grid column of a token at [a, b): 0 the label column, k + 1 the k-th band; None across two."""
        mid = (a + b) / 2
        j = next(k for k, c in enumerate(cuts) if mid < c)
        if any(a < hi and b > lo for k, (lo, hi) in enumerate(bands) if k + 1 != j):
            return None
        return j

    head: list[list[Cell]] = []
    i = first - 1
    while i >= 0 and i not in value_at:
        off, toks = parsed[i]
        cols: dict[int, list[tuple[int, int, str]]] = {}
        for t in toks:
            j = column(t[0], t[1])
            if j is None:
                break
            cols.setdefault(j, []).append(t)
        else:
            if set(cols) == {0}:
                break  # a line of the label column alone (申请人情况) ends the header
            head.insert(0, [_joined_cell(cols.get(j, []), off) for j in range(m + 1)])
            i -= 1
            continue
        break  # a token across two columns: a line above the header (the section title, a note)
    if not head:
        return None
    body = []
    for i in sorted(value_at):
        off, toks = parsed[i]
        lead = value_at[i]
        body.append([_joined_cell(toks[:lead], off)] + [classify(t[2], off + t[0], off + t[1]) for t in toks[lead:]])
    return _read_grid(head, body, specs, template_keys, words, columns, fuzzy, warnings)


def _joined_cell(toks: list[tuple[int, int, str]], off: int) -> Cell:
    if not toks:
        return Cell("blank", "", off, off)
    return Cell("text", "".join(t[2] for t in toks), off + toks[0][0], off + toks[-1][1])
