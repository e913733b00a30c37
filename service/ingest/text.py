"""Decode plain text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (a superset of GBK/GB2312)."""

from __future__ import annotations

import re

from service.errors import IngestError
from service.ingest.invisible import strip_invisible

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a web page saved as text, one cell per line (`规章 |`, ` |`): blanks after the line's one closing `|` are no cell of
# their own (in the grid readers' `a | ` the blank after the `|` is an empty last cell, which a text file's trailing
# spaces are not)
_STREAM_CELL_TAIL = re.compile(r"(?m)^([^|｜\n]*[|｜])[ \t\u00a0\u3000]+$")


def decode_text(data: bytes, source: str, warnings: list[str] | None = None) -> str:
    text = None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            for enc in ("utf-8", "gb18030"):
                try:
                    text = data.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            if text is None:
                text = _decode_by_line(data)
                if text is not None and warnings is not None:
                    warnings.append("mixed encodings: some lines are UTF-8, others GB18030/GBK; each line was decoded on its own")
    except UnicodeDecodeError:
        text = None
    if text is None:
        raise IngestError(source, "undecodable bytes: not valid UTF-8, UTF-16 or GB18030/GBK text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise IngestError(source, "binary data: too many control characters for a text document")
    return _STREAM_CELL_TAIL.sub(r"\1", strip_invisible(_CONTROL.sub(" ", text)))


def _decode_by_line(data: bytes) -> str | None:
    """A file pasted together from a UTF-8 and a GBK file: neither decodes the whole, each decodes its own lines."""
    out = []
    for line in data.split(b"\n"):
        for enc in ("utf-8", "gb18030"):
            try:
                out.append(line.decode(enc))
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    return "\n".join(out)
