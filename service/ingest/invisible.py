"""Characters a reader shows as nothing: the fill characters rich-text editors (UEditor, KindEditor) and
Word leave in cells and text (U+200B zero-width space, U+FEFF), joiners and direction marks. Kept,
they split a number (`58\u200b` would be no number) or a label; every reader removes them while it
builds the document's text, before any offset exists."""

from __future__ import annotations

import re

_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)
