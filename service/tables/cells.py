"""Cut a table region of the normalised text into logical rows: a label (text cells) and the values
(number or blank cells) that follow it, with offsets.

One reader for every text layout we meet:
- `pipe`: one row per line with `|` (or tab) separators (seed 004, HTML/DOCX/PDF grids rendered by ingest);
- `stream`: one cell per line, each line ending in `|` (reports saved from web pages): the row label,
  then each value on its own line; a blank cell is a line holding only ` |`; a cell whose text is
  broken over lines (`本年新` / `制作数量 |`) is read as text cells of the same row;
- `space`: whitespace-aligned PDF text, where a row label may wrap and its numbers sit on the line
  before or after it (paired later by `rows.py`); page footers (`- 3 -`, `第3页`) are dropped and a
  unit printed apart from its number (`278.334 万元`) rejoins it.
Written here because no library parses these half-structured text tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Optional

from service.tables.glued import glued_number

# a numeric cell: optional sign, digits (thousands separators allowed: `1,234`, and the space or
# no-break space Word/WPS put between digit groups, `1 234` — one cell's text, never two cells), decimals,
# optional money unit. The 2019 template's 本年增/减 is also printed in words: `增加2` (+2), `减少3` / `减3` (-3)
NUM_RE = re.compile(r"^([+\-−]|增加|减少|增|减)?(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(\.\d+)?\s*(万元|元|万|件|个|项|条)?$")
# zero typed as the Chinese numeral 〇 (or the look-alike circle ○), which NFKC leaves as it is
_ZERO_TEXT = {"〇", "○"}
# cells printed as a dash or 无 count as blank
BLANK_TEXT = {"", "-", "—", "——", "–", "/", "／", "无", "*"}
_DASH_MARKS = {"-", "—", "——", "–", "/", "／"}


@dataclass
class Cell:
    kind: str  # "text" | "num" | "blank"
    text: str
    start: int
    end: int
    value: Optional[Decimal] = None
    unit: Optional[str] = None


@dataclass
class LogicalRow:
    label: list[Cell] = field(default_factory=list)
    values: list[Cell] = field(default_factory=list)
    layout: str = "pipe"  # pipe | stream | space

    @property
    def start(self) -> int:
        cells = self.label + self.values
        return min(c.start for c in cells) if cells else 0

    @property
    def end(self) -> int:
        cells = self.label + self.values
        return max(c.end for c in cells) if cells else 0

    @property
    def label_text(self) -> str:
        return "".join(c.text for c in self.label)


@lru_cache(maxsize=65536)
def _kind(t: str) -> tuple[str, Optional[Decimal], Optional[str]]:
    if t in BLANK_TEXT:
        return "blank", None, None
    if t in _ZERO_TEXT:
        return "num", Decimal(0), None
    m = NUM_RE.match(t)
    if m:
        sign, digits, frac, unit = m.groups()
        try:
            v = Decimal(re.sub(r"[, \u00a0\u202f]", "", digits) + (frac or ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits valid numbers
            return "text", None, None
        if sign in ("-", "−", "减少", "减"):
            v = -v
        return "num", v, unit
    return "text", None, None


def classify(text: str, start: int, end: int) -> Cell:
    t = text.strip()
    kind, value, unit = _kind(t)
    return Cell(kind, t, start, end, value=value, unit=unit)


def _pipe_cells(line: str, offset: int) -> list[Cell]:
    parts = line.replace("\t", "|").split("|")  # (each separator is one character: offsets are kept)
    first, last = 0, len(parts)
    stripped = line.strip()
    # a line ending in `|` closes its last cell; a line starting with `|` opens its first
    # (`| a | b |`); `a | b | ` with a trailing space is a grid whose last cell is empty (HTML reader),
    # and ` | 1 | 2` with a leading space one whose first cell is empty (行政复议 结果维持 left blank)
    if line.rstrip("\r\n").endswith("|") and not parts[-1].strip():
        last -= 1
    if stripped.startswith("|") and first < last and not parts[0].strip("\ufeff"):
        first = 1
    cells = []
    pos = offset + (len(parts[0]) + 1 if first else 0)
    for raw in parts[first:last]:
        t = raw.strip()
        cs = pos + len(raw) - len(raw.lstrip())
        kind, value, unit = _kind(t)  # (classify, without stripping the stripped text again)
        cells.append(Cell(kind, t, cs, cs + len(t), value=value, unit=unit))
        pos += len(raw) + 1
    return cells


def _rows_from_cells(cells: list[Cell], layout: str) -> list[LogicalRow]:
    """Split a run of cells into rows: a new row starts at a text cell that follows values.

    Empty cells before a row's first label or number are stray (between rows of the stream layout,
    before a label cell of a grid line), except where a number follows them on the same line: there
    they are the line's own first cells (` | 1 | 0 |`, `-  1  0`: the first column left blank), and on a
    grid line that prints only blank marks (`无 | 无 | 无`)."""
    rows: list[LogicalRow] = []
    cur = LogicalRow(layout=layout)
    # a grid line of printed blank marks only (`无 | 无 | 无 …`: a label-less row filled in with 无) is a row
    marks_only = all(c.kind == "blank" for c in cells) and sum(1 for c in cells if c.text) >= 2
    # a line of text holding one dash alone (`-`, `—`, `/`): a blank cell of a table written one value per line
    marks_only = marks_only or (layout == "space" and len(cells) == 1 and cells[0].text in _DASH_MARKS)
    number_follows = _numbers_follow(cells)
    for i, c in enumerate(cells):
        if c.kind == "text":
            if cur.values:
                rows.append(cur)
                cur = LogicalRow(layout=layout)
            cur.label.append(c)
        else:
            if c.kind == "blank" and not cur.label and not cur.values and not (
                    layout != "stream" and (number_follows[i] or marks_only)):
                continue  # stray empty cells between rows
            cur.values.append(c)
    if cur.label or cur.values:
        rows.append(cur)
    return rows


def _numbers_follow(cells: list[Cell]) -> list[bool]:
    """For each cell i: a number follows it before the next text cell (on one line of a grid or PDF text: the same
    row). One pass from the right: a scan per cell is quadratic on a line of thousands of empty cells."""
    out = [False] * len(cells)
    follows = False
    for i in range(len(cells) - 1, -1, -1):
        out[i] = follows
        if cells[i].kind != "blank":
            follows = cells[i].kind == "num"
    return out


# page furniture that PDF text layers print inside a table: "- 3 -", "— 3 —", "第 3 页", "3 / 12"
FOOTER_RE = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$")
# a unit printed as its own token after a number in PDF text ("278.334 万元")
_UNIT_ONLY = re.compile(r"^(万元|元)$")


def is_footer(line: str) -> bool:
    return bool(FOOTER_RE.match(line))


def _is_stream_cell(line: str) -> bool:
    """One cell closed by `|` (the stream layout): `规章 |`, ` |`."""
    s = line.strip()
    return s.endswith("|") and s.count("|") == 1 and "\t" not in s


def _space_cells(line: str, off: int) -> list[Cell]:
    cells: list[Cell] = []
    for m in re.finditer(r"\S+", line):
        s, e = m.start(), m.end()
        c = classify(line[s:e], off + s, off + e)
        cut = glued_number(c.text) if c.kind == "text" else None
        if cut is not None:
            # the previous row's last number glued to the next row's label (`0行政规范性文件`): two cells
            cells.append(classify(line[s:s + cut], off + s, off + s + cut))
            c = classify(line[s + cut:e], off + s + cut, off + e)
        if _UNIT_ONLY.match(c.text) and cells and cells[-1].kind == "num" and cells[-1].unit is None:
            prev = cells[-1]
            cells[-1] = Cell("num", line[prev.start - off:e], prev.start, off + e, value=prev.value, unit=c.text)
            continue
        cells.append(c)
    return cells


def drop_spacer_columns(grid: list[list[Cell]]) -> list[list[Cell]]:
    """The cells of a run of grid lines without the columns empty in every line: a spacer column between the
    label and the values, an empty trailing column (a Word/Excel table saved as text), as the grid readers
    drop them (`service.ingest.rows.drop_empty_columns`). Left in, such a column stands where a row's blank
    first value is, and a true blank at the row's end is dropped as stray instead (`规章 |  | 0 | 0 | `).
    Read per stretch of lines of one width (tables printed one after the other without a line between)."""
    out: list[list[Cell]] = []
    # (value-part length, positions in the value part) of the spacer columns dropped in a stretch
    dropped: set[tuple[int, tuple[int, ...]]] = set()
    i = 0
    while i < len(grid):
        j = i
        while j < len(grid) and len(grid[j]) == len(grid[i]):
            j += 1
        kept = _drop_spacers(grid[i:j])
        if kept is not grid[i:j] and kept and len(kept[0]) < len(grid[i]):
            dropped |= _value_part_drops(grid[i:j], kept)
        out.extend(kept)
        i = j
    # a line of another width (a merged label cell written once: `（五）不予处理 | 1.信访举报投诉类申请 | …`) whose
    # value part is as long as those of a stretch that dropped a spacer column, and empty at the same places there
    if dropped:
        out = [_drop_in_value_part(cells, dropped) for cells in out]
    return out


def _value_part(cells: list[Cell]) -> list[Cell]:
    """The cells after a line's last text cell (its values), for a line with numbers; else []."""
    last = max((k for k, c in enumerate(cells) if c.kind == "text"), default=-1)
    rest = cells[last + 1:]
    return rest if last >= 0 and any(c.kind == "num" for c in rest) else []


def _value_part_drops(stretch: list[list[Cell]], kept: list[list[Cell]]) -> set[tuple[int, tuple[int, ...]]]:
    """The spacer columns a stretch dropped, as (value-part length, positions in it) of its lines with values."""
    out = set()
    for cells, kcells in zip(stretch, kept):
        vals = _value_part(cells)
        if vals:
            ids = {id(c) for c in kcells}
            out.add((len(vals), tuple(k for k, c in enumerate(vals) if id(c) not in ids)))
    return out


def _drop_in_value_part(cells: list[Cell], dropped: set[tuple[int, tuple[int, ...]]]) -> list[Cell]:
    vals = _value_part(cells)
    for n, pos in dropped:
        if len(vals) == n and pos and all(not vals[k].text for k in pos):
            gone = {id(vals[k]) for k in pos}
            return [c for c in cells if id(c) not in gone]
    return cells


def _drop_spacers(grid: list[list[Cell]]) -> list[list[Cell]]:
    """One grid's spacer columns dropped: only where its lines are two or more of the same width, one of them a
    header line (text cells, no number), and only a column between the label and the values (every line with
    numbers has its label left of it). A header merged over lines of other widths (a Word table saved as text)
    leaves a real column empty in a stretch (a tab line opening with an empty cell under such a header): a column with no
    label on its left in every value line is kept."""
    width = len(grid[0]) if grid else 0
    if len(grid) < 2 or width < 3 or any(len(cells) != width for cells in grid):
        return grid
    if not any(sum(c.kind == "text" for c in cells) >= 2 and not any(c.kind == "num" for c in cells) for cells in grid):
        return grid
    valued = [cells for cells in grid if any(c.kind == "num" for c in cells)]
    keep = [j for j in range(width) if any(cells[j].text for cells in grid)
            or not valued or not all(any(c.kind == "text" for c in cells[:j]) for cells in valued)]
    if len(keep) == width:
        return grid
    return [[cells[j] for j in keep] for cells in grid]


def logical_rows(text: str, start: int, end: int) -> list[LogicalRow]:
    """All logical rows of the region text[start:end]."""
    out: list[LogicalRow] = []
    stream: list[Cell] = []
    grid: list[list[Cell]] = []  # the cells of consecutive grid lines (`a | b | c`, tabs), one list per line

    def flush() -> None:
        if grid:
            for cells in drop_spacer_columns(grid):
                out.extend(_rows_from_cells(cells, "pipe"))
            grid.clear()
        if stream:
            out.extend(_rows_from_cells(stream, "stream"))
            stream.clear()

    lines: list[tuple[int, str]] = []
    pos = start
    for line in text[start:end].split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    lines = [(o, l) for o, l in lines if l.strip() and not is_footer(l)]
    for i, (off, line) in enumerate(lines):
        if "|" in line or "\t" in line.strip(" "):
            if _is_stream_cell(line):
                if grid:
                    flush()
                cells = _pipe_cells(line, off)
                stream.extend(cells if cells else [Cell("blank", "", off, off)])
                continue
            if stream:
                flush()
            grid.append(_pipe_cells(line, off))
            continue
        # a line without `|` followed (within a few lines) by a stream cell is the first part of a
        # cell broken over lines
        after = [l for _, l in lines[i + 1:i + 4]]
        closing = next((l for l in after if "|" in l or "\t" in l.strip(" ")), "")
        if _is_stream_cell(closing):
            if grid:
                flush()
            t = line.strip()
            lead = len(line) - len(line.lstrip())
            stream.append(Cell("text", t, off + lead, off + lead + len(t)))
            continue
        flush()
        out.extend(_rows_from_cells(_space_cells(line, off), "space"))
    flush()
    return out
