"""Detect a document's format from its bytes (magic numbers first, the extension only as a tie-breaker)."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from service.errors import IngestError

_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|div|p|meta)\b", re.I)

# formats recognised only to refuse them with a clear reason
_REFUSED = [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Word/Office .doc format (OLE2) is not supported; save it as DOCX or PDF"),
    (b"{\\rtf", "RTF documents are not supported"),
    (b"\x89PNG\r\n\x1a\n", "image file (PNG), not a document (OCR not supported)"),
    (b"\xff\xd8\xff", "image file (JPEG), not a document (OCR not supported)"),
    (b"GIF8", "image file (GIF), not a document (OCR not supported)"),
    (b"II*\x00", "image file (TIFF), not a document (OCR not supported)"),
    (b"MM\x00*", "image file (TIFF), not a document (OCR not supported)"),
    (b"\x1f\x8b", "gzip archive, not a document"),
    (b"Rar!", "RAR archive, not a document"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive, not a document"),
    (b"%!PS", "PostScript documents are not supported"),
]


def detect_format(data: bytes, source: str) -> str:
    head = data[:2048]
    # the PDF header may follow a little junk (the spec allows it within the first 1024 bytes)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            raise IngestError(source, "corrupt ZIP container (not a readable DOCX)") from None
        raise IngestError(source, "ZIP archive that is not a DOCX document")
    for magic, reason in _REFUSED:
        if head.startswith(magic):
            raise IngestError(source, reason)
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")) and not _text_with_stray_nuls(head):
        raise IngestError(source, "binary data, not a text, HTML, PDF or DOCX document")
    if _HTML_RE.search(data[:65536]):
        return "html"
    return "text"


def _text_with_stray_nuls(head: bytes) -> bool:
    """A few NUL bytes in what is otherwise UTF-8 or GB18030 text (a bad copy, a padded field) do not make
    it binary: decode_text blanks them."""
    if head.count(b"\x00") > max(8, len(head) // 100):
        return False
    for enc in ("utf-8", "gb18030"):
        try:  # incremental: the head may end inside a character
            codecs.getincrementaldecoder(enc)().decode(head.replace(b"\x00", b""), final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False
