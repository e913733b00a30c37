"""The pictures on each PDF page that are wide enough to be a table (a scanned or pasted table), as
pdfplumber-style boxes (x0, top, x1, bottom), read with pdfium (pdfplumber's own image objects come from
pdfminer, which the fast path does not run). An unreadable document gives no boxes: pictures only explain
an absent table, they never change the text."""

from __future__ import annotations

import ctypes
from typing import Any, Iterable

from service.ingest.images import PT_PER_CM, min_width_cm

Box = tuple[float, float, float, float]


def image_boxes(data: bytes, pages: Iterable[int]) -> dict[int, list[Box]]:
    """The boxes of the given pages (those the fast reader did not read, which collects them itself)."""
    import pypdfium2 as pdfium

    from service.ingest.pdfium_objects import LOCK

    out: dict[int, list[Box]] = {}
    pages = list(pages)
    if not pages:
        return out
    with LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except Exception:  # noqa: BLE001 - pdfplumber has read the text; the pictures are only a hint
            return out
        try:
            for i in pages:
                if i < len(doc):
                    page = doc[i]
                    try:
                        out[i] = page_boxes(page)
                    finally:
                        page.close()
        except Exception:  # noqa: BLE001
            pass
        finally:
            doc.close()
    return out


def page_boxes(page: Any) -> list[Box]:
    """The wide pictures of a loaded pdfium page, forms included (pdfium's raw calls: the object wrappers
    of `get_objects` cost more than the page's text)."""
    import pypdfium2.raw as R

    left, bottom, _, top = page.get_bbox()
    min_width = min_width_cm() * PT_PER_CM
    boxes: list[Box] = []

    def walk(objects: list, depth: int) -> None:
        for obj in objects:
            kind = R.FPDFPageObj_GetType(obj)
            if kind == R.FPDF_PAGEOBJ_IMAGE:
                x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
                if R.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1) and x1.value - x0.value >= min_width:
                    boxes.append((x0.value - left, top - y1.value, x1.value - left, top - y0.value))
            elif kind == R.FPDF_PAGEOBJ_FORM and depth < 3:
                walk([R.FPDFFormObj_GetObject(obj, j) for j in range(R.FPDFFormObj_CountObjects(obj))], depth + 1)

    raw = page.raw
    walk([R.FPDFPage_GetObject(raw, k) for k in range(R.FPDFPage_CountObjects(raw))], 1)
    return boxes
