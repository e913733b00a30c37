"""Reading order of a PDF page whose tables stand side by side (a landscape page with two tables):
each column of the band is read top to bottom before the next."""

from __future__ import annotations

import bisect
from operator import itemgetter
from typing import Optional

from pdfplumber.utils import extract_text

Bbox = tuple[float, float, float, float]
# (top of the band, bottom, x where each column after the first starts): tables standing side by side
Columns = list[tuple[float, float, list[float]]]


def side_by_side(boxes: list[Bbox], heading_room: float) -> Columns:
    """Tables standing side by side (their heights overlap, their widths do not) make the page a
    row of columns from a little above them (their headings) to the bottom of the lowest: each column
    is read top to bottom before the next."""
    bands: list[list[Bbox]] = []
    for box in sorted(boxes, key=itemgetter(1)):
        band = next((b for b in bands if box[1] < max(x[3] for x in b) and box[3] > min(x[1] for x in b)), None)
        if band is None:
            bands.append([box])
        else:
            band.append(box)
    out: Columns = []
    for band in bands:
        band.sort(key=itemgetter(0))
        if len(band) > 1 and all(a[2] <= b[0] for a, b in zip(band, band[1:])):
            out.append((min(x[1] for x in band) - heading_room, max(x[3] for x in band),
                        [(a[2] + b[0]) / 2 for a, b in zip(band, band[1:])]))
    return out


def band_at(columns: Columns, top: float) -> Optional[tuple[float, float, list[float]]]:
    return next((c for c in columns if c[0] <= top < c[1]), None)


def reading_key(columns: Columns, x0: float, top: float, order: int) -> tuple:
    band = band_at(columns, top)
    if band is None:
        return (top, 0, top, order)
    return (band[0], bisect.bisect_right(band[2], x0), top, order)


def column_parts(columns: Columns, line: dict) -> Optional[list[tuple[float, str]]]:
    """A text line in a band of side-by-side tables (their headings on one line), cut where the
    columns meet; None when the line is not in such a band or a character crosses a column edge."""
    band = band_at(columns, line["top"])
    if band is None:
        return None
    parts: dict[int, list[dict]] = {}
    for c in line["chars"]:
        k = bisect.bisect_right(band[2], c["x0"])
        if k != bisect.bisect_right(band[2], c["x1"]):
            return None
        parts.setdefault(k, []).append(c)
    if len(parts) < 2:
        return None
    return [(chars[0]["x0"], extract_text(chars).strip()) for _, chars in sorted(parts.items())]
