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
