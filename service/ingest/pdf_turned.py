"""Pages whose text is printed turned a quarter turn (a wide table drawn sideways on a portrait page, to be read
with the page turned, without the page's /Rotate saying so). Read as they stand, such a page's lines are the
table's columns and its labels come out backwards (`况情人请申`); read with the page turned, they are rows."""

from __future__ import annotations

import math
from typing import Any, Sequence

import pdfplumber.page


def quarter_turn(chars: Sequence[dict], min_share: float) -> int:
    """90 or 270 when at least `min_share` of the page's chars are written turned that way (counter-clockwise 90°:
    the page is read turned 90° clockwise), else 0."""
    if not chars:
        return 0
    counts = {90: 0, 270: 0}
    for c in chars:
        m = c.get("matrix")
        if c.get("upright", True) or not m:
            continue
        angle = round(math.degrees(math.atan2(m[1], m[0]))) % 360
        if angle in counts:
            counts[angle] += 1
    turn, n = max(counts.items(), key=lambda kv: kv[1])
    return turn if n >= min_share * len(chars) else 0


def turned_page(page: Any, turn: int) -> Any:
    """The same page read as if its /Rotate were turned `turn` degrees further clockwise (pdfminer then places its
    objects in the turned frame, as for a page that says /Rotate 90)."""
    obj = page.page_obj
    rotate = (page.rotation + turn) % 360
    obj.attrs["Rotate"] = rotate
    obj.rotate = rotate
    return pdfplumber.page.Page(page.pdf, obj, page.page_number, page.initial_doctop)
