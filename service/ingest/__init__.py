"""Ingest: bytes of any supported format → extracted text (tables rendered as `|`-separated
rows) + format + sha256. Format is detected from content, not only from the extension."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from service.errors import IngestError

MAX_BYTES = 50 * 1024 * 1024  # documented in README: files over 50 MiB are refused


@dataclass
class RawDocument:
    text: str
    format: str  # text | html | pdf | docx
    sha256: str
    source: str
    warnings: list[str]
    # lines printed in the page headers/footers (DOCX), kept out of `text`: the narrative, sections and
    # offsets never see them; metadata may fall back on them (an agency named only in the page header)
    page_furniture: list[str] = field(default_factory=list)
    # offsets in `text` where a picture wide enough to be a table stood (HTML, DOCX, PDF; `images.py`):
    # no text of theirs is read, they only explain a table that is absent (`tables/absent.py`)
    images: list[int] = field(default_factory=list)


def load_document(src: Union[str, Path, bytes], source: str | None = None) -> RawDocument:
    """Read a document from a path or from bytes (then `source` names it)."""
    if isinstance(src, (str, Path)):
        path = Path(src)
        source = source or str(src)
        try:
            st = path.stat()
        except OSError as e:
            raise IngestError(source, f"cannot read file ({e.strerror or e})") from None
        if stat.S_ISDIR(st.st_mode):
            raise IngestError(source, "is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):  # reading a pipe or a device could block or never end
            raise IngestError(source, "not a regular file (a pipe, socket or device)")
        if st.st_size > MAX_BYTES:
            raise IngestError(source, f"file is {st.st_size} bytes, over the {MAX_BYTES // (1024 * 1024)} MiB limit")
        try:
            data = path.read_bytes()
        except OSError as e:  # permission denied, or the file vanished after the stat
            raise IngestError(source, f"cannot read file ({e.strerror or e})") from None
    else:
        data = bytes(src)
        source = source or "<bytes>"
        if len(data) > MAX_BYTES:
            raise IngestError(source, f"document is {len(data)} bytes, over the {MAX_BYTES // (1024 * 1024)} MiB limit")
    if not data.strip():
        raise IngestError(source, "file is empty")
    from service.ingest.detect import detect_format

    fmt = detect_format(data, source)
    warnings: list[str] = []
    furniture: list[str] = []
    if fmt == "text":
        from service.ingest.text import decode_text

        text = decode_text(data, source, warnings)
    elif fmt == "html":
        from service.ingest.html import html_to_text

        text = html_to_text(data, source, warnings, furniture)
    elif fmt == "pdf":
        from service.ingest.pdf import pdf_to_text

        text = pdf_to_text(data, source, warnings)
    elif fmt == "docx":
        from service.ingest.docx import docx_to_text

        text = docx_to_text(data, source, warnings, furniture)
    else:  # pragma: no cover - detect_format raises for unknown formats
        raise IngestError(source, f"unsupported format {fmt}")
    images: list[int] = []
    if fmt != "text":
        from service.ingest.images import take_image_marks

        text, images = take_image_marks(text)
    if not text.strip():
        raise IngestError(source, "file is empty (only whitespace or a byte-order mark)" if fmt == "text" else "no text could be extracted")
    return RawDocument(text=text, format=fmt, sha256=hashlib.sha256(data).hexdigest(), source=source, warnings=warnings,
                       page_furniture=furniture, images=images)
