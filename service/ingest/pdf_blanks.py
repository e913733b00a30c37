"""Blank cells of PDF tables ruled with horizontal lines only (three-line tables, 三线表).

Such a table is read from the text layer, where a row is its label and numbers separated by spaces:
a blank cell leaves no trace, so a row with a blank has fewer numbers than columns and cannot be
read. The words' x-positions still tell the columns: the numbers of the table's full rows (or, when
no row is full, the header cells above them) stand in columns, and each number of a short row
stands under one of them. When every number of a short row falls clearly under one column, the
missing columns are marked with a blank token (`—`, which the table layer reads as a blank cell);
when not, the line is left as it was (the table layer then leaves the row out with a warning).

Tables drawn with no rule at all (whitespace-aligned columns) are found the same way among the page's
other lines: a run of lines ending in numbers, ended by a line of running text that reaches from the
labels into the numbers' columns (or a large vertical gap), its header the lines just above it up to
such a line or a section heading.
Written here because pdfplumber's table finder needs vertical rules or guesses columns from text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# the token written for a blank cell (one of the table layer's blank cell texts)
BLANK = "—"
# a number cell as tables print it (the table layer's own reading decides its value)
_NUM = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元|万|件|个|项|条)?$")
_UNIT = {"万元", "元"}
# a cell printed as a dash or 无 (the table layer's blank cell texts): a cell in its column already
_PRINTED_BLANK = {"-", "—", "——", "–", "/", "／", "无", "*"}


@dataclass
class _Word:
    text: str
    x0: float
    x1: float

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Line:
    index: int
    top: float
    words: list[_Word]
    tail: int  # how many words at the end are cells (numbers, or printed blanks)

    @property
    def nums(self) -> list[_Word]:
        return self.words[len(self.words) - self.tail:] if self.tail else []


def mark_blank_cells(lines: list[dict], edges: list[dict], cfg: dict) -> dict[int, str]:
    """New texts for the lines (by index in `lines`, pdfplumber's `extract_text_lines` with
    chars) that are rows of a horizontally ruled or an unruled table with blank cells whose columns
    are clear."""
    out: dict[int, str] = {}
    tol = float(cfg["table_settings"]["snap_tolerance"])
    blocks = _ruled_blocks(edges, tol)
    parsed = [_line(i, l) for i, l in enumerate(lines)]
    ruled: set[int] = set()
    for x0, top, x1, bottom in blocks:
        inside = [p for p in parsed if p is not None and top - 1 <= p.top <= bottom + 1
                  and p.words[0].x0 >= x0 - 2 and p.words[-1].x1 <= x1 + 2]
        ruled.update(p.index for p in inside)
        out.update(_block(inside, cfg))
    # lines beside vertical rules belong to a grid (read by the table finder) or a frame: not ours
    verticals = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > tol]
    page_numbers = cfg.get("_page_number_res", [])
    rest = [p for p in parsed if p is not None and p.index not in ruled
            and not any(v["top"] - 1 <= p.top <= v["bottom"] + 1 for v in verticals)
            and not any(r.match(lines[p.index]["text"].strip()) for r in page_numbers)]
    out.update(_block(rest, cfg, open_table=True))
    return out


def _line(i: int, line: dict) -> Optional[_Line]:
    chars = [c for c in line.get("chars", []) if not c["text"].isspace()]
    texts = line["text"].split()
    if sum(len(t) for t in texts) != len(chars) or not texts:
        return None  # the text does not match its chars one to one: positions unknown
    words, k = [], 0
    for t in texts:
        cs = chars[k:k + len(t)]
        k += len(t)
        words.append(_Word(t, min(c["x0"] for c in cs), max(c["x1"] for c in cs)))
    # a unit printed apart from its number belongs to it ("278.334 万元")
    merged: list[_Word] = []
    for w in words:
        if w.text in _UNIT and merged and _NUM.match(merged[-1].text):
            merged[-1] = _Word(merged[-1].text + " " + w.text, merged[-1].x0, w.x1)
        else:
            merged.append(w)
    tail = 0
    while tail < len(merged) and (_NUM.match(merged[-1 - tail].text.replace(" ", ""))
                                  or merged[-1 - tail].text in _PRINTED_BLANK):
        tail += 1
    if not any(_NUM.match(w.text.replace(" ", "")) for w in merged[len(merged) - tail:]):
        tail = 0  # a row of cells has a number
    return _Line(i, float(line["top"]), merged, tail)


def _ruled_blocks(edges: list[dict], tol: float) -> list[tuple[float, float, float, float]]:
    """Spans of the page between horizontal rules of about the same extent, in a part of the page
    with no vertical rules (a ruled grid is read by the table finder)."""
    rules = sorted((e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 50), key=lambda e: e["top"])
    verticals = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > tol]
    blocks = []
    i = 0
    while i < len(rules):
        j = i
        while j + 1 < len(rules) and abs(rules[j + 1]["x0"] - rules[i]["x0"]) <= tol \
                and abs(rules[j + 1]["x1"] - rules[i]["x1"]) <= tol:
            j += 1
        if j > i:
            x0, x1, top, bottom = rules[i]["x0"], rules[i]["x1"], rules[i]["top"], rules[j]["top"]
            if not any(v["x0"] > x0 - tol and v["x0"] < x1 + tol and v["top"] < bottom and v["bottom"] > top
                       for v in verticals):
                blocks.append((x0, top, x1, bottom))
        i = j + 1
    return blocks


def _block(lines: list[_Line], cfg: dict, open_table: bool = False) -> dict[int, str]:
    """Cut the block's lines into runs of rows under one header: a line without numbers that has a
    word right of the run's labels (where the numbers stand) starts a new header; other lines
    without numbers are parts of wrapped labels. Among a page's unruled lines (`open_table`) a run also
    ends at a line of running text (see `_ends_table`); such a line is no row."""
    out: dict[int, str] = {}
    run: list[_Line] = []
    header: list[_Line] = []
    pending: list[_Line] = []
    for l in lines:
        if open_table and run and _ends_table(l, run, pending):
            out.update(_run(run, header, _region(run), cfg, open_table))
            run, header, pending = [], [], []
            if l.tail:
                continue
        if not l.tail:
            pending.append(l)
            continue
        region = _region(run)
        if not run or any(w.x0 >= region for p in pending for w in p.words) or \
                (open_table and any(_across(r, [l]) for r in run)):
            if run:
                out.update(_run(run, header, region, cfg, open_table))
            run, header = [], pending
        run.append(l)
        pending = []
    if run:
        out.update(_run(run, header, _region(run), cfg, open_table))
    return out


_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}\s*[、.．]")


def _across(l: _Line, run: list[_Line]) -> bool:
    """A word of the line (other than its numbers) starts left of the run's number columns (left of
    its labels' right end; without labels, of its first number) and reaches past the first of them:
    running text, not a table's label or header cell."""
    x = min(r.nums[0].x0 for r in run)
    step = _step(run)
    labels = _region(run)
    left = labels if labels > float("-inf") else x
    return any(w.x0 < left - 2 and w.x1 > x + step for w in l.words[:len(l.words) - l.tail])


def _step(run: list[_Line]) -> float:
    """The column spacing: the smallest distance between neighbouring numbers of a row (a blank cell
    between two numbers doubles their distance)."""
    mids = [[w.mid for w in r.nums] for r in run if r.tail >= 2]
    gaps = [b - a for m in mids for a, b in zip(m, m[1:])]
    return max(min(gaps), 1.0) if gaps else 20.0


def _is_heading(l: _Line) -> bool:
    return bool(_HEADING.match("".join(w.text for w in l.words)))


def _ends_table(l: _Line, run: list[_Line], pending: list[_Line]) -> bool:
    """Running text after a table's rows: it reaches across the rows' number columns, its numbers
    follow text standing among those columns, it is a section heading, or it stands far below the lines
    before it (more than three times their spacing)."""
    if _across(l, run) or (not l.tail and _is_heading(l)):
        return True
    first = min(r.nums[0].x0 for r in run)
    if l.tail and any(w.x1 > first + 2 for w in l.words[:len(l.words) - l.tail]):
        return True
    tops = [x.top for x in run + pending]
    gaps = sorted(b - a for a, b in zip(tops, tops[1:]))
    step = gaps[len(gaps) // 2] if gaps else 20.0
    return l.top - tops[-1] > 3 * max(step, 10.0)


def _own_header(header: list[_Line], run: list[_Line]) -> list[_Line]:
    """The header lines of an unruled table: the lines just above its rows, up to running text, a
    section heading, or a line with a word right of the labels that stands more than a column away from
    every number of the rows (a header cell stands over its column, next to its neighbours' numbers)."""
    region, tol = _region(run), _step(run)
    spans = [(w.x0, w.x1) for r in run for w in r.nums]

    def header_line(l: _Line) -> bool:
        return not _across(l, run) and not _is_heading(l) and all(
            any(w.x0 < b + tol and w.x1 > a - tol for a, b in spans) for w in l.words if w.x0 >= region)
    k = len(header)
    while k > 0 and header_line(header[k - 1]):
        k -= 1
    return header[k:]


def _region(run: list[_Line]) -> float:
    """Where the run's number columns start: right of its row labels."""
    labels = [w.x1 for l in run for w in l.words[:len(l.words) - l.tail]]
    return max(labels) if labels else float("-inf")


def _header_columns(header: list[_Line], region: float) -> list[tuple[float, float]]:
    """Header cells over the number columns, from the line nearest the rows upwards: a word over one
    column widens it, a word over several (a heading spanning columns) is skipped, a word over none
    is a column of its own."""
    cols: list[list[float]] = []
    for l in reversed(header):
        for w in l.words:
            if w.x0 < region:
                continue
            over = [c for c in cols if w.x0 < c[1] and w.x1 > c[0]]
            if len(over) == 1:
                over[0][0], over[0][1] = min(over[0][0], w.x0), max(over[0][1], w.x1)
            elif not over:
                cols.append([w.x0, w.x1])
    cols.sort()
    if any(a[1] > b[0] for a, b in zip(cols, cols[1:])):
        return []
    return [(a, b) for a, b in cols]


def _run(run: list[_Line], header: list[_Line], region: float, cfg: dict, open_table: bool = False) -> dict[int, str]:
    if open_table:
        header = _own_header(header, run)
    n = max(l.tail for l in run)
    short = [l for l in run if l.tail < n] if n else []
    heads = _header_columns(header, region)
    anchors: Optional[dict[str, list[float]]] = None
    if heads and len(heads) > n:
        # no full row: the header cells tell the columns (numbers centred or aligned under them)
        mids = [(a + b) / 2 for a, b in heads]
        anchors = {"mid": mids, "right": mids}
        # numbers stand under their header at one offset for the row (found from two numbers at least)
        short, shift = [l for l in run if l.tail >= 2], cfg["blank_cell_max_shift"]
    elif short and (not heads or len(heads) == n):
        full = [l for l in run if l.tail == n]
        if open_table and not heads and len(full) < 2:
            return {}  # without rules or header, one line of numbers does not make columns (an address block)
        anchors = {"mid": [_mean(l.nums[j].mid for l in full) for j in range(n)],
                   "right": [_mean(l.nums[j].x1 for l in full) for j in range(n)]}
        shift = cfg["blank_cell_tolerance"]  # the full rows show where the numbers stand
    if anchors is None or len(anchors["mid"]) < 2:
        return {}
    placed = {}
    for l in short:
        cols = _assign(l.nums, anchors, cfg["blank_cell_tolerance"], shift)
        if cols is not None:
            placed[l.index] = (l, cols)
    if heads and len(heads) > n and len(run) >= 2 and \
            set(range(len(heads))) - {j for _, cols in placed.values() for j in cols}:
        return {}  # a header column without a number in any row: not a column of numbers (a note?)
    out = {}
    for l, cols in placed.values():
        cells = [BLANK] * len(anchors["mid"])
        for w, j in zip(l.nums, cols):
            cells[j] = w.text
        out[l.index] = " ".join([w.text for w in l.words[:len(l.words) - l.tail]] + cells)
    return out


def _mean(xs) -> float:
    xs = list(xs)
    return sum(xs) / len(xs)


def _assign(nums: list[_Word], anchors: dict[str, list[float]], tolerance: float, max_shift: float) -> Optional[list[int]]:
    """The column of each number, when one reading places every number under a column: numbers
    centred or aligned right in their columns, shifted from the anchors by one offset for the row
    (at most `max_shift` of the column spacing), each within `tolerance` of it. None when no
    reading fits or two readings differ."""
    found: set[tuple[int, ...]] = set()
    for mode, xs in anchors.items():
        gap = min(b - a for a, b in zip(xs, xs[1:]))
        if gap <= 0:
            return None
        tol = max(1.0, tolerance * gap)
        pos = [w.mid if mode == "mid" else w.x1 for w in nums]
        for d in {round(p - x, 1) for p in pos for x in xs}:
            if abs(d) > max_shift * gap:
                continue
            cols, last = [], -1
            for p in pos:
                j = min(range(len(xs)), key=lambda k: abs(p - d - xs[k]))
                if abs(p - d - xs[j]) > tol or j <= last:
                    break
                cols.append(j)
                last = j
            else:
                found.add(tuple(cols))
    if len(found) != 1:
        return None
    cols = list(found.pop())
    return cols if len(cols) < len(anchors["mid"]) else None
