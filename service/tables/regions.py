"""Where each table lies: its section when the headings were found, else from the first anchor
phrase of the table to the next section heading."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from service.record import Section


_TABLE_KEYS = ("active_disclosure", "applications", "review_litigation")


@lru_cache(maxsize=256)  # the anchors: the few phrases of configs/tables.yaml
def _anchor_re(anchor: str) -> re.Pattern:
    # whitespace may fall anywhere inside a phrase in PDF text, and brackets or list punctuation inside
    # the printed phrase are not in the anchor (第二十条第一项 matches 第二十条第(一)项)
    chars = [re.escape(c) for c in anchor]
    return re.compile(r"[\s()（）、.．]*".join(chars))


def find_region(
    text: str,
    sections: Sequence[Section],
    key: str,
    anchors: Sequence[str],
    stop_anchors: Sequence[str] = (),
) -> Optional[tuple[int, int]]:
    """The table's section; without one, from the line of the table's first anchor phrase to the next
    section heading. Either way the region ends at the line of the first `stop_anchors` phrase (another
    table's) after the table's own first anchor: a table printed beside another (a landscape page read
    column by column) can put the other table's rows inside this table's section."""
    sec = next((s for s in sections if s.key == key), None)
    lo, hi = (sec.start, sec.end) if sec is not None else (0, len(text))
    hits = [m.start() for a in anchors if (m := _anchor_re(a).search(text, lo, hi))]
    if sec is not None and not hits:
        # a heading naming the wrong table (the author swapped 二、主动公开… and 三、收到和处理…): the table's
        # anchors stand in another table's section, which holds none of the other tables' anchors
        other = next((s for s in sections if s.key in _TABLE_KEYS and s.key != key
                      and any(_anchor_re(a).search(text, s.start, s.end) for a in anchors)
                      and not any(_anchor_re(a).search(text, s.start, s.end) for a in stop_anchors)), None)
        if other is not None:
            sec, lo, hi = other, other.start, other.end
            hits = [m.start() for a in anchors if (m := _anchor_re(a).search(text, lo, hi))]
    if sec is None and not hits:
        return None
    pos = min(hits) if hits else lo
    start = lo if sec is not None else text.rfind("\n", 0, pos) + 1
    later = [] if sec is not None else [s.start for s in sections if s.start > pos]
    later += [text.rfind("\n", 0, m.start()) + 1 for a in stop_anchors if (m := _anchor_re(a).search(text, pos, hi))]
    later = [p for p in later if p > start and p > pos - 1 and text.rfind("\n", 0, pos) + 1 < p]
    end = min(later) if later else hi
    return start, end
