"""Text laid over a PDF page rather than part of its content: a diagonal watermark (`内部资料` across a table) and
the ring of text of a round seal, written at angles that are no multiple of 90°, and an upright watermark in large
pale print. Left in, their characters land in table cells (`参87`, `东0`, `内部资料1268`) and in text lines. Rotated text that is content (a table turned 90° on its page,
vertical writing) stays."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from typing import Any, Sequence


def overlay_chars(chars: Sequence[dict], min_skew: float, pale_lightness: float, pale_size_ratio: float) -> set[int]:
    """ids of the chars that are overlays: each char written at an angle at least `min_skew` degrees from a multiple
    of 90°, and every char of a colour whose chars are mostly so written (a seal's upright characters, its star); and
    each char at least `pale_size_ratio` times the page's median size in a colour at least `pale_lightness` light
    (0 black, 1 white; a red 红头 title is dark enough to stay)."""
    drop = {id(c) for c in chars if _skew(c) >= min_skew}
    if chars:
        big = pale_size_ratio * statistics.median(c["size"] for c in chars)
        drop.update(id(c) for c in chars if c["size"] >= big and _lightness(c) >= pale_lightness)
    if not drop:
        return drop
    by_colour: dict[Any, list[dict]] = defaultdict(list)
    for c in chars:
        by_colour[_colour(c)].append(c)
    for group in by_colour.values():
        if 2 * sum(1 for c in group if id(c) in drop) > len(group):
            drop.update(id(c) for c in group)
    return drop


def _skew(c: dict) -> float:
    """Degrees between the char's baseline and the nearest multiple of 90° (0 without a matrix: chars read by
    pdfium, which reads only pages whose text is upright)."""
    m = c.get("matrix")
    if not m or (m[0] == 0 and m[1] == 0):
        return 0.0
    angle = math.degrees(math.atan2(m[1], m[0])) % 90.0
    return min(angle, 90.0 - angle)


def _colour(c: dict) -> Any:
    colour = c.get("non_stroking_color")
    return tuple(colour) if isinstance(colour, (list, tuple)) else colour


def _lightness(c: dict) -> float:
    """The fill colour's luma (0 black .. 1 white); 0 for a colour that cannot be told (a pattern, none given)."""
    colour = c.get("non_stroking_color")
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (list, tuple)) or not all(isinstance(v, (int, float)) for v in colour):
        return 0.0
    if len(colour) == 1:
        return float(colour[0])
    if len(colour) == 3:
        r, g, b = colour
    elif len(colour) == 4:  # CMYK
        cy, m, y, k = colour
        r, g, b = (1 - cy) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return 0.0
    return 0.299 * r + 0.587 * g + 0.114 * b
