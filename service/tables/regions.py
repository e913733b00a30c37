"""Where each table lies: its section when the headings were found, else from the first anchor
phrase of the table to the next section heading."""

from __future__ import annotations

import re
from typing import Optional, Sequence

from service.record import Section


def _anchor_re(anchor: str) -> re.Pattern:
    # whitespace may fall anywhere inside a phrase in PDF text; punctuation in anchors is dropped
    chars = [re.escape(c) for c in anchor]
    return re.compile(r"\s*".join(chars))


def find_region(
    text: str, sections: Sequence[Section], key: str, anchors: Sequence[str]
) -> Optional[tuple[int, int]]:
    sec = next((s for s in sections if s.key == key), None)
    if sec is not None:
        return sec.start, sec.end
    hits = [m.start() for a in anchors if (m := _anchor_re(a).search(text))]
    if not hits:
        return None
    pos = min(hits)
    start = text.rfind("\n", 0, pos) + 1
    later = [s.start for s in sections if s.start > pos]
    end = min(later) if later else len(text)
    return start, end
