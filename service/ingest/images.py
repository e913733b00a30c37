"""Where a document holds a picture (HTML <img>, a DOCX drawing or embedded object, a PDF image or a page
with no text layer): the readers write a mark line where it stands, `take_image_marks` removes the marks
and keeps their offsets (`RawDocument.images`). A statistical table pasted as a picture leaves no text; the
mark is how the record can say so (service/tables/absent.py) instead of only printing null."""

from __future__ import annotations

from functools import lru_cache

from service.config import load_config

IMAGE_MARK = "\x00image\x00"  # no reader's text holds NUL: the text reader drops it, the others never emit it
PT_PER_CM = 72 / 2.54
PX_PER_CM = 96 / 2.54
EMU_PER_CM = 360000


@lru_cache(maxsize=1)
def min_width_cm() -> float:
    """A picture narrower than this is an icon, an emblem or a seal, never a table."""
    return float(load_config("ingest.yaml")["images"]["min_width_cm"])


def take_image_marks(text: str) -> tuple[str, list[int]]:
    """The text without image marks, and each mark's offset in it (the start of the line after the picture)."""
    if IMAGE_MARK not in text:
        return text, []
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for line in text.split("\n"):
        if IMAGE_MARK in line:
            offsets += [pos] * line.count(IMAGE_MARK)
            line = line.replace(IMAGE_MARK, "")
            if not line.strip():
                continue
        out.append(line)
        pos += len(line) + 1
    joined = "\n".join(out)
    return joined, [min(o, len(joined)) for o in offsets]
