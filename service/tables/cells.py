"""Cut a table region of the normalised text into logical rows: a label (text cells) and the values
(number or blank cells) that follow it, with offsets.

One reader for every text layout we meet:
- `pipe`: one row per line with `|` (or tab) separators (seed 004, HTML/DOCX/PDF grids rendered by ingest);
- `stream`: one cell per line, each line ending in `|` (reports saved from web pages): the row label,
  then each value on its own line; a blank cell is a line holding only ` |`;
- `space`: whitespace-aligned PDF text, where a row label may wrap and its numbers sit on the line
  before or after it (paired later by `rows.py`).
Written here because no library parses these half-structured text tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Optional

# a numeric cell: optional sign, digits (thousands separators allowed), decimals, optional money unit
NUM_RE = re.compile(r"^([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|元|万|件|个|项|条)?$")
# cells printed as a dash or 无 count as blank
BLANK_TEXT = {"", "-", "—", "——", "–", "/", "／", "无", "*"}
_SPLIT = re.compile(r"[|\t]")


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


def classify(text: str, start: int, end: int) -> Cell:
    t = text.strip()
    if t in BLANK_TEXT:
        return Cell("blank", t, start, end)
    m = NUM_RE.match(t)
    if m:
        sign, digits, frac, unit = m.groups()
        try:
            v = Decimal(digits.replace(",", "") + (frac or ""))
        except InvalidOperation:  # pragma: no cover - the regex only admits valid numbers
            return Cell("text", t, start, end)
        if sign in ("-", "−"):
            v = -v
        return Cell("num", t, start, end, value=v, unit=unit)
    return Cell("text", t, start, end)


def _pipe_cells(line: str, offset: int) -> list[Cell]:
    pieces = []
    pos = 0
    for m in _SPLIT.finditer(line):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(line)))
    stripped = line.strip()
    # a line ending in `|` closes its last cell; a line starting with `|` opens its first
    if stripped.endswith("|") and pieces and not line[pieces[-1][0]:pieces[-1][1]].strip():
        pieces.pop()
    if stripped.startswith("|") and pieces and not line[pieces[0][0]:pieces[0][1]].strip():
        pieces.pop(0)
    cells = []
    for s, e in pieces:
        raw = line[s:e]
        lead = len(raw) - len(raw.lstrip())
        t = raw.strip()
        cs = offset + s + lead
        cells.append(classify(t, cs, cs + len(t)))
    return cells


def _rows_from_cells(cells: list[Cell], layout: str) -> list[LogicalRow]:
    """Split a run of cells into rows: a new row starts at a text cell that follows values."""
    rows: list[LogicalRow] = []
    cur = LogicalRow(layout=layout)
    for c in cells:
        if c.kind == "text":
            if cur.values:
                rows.append(cur)
                cur = LogicalRow(layout=layout)
            cur.label.append(c)
        else:
            if c.kind == "blank" and not cur.label and not cur.values:
                continue  # stray empty cells between rows
            cur.values.append(c)
    if cur.label or cur.values:
        rows.append(cur)
    return rows


def logical_rows(text: str, start: int, end: int) -> list[LogicalRow]:
    """All logical rows of the region text[start:end]."""
    out: list[LogicalRow] = []
    stream: list[Cell] = []

    def flush() -> None:
        if stream:
            out.extend(_rows_from_cells(stream, "stream"))
            stream.clear()

    pos = start
    region = text[start:end]
    for line in region.split("\n"):
        off = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        if "|" in line or "\t" in line.strip():
            cells = _pipe_cells(line, off)
            if len(cells) <= 1 and line.rstrip().endswith("|"):
                stream.extend(cells if cells else [Cell("blank", "", off, off)])
                continue
            flush()
            out.extend(_rows_from_cells(cells, "pipe"))
        else:
            flush()
            cells = [classify(m.group(), off + m.start(), off + m.end()) for m in re.finditer(r"\S+", line)]
            out.extend(_rows_from_cells(cells, "space"))
    flush()
    return out
