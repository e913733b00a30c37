"""Tables laid out with CSS instead of <table>: `display:table` / `table-row` / `table-cell` boxes and `display:grid`
boxes with `grid-template-columns` (cells placed by the grid's auto-placement, `grid-column: span N` / `grid-row: span N`).
Read from the style attribute (which holds the page's simple <style> rules too, html_styles). Each becomes a grid like a <table>'s: text in the top-left
position of a spanning cell, '' in the other positions it covers (an empty cell keeps its place, which the same boxes
read as block lines would lose)."""

from __future__ import annotations

import re
from typing import Callable, Optional

_DISPLAY = re.compile(r"(?:^|;)\s*display\s*:\s*([-\w]+)", re.I)
_TEMPLATE = re.compile(r"(?:^|;)\s*grid-template-columns\s*:\s*([^;]+)", re.I)
_REPEAT = re.compile(r"repeat\(\s*(\d+)\s*,\s*([^()]*(?:\([^()]*\)[^()]*)*)\)", re.I)
_PROP = re.compile(r"(?:^|;)\s*(grid-(?:column|row|area)(?:-start|-end)?)\s*:\s*([^;]+)", re.I)
_MAX_SPAN = 100
CSS_TABLE_DISPLAYS = {"table", "inline-table", "grid", "inline-grid"}


def display(el) -> str:
    """The element's display (its last declaration: inline ones follow the stylesheet's, html_styles)."""
    found = _DISPLAY.findall(el.get("style") or "") if isinstance(el.tag, str) else []
    return found[-1].lower() if found else ""


def css_table_grid(el, cell_text: Callable) -> Optional[list[list[str]]]:
    """The grid of a `display:table` or `display:grid` element, or None when it is neither (or not a grid of cells)."""
    kind = display(el)
    if kind in ("table", "inline-table"):
        return _table_boxes(el, cell_text)
    if kind in ("grid", "inline-grid"):
        return _grid_boxes(el, cell_text)
    return None


def _children(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _table_boxes(el, cell_text: Callable) -> Optional[list[list[str]]]:
    rows = []
    for child in _children(el):
        kind = display(child)
        if kind in ("table-row-group", "table-header-group", "table-footer-group"):
            rows += [r for r in _children(child) if display(r) == "table-row"]
        elif kind == "table-row":
            rows.append(child)
    grid = [[cell_text(c) for c in _children(r) if display(c) == "table-cell"] for r in rows]
    if len(grid) < 2 or max(len(r) for r in grid) < 2:
        return None
    width = max(len(r) for r in grid)
    return [r + [""] * (width - len(r)) for r in grid]


def _track_count(template: str) -> int:
    """Column tracks of `grid-template-columns` (`repeat(4, 1fr)`, `120px 1fr 1fr`, `[name] 1fr`), 0 when unknown
    (`auto-fill`/`auto-fit` depend on the window's width)."""
    template = re.sub(r"\[[^\]]*\]", " ", template)
    count = 0
    for m in _REPEAT.finditer(template):
        count += int(m.group(1)) * max(1, _track_count(m.group(2)))
    rest = _REPEAT.sub(" ", template)
    if re.search(r"auto-(?:fill|fit)", rest, re.I):
        return 0
    rest = re.sub(r"\([^()]*\)", "", rest)  # minmax(…), fit-content(…) are one track each, their name stays
    return count + len(rest.split())


def _placement(child, width: int) -> Optional[tuple[Optional[int], int, int]]:
    """(start column or None for auto-placement, column span, row span) of a grid item; None when the item is placed
    in a way not read here (explicit rows, grid-area, named lines)."""
    props = {k.lower(): v.strip().lower() for k, v in _PROP.findall(child.get("style") or "")}  # the last of each wins
    col = props.get("grid-column", "")
    if "grid-column-start" in props or "grid-column-end" in props:
        col = f"{props.get('grid-column-start', 'auto')} / {props.get('grid-column-end', 'auto')}"
    row = props.get("grid-row", "")
    if "grid-area" in props or "grid-row-start" in props or "grid-row-end" in props:
        return None
    rspan = 1
    if row:
        m = re.fullmatch(r"(?:auto\s*/\s*)?span\s+(\d+)", row)
        if not m:
            return None
        rspan = int(m.group(1))
    start, cspan = None, 1
    if col:
        parts = [p.strip() for p in col.split("/")]
        if len(parts) > 2:
            return None
        first, second = parts[0], parts[1] if len(parts) == 2 else "auto"
        line = lambda t: (int(t) if int(t) > 0 else width + 2 + int(t)) if re.fullmatch(r"-?\d+", t) and int(t) else None
        if (m := re.fullmatch(r"span\s+(\d+)", first)):
            cspan = int(m.group(1))
            if second != "auto":
                return None
        elif first != "auto":
            if line(first) is None:
                return None
            start = line(first) - 1
            if (m := re.fullmatch(r"span\s+(\d+)", second)):
                cspan = int(m.group(1))
            elif second != "auto":
                if line(second) is None or line(second) - 1 <= start:
                    return None
                cspan = line(second) - 1 - start
        elif second != "auto":
            return None
    cspan, rspan = max(1, min(cspan, _MAX_SPAN)), max(1, min(rspan, _MAX_SPAN))
    if start is not None and not 0 <= start < width:
        return None
    return start, min(cspan, width - (start or 0)), rspan


def _grid_boxes(el, cell_text: Callable) -> Optional[list[list[str]]]:
    found = _TEMPLATE.findall(el.get("style") or "")
    width = _track_count(found[-1]) if found else 0
    items = _children(el)
    if width < 2 or len(items) < 2:
        return None
    taken: set[tuple[int, int]] = set()
    cells: dict[tuple[int, int], str] = {}
    r = c = 0
    for item in items:  # the grid's auto-placement (row by row, sparse): each item at the next place it fits
        place = _placement(item, width)
        if place is None:
            return None
        start, cs, rs = place
        if start is not None:  # a fixed column: the cursor's row if that column is still ahead, else the next row
            r, c = (r, start) if start >= c else (r + 1, start)
            while any((r + dr, c + dc) in taken for dr in range(rs) for dc in range(cs)):
                r += 1
        while c + cs > width or any((r + dr, c + dc) in taken for dr in range(rs) for dc in range(cs)):
            c += 1
            if c + cs > width:
                r, c = r + 1, 0
        for dr in range(rs):
            for dc in range(cs):
                taken.add((r + dr, c + dc))
        cells[(r, c)] = cell_text(item)
        c += cs
    height = max(p[0] for p in taken) + 1
    if height < 2:
        return None  # one row of boxes: a bar of links or pictures, not a table
    return [[cells.get((i, j), "") for j in range(width)] for i in range(height)]
