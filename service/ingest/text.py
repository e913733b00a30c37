"""Decode plain text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (a superset of GBK/GB2312)."""

from __future__ import annotations

import re

from service.errors import IngestError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        text = None
        for enc in ("utf-8", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise IngestError(source, "undecodable bytes: not valid UTF-8, UTF-16 or GB18030/GBK text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise IngestError(source, "binary data: too many control characters for a text document")
    return _CONTROL.sub(" ", text)
