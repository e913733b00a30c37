"""Detect a document's format from its bytes (magic numbers first, the extension only as a tie-breaker)."""

from __future__ import annotations

import re
import zipfile
import io

from service.errors import IngestError

_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|div|p|meta)\b", re.I)


def detect_format(data: bytes, source: str) -> str:
    head = data[:2048]
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            raise IngestError(source, "corrupt ZIP container (not a readable DOCX)") from None
        raise IngestError(source, "ZIP archive that is not a DOCX document")
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise IngestError(source, "binary data, not a text, HTML, PDF or DOCX document")
    if _HTML_RE.search(data[:65536]):
        return "html"
    return "text"
