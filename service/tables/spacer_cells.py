"""Which empty cells of a table are spacers (an empty column between groups of columns) or strays, where the layout
does not mark a row's cells: one cell per line (web pages saved as text), where a spacer column prints as a line
holding only ` |` among the values and row ends are not marked.

- The review/litigation table (`choose_review_cells`): its value cells run on past the fifteen expected. The empty
  cells that can be dropped are tried: a reading the header tells (an empty cell printed between two groups' headings,
  beyond the merged heading cells written out) wins, else the one reading whose three groups add up (总计 = the other
  four), else no table: which cell is which is not known, and a shifted table is worse than none.
- The applications table (`drop_stream_value_spacers`): a position empty in every one-cell-per-line row holding one
  value more than the columns is a spacer column, dropped from those rows.
Written here because no library reads these half-structured text tables."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from math import comb
from typing import Optional, Sequence

from service.tables.cells import Cell, LogicalRow
from service.tables.rows import clean_label, to_number

# more ways to drop empty cells than this: not tried (the cells are left as the caller trims them)
MAX_READINGS = 5000


class UnclearCells(Exception):
    """The review table's empty cells leave more than one reading: which one is a spacer or a stray is not known."""


def _values(cells: Sequence[Cell]) -> tuple:
    return tuple(to_number(c, money=False) for c in cells)


def _adds_up(vals: tuple, group: int) -> bool:
    return all(sum(v or 0 for v in vals[i:i + group - 1]) == (vals[i + group - 1] or 0) for i in range(0, len(vals), group))


def header_spacer_boundaries(header: Sequence[Cell], words: dict[str, str]) -> Optional[dict[int, bool]]:
    """For each group boundary the header tells about (1: between the first and second group, 2: between the second
    and third), whether a one-cell-per-line header prints a spacer cell there; None when its rows disagree or it
    tells nothing.
    `words`: header word -> role (`review`, `litigation`, `litigation_direct`, `litigation_after_review`, or a
    column key; `total` the last column). A group heading merged over five columns may be followed by its four
    merged cells written out as empty cells: an empty run of 1 or 5 cells after it is a spacer, 0 or 4 none; after a
    column heading (总计) an empty cell is a spacer."""
    # the header as words and runs of empty cells; a heading broken over lines (`结果` / `维持 |`) is joined; a cell
    # that is no heading nor a piece of one (a title line above the table) is a break (`@`)
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    whole = re.compile(f"(?:{alt})+")

    def mark(c: Cell) -> str:
        if c.kind != "text":
            return "#"
        t = clean_label(c.text)
        return t if whole.fullmatch(t) or any(t in w for w in words) else "@"

    text = "".join(mark(c) for c in header)
    tokens = [m.group() for m in re.finditer(f"{alt}|#+|@", text)]
    said: dict[int, set[bool]] = {1: set(), 2: set()}
    leaves = 0
    prev: Optional[str] = None
    run = 0
    for t in tokens:
        if t.startswith("#"):
            run += len(t)
            continue
        if t == "@":
            prev, run = None, 0
            continue
        role = words[t]
        is_leaf = role not in ("review", "litigation", "litigation_direct", "litigation_after_review")
        if prev is not None:
            p = words[prev]
            if p in ("review", "litigation_direct") and role in ("litigation", "litigation_direct", "litigation_after_review"):
                b = 1 if p == "review" else 2
                if run in (1, 5):
                    said[b].add(True)
                elif run in (0, 4):
                    said[b].add(False)
            elif p == "total" and (is_leaf or role == "litigation_direct") and leaves in (5, 10):
                b = leaves // 5
                if role == "litigation_direct" and b != 1:
                    b = 0
                if b and run == 1:
                    said[b].add(True)
                elif b and run == 0:
                    said[b].add(False)
        if is_leaf:
            leaves += 1
        prev, run = t, 0
    if any(len(s) > 1 for s in said.values()) or not any(said.values()):
        return None
    return {b: True in s for b, s in said.items() if s}


def choose_review_cells(cells: list[Cell], need: int, group: int, boundaries: Optional[dict[int, bool]],
                        warnings: Optional[list[str]]) -> Optional[list[Cell]]:
    """The `need` cells of the review table when more are printed and the extra ones can only be empty cells; None
    when that does not apply (fewer empty cells than extra cells, too many readings: the caller trims as before).
    Raises UnclearCells when the readings differ and neither the header nor the sums tell them apart."""
    extra = len(cells) - need
    blanks = [i for i, c in enumerate(cells) if c.kind == "blank"]
    if extra <= 0 or len(blanks) < extra or comb(len(blanks), extra) > MAX_READINGS:
        return None
    readings: dict[tuple, tuple[list[Cell], tuple[int, ...]]] = {}
    for drop in combinations(blanks, extra):
        gone = set(drop)
        kept = [c for i, c in enumerate(cells) if i not in gone]
        readings.setdefault(_values(kept), (kept, drop))
    if len(readings) == 1:
        return next(iter(readings.values()))[0]

    def at_boundaries(drop: tuple[int, ...], known: dict[int, bool]) -> bool:
        # each dropped cell a stray at an end of the run, or a spacer after 5·b kept cells: one at each boundary b the
        # header prints a spacer at, none where it prints the groups side by side
        inner = []
        for i in drop:
            if all(j in drop for j in range(i)) or all(j in drop for j in range(i + 1, len(cells))):
                continue
            inner.append(i - sum(1 for j in drop if j < i))
        spacers = {group * b for b, spaced in known.items() if spaced}
        allowed = spacers | {group * b for b in range(1, need // group) if b not in known}
        return len(set(inner)) == len(inner) and spacers <= set(inner) <= allowed

    if boundaries is not None:
        told = {v: r for v, r in readings.items() if at_boundaries(r[1], boundaries)}
        if len(told) == 1:
            return next(iter(told.values()))[0]
        readings = told or readings
    summed = {v: r for v, r in readings.items() if _adds_up(v, group)}
    if len(summed) == 1:
        if warnings is not None:
            warnings.append(f"review_litigation: {len(cells)} cells where {need} were expected; the empty cells dropped "
                            "are the only ones that leave each group's 总计 equal to the sum of its columns")
        return next(iter(summed.values()))[0]
    raise UnclearCells(f"review_litigation: {len(cells)} cells where {need} were expected, and which empty cells are "
                       f"spacers or strays is not clear ({len(summed) or len(readings)} readings); table left out")


def drop_stream_value_spacers(lrows: list[LogicalRow], ncols: int) -> list[LogicalRow]:
    """The rows with a spacer column dropped: in the one-cell-per-line layout, the rows holding numbers and
    `ncols + k` values (the most common such length, in three rows or more) whose values are empty (no text) at the
    same k or more positions in every one of them; the first k such positions are dropped from those rows (the
    others are empty in every such row too, so which k is the same), except empty cells after the last value, left to
    `fit_values` as strays. Other rows are kept as they are."""
    lengths = Counter(len(r.values) for r in lrows
                      if r.layout == "stream" and len(r.values) > ncols and any(c.kind == "num" for c in r.values))
    if not lengths:
        return lrows
    width, count = lengths.most_common(1)[0]
    if count < 3:
        return lrows
    wide = [r for r in lrows if r.layout == "stream" and len(r.values) == width and any(c.kind == "num" for c in r.values)]
    empty = [j for j in range(width) if all(r.values[j].kind == "blank" and not r.values[j].text for r in wide)]
    k = width - ncols
    # empty cells after the last value in every such row are strays `fit_values` trims: only those inside are dropped
    trailing = next((t for t in range(k, 0, -1) if all(j in empty for j in range(width - t, width))), 0)
    inner = [j for j in empty if j < width - trailing]
    if len(inner) < k - trailing or k == trailing:
        return lrows
    drop = set(inner[:k - trailing])
    ids = {id(r) for r in wide}
    return [LogicalRow(label=r.label, values=[c for j, c in enumerate(r.values) if j not in drop], layout=r.layout)
            if id(r) in ids else r for r in lrows]
