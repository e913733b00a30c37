"""Where each table lies: its section when the headings were found, else from the first anchor
phrase of the table to the next section heading."""

from __future__ import annotations

import re
from typing import Optional, Sequence

from service.record import Section


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
    section heading or the line of the first `stop_anchors` phrase after it (the next table's)."""
    sec = next((s for s in sections if s.key == key), None)
    if sec is not None:
        return sec.start, sec.end
    hits = [m.start() for a in anchors if (m := _anchor_re(a).search(text))]
    if not hits:
        return None
    pos = min(hits)
    start = text.rfind("\n", 0, pos) + 1
    later = [s.start for s in sections if s.start > pos]
    later += [text.rfind("\n", 0, m.start()) + 1 for a in stop_anchors if (m := _anchor_re(a).search(text, pos))]
    later = [p for p in later if p > start]
    end = min(later) if later else len(text)
    return start, end
