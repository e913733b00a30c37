"""The order of the applications table's 申请人情况 columns as its header prints them. Most reports
keep the template's order (自然人, five 法人或其他组织 columns, 总计); some print the 法人或其他组织
columns first or reorder them. The header text decides: a grid header row naming 自然人, 法人或其他组织
and 总计 in cells of their own, and one naming the five sub-columns, give the printed order. When a
header line shows another order (自然人 after, or 总计 before, a sub-column word) but the printed order
cannot be read from whole cells (PDF text whose header cells wrap), the columns are not clear."""

from __future__ import annotations

import re
from typing import Optional

from service.tables.cells import LogicalRow

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


def printed_order(headers: list[list[str]], columns: list[str], cfg: dict) -> tuple[str, Optional[list[str]]]:
    """(TEMPLATE, None) | ("printed", the column keys in printed order) | (UNCLEAR, None)."""
    top, legal = cfg["top"], cfg["legal"]
    top_order = legal_order = None
    suspect = False
    for cells in headers:
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
