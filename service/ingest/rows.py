"""Render table cells and rows the same way for every format: one grid row per line,
`cell | cell | cell`, each cell's text on one line."""

from __future__ import annotations

import re
from typing import Iterable, Optional

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
# whitespace between two CJK characters (or CJK punctuation) inside a cell is a wrap/letter-spacing
# artefact ("总 计", "结 果维持"), not a word break
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_WS = re.compile(r"\s+")
# a line break inside a cell next to a CJK character joins without a space
_CJK_BREAK = re.compile(rf"[ \t]*\n\s*(?=[{_CJK}])|(?<=[{_CJK}])[ \t]*\n\s*")


def clean_cell(text: Optional[str]) -> str:
    """One line of text for a table cell: newlines and runs of whitespace become one space,
    spaces between CJK characters are removed, `|` (the cell separator) becomes `｜`."""
    if not text:
        return ""
    text = _CJK_BREAK.sub("", text.replace("\r", "\n"))
    text = _WS.sub(" ", text.replace("\xa0", " ")).strip()
    text = _CJK_GAP.sub("", text)
    return text.replace("|", "｜")


def render_row(cells: Iterable[Optional[str]]) -> str:
    return " | ".join(clean_cell(c) for c in cells)


def render_grid(grid: list[list[Optional[str]]]) -> list[str]:
    """Lines for a table grid; rows whose cells are all empty are left out."""
    lines = []
    for row in grid:
        cleaned = [clean_cell(c) for c in row]
        if any(cleaned):
            lines.append(" | ".join(cleaned))
    return lines


def drop_empty_columns(grid: list[list[Optional[str]]]) -> list[list[Optional[str]]]:
    """The grid without the columns that are empty in every row: a spacer column between the label and the
    values, Excel's empty trailing columns, a sliver between two close rules. Such a column holds nothing to
    read, and left in it would stand where a row's blank first or last value is (`规章 |  | 0 | 0 | `)."""
    width = max((len(r) for r in grid), default=0)
    keep = [j for j in range(width) if any(j < len(r) and clean_cell(r[j]) for r in grid)]
    if len(keep) == width:
        return grid
    return [[r[j] if j < len(r) else "" for j in keep] for r in grid]


# a value cell (a number, with a unit, or a printed blank mark): never one of a merged heading's repeats
_VALUE = re.compile(r"^(?:[+\-−]?\d[\d,.\s]*(?:万元|元|万|件|个|项|条)?|[-—–/／无*〇○]+)$")


def collapse_repeats(grid: list[list[Optional[str]]]) -> list[list[Optional[str]]]:
    """A table written without merged cells, the merged cells' text repeated in every position they covered
    (pandas read_html + to_html, Excel's unmerge + fill): each repeat becomes an empty position, as a merged
    cell is rendered. A text cell repeating the cell to its left or above it is a repeat; a value cell
    repeating the one to its left only where the nearest row above without values repeats one heading over
    both positions (`本年处理决定数量 ×3` over `156 | 156 | 156`): equal values side by side are otherwise
    two cells."""
    texts = [[clean_cell(c) for c in row] for row in grid]
    is_value = [[bool(t) and bool(_VALUE.match(t)) for t in row] for row in texts]
    out = [list(row) for row in grid]
    heading: Optional[list[str]] = None  # the nearest row above without values
    for i, row in enumerate(texts):
        for j, t in enumerate(row):
            if not t:
                continue
            left = row[j - 1] if j else None
            above = texts[i - 1][j] if i and j < len(texts[i - 1]) else None
            if is_value[i][j]:
                if t == left and heading is not None and j < len(heading) and heading[j] and heading[j] == heading[j - 1]:
                    out[i][j] = ""
            elif t == left or t == above:
                out[i][j] = ""
        if not any(is_value[i]):
            heading = row
    return out
