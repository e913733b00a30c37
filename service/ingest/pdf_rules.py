"""Ruling lines of PDF tables: which drawn objects are rules (not background boxes), and the rules a
table lacks that pdfplumber's table finder needs (the closing rule of a table broken by a page break,
the sides of a table drawn without left and right borders), and the outer lines of double rules."""

from __future__ import annotations

import bisect
from operator import itemgetter

from pdfplumber.utils import obj_to_edges


def is_rule(obj: dict, max_thickness: float) -> bool:
    """Keep ruling lines; drop filled background rectangles, which pdfplumber would otherwise
    take for cell borders (Word exports put a white box behind every line of prose)."""
    if obj.get("object_type") != "rect":
        return True
    if obj.get("stroke"):
        return True
    return bool(obj.get("fill")) and min(obj["width"], obj["height"]) <= max_thickness


def closing_rules(edges: list[dict]) -> list[dict]:
    """Horizontal rules where vertical rules start or end together. A table broken by a page
    break has no rule under its last row (or over its first); without one the row is lost."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    out = []
    for key in ("top", "bottom"):
        groups: dict[int, list[dict]] = {}
        for e in verticals:
            groups.setdefault(round(e[key]), []).append(e)
        for y, group in groups.items():
            if len(group) >= 2:
                x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
                out.append({"object_type": "line", "x0": x0, "x1": x1, "top": float(y), "bottom": float(y),
                            "width": x1 - x0, "height": 0.0})
    return out


def side_rules(edges: list[dict], tol: float) -> list[dict]:
    """Vertical rules where horizontal rules of a table start or end together beyond its outermost
    vertical rule. A table drawn without left and right borders (open sides) has no cell edge there;
    without one its first and last columns are lost from the grid (and its numbers shift columns)."""
    horizontals = [e for e in edges if e["orientation"] == "h"]
    # (a thin filled bar drawn for a horizontal rule has vertical edges as short as it is thick: not rules)
    verticals = sorted((e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > tol),
                       key=itemgetter("x0"))
    vx = [e["x0"] for e in verticals]

    def near(x0: float, x1: float) -> list[dict]:
        return verticals[bisect.bisect_left(vx, x0):bisect.bisect_right(vx, x1)]

    out = []
    for key in ("x0", "x1"):
        groups: dict[int, list[dict]] = {}
        for e in horizontals:
            groups.setdefault(round(e[key]), []).append(e)
        for x, group in groups.items():
            if len(group) < 2:
                continue
            # the rows that vertical rules over the horizontals' length (far ends included) cross, from
            # one horizontal to the next, are one table
            lo, hi = min(e["x0"] for e in group), max(e["x1"] for e in group)
            inner = sorted((v for v in near(lo - tol, hi + tol) if abs(v["x0"] - x) > tol), key=itemgetter("top"))
            tops = sorted(e["top"] for e in group)
            runs, j, reach = [[tops[0]]], 0, float("-inf")
            for top in tops[1:]:
                while j < len(inner) and inner[j]["top"] <= runs[-1][-1] + tol:
                    reach = max(reach, inner[j]["bottom"])
                    j += 1
                if reach >= top - tol:
                    runs[-1].append(top)
                else:
                    runs.append([top])
            sides = near(x - tol, x + tol)
            for run in runs:
                top, bottom = run[0], run[-1]
                if len(run) < 2 or any(v["top"] < bottom and v["bottom"] > top for v in sides):
                    continue  # not a table, or its side is ruled
                out.append({"object_type": "line", "x0": float(x), "x1": float(x), "top": top, "bottom": bottom,
                            "width": 0.0, "height": bottom - top})
    return out


def double_rule_outers(objects: list[dict], tol: float) -> set[int]:
    """Ids of the rule objects that are the second line of a double rule (Word/WPS 双线 borders: a frame drawn
    again a few points outside the table, a second line under its header). pdfplumber snaps parallel rules
    closer than `tol` into one by chaining neighbours over the whole page, so a double frame beside another
    table's frame moves the table's rules beyond the reach of the rules that end on them, and the table loses
    its first column. Of two parallel lines closer than `tol` that run side by side, the one fewer
    perpendicular rules end on is the second line; an object is dropped when every edge of it is one."""
    owned = [(id(o), e) for o in objects for e in obj_to_edges(o)]
    lines: dict[tuple[str, float], list[dict]] = {}  # collinear edges: one drawn line
    for _, e in owned:
        pos = e["x0"] if e["orientation"] == "v" else e["top"]
        lines.setdefault((e["orientation"], round(pos * 2) / 2), []).append(e)

    def span(key: tuple[str, float]) -> tuple[float, float]:
        es = lines[key]
        return (min(e["top"] for e in es), max(e["bottom"] for e in es)) if key[0] == "v" else \
            (min(e["x0"] for e in es), max(e["x1"] for e in es))

    def endings(key: tuple[str, float]) -> int:
        # perpendicular edges with an end on this line (within 1 pt), inside its extent
        lo, hi = span(key)
        n = 0
        for _, e in owned:
            if e["orientation"] == key[0]:
                continue
            if key[0] == "v":
                ends, at = (e["x0"], e["x1"]), (e["top"] + e["bottom"]) / 2
            else:
                ends, at = (e["top"], e["bottom"]), (e["x0"] + e["x1"]) / 2
            if lo - 1 <= at <= hi + 1 and any(abs(x - key[1]) <= 1 for x in ends):
                n += 1
        return n

    outer: set[tuple[str, float]] = set()
    keys = sorted(lines)
    for a, ka in enumerate(keys):
        for kb in keys[a + 1:]:
            if kb[0] != ka[0] or kb[1] - ka[1] > tol:
                break
            (a0, a1), (b0, b1) = span(ka), span(kb)
            if min(a1, b1) - max(a0, b0) < 0.5 * min(a1 - a0, b1 - b0):
                continue  # not side by side
            na, nb = endings(ka), endings(kb)
            if na != nb:
                outer.add(ka if na < nb else kb)
    if not outer:
        return set()
    inner_owners = {oid for oid, e in owned
                    if (e["orientation"], round((e["x0"] if e["orientation"] == "v" else e["top"]) * 2) / 2) not in outer}
    return {oid for oid, _ in owned} - inner_owners
