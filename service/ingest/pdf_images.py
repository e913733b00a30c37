"""The pictures on each PDF page that are wide enough to be a table (a scanned or pasted table), as
pdfplumber-style boxes (x0, top, x1, bottom), read with pdfium (pdfplumber's own image objects come from
pdfminer, which the fast path does not run). An unreadable document gives no boxes: pictures only explain
an absent table, they never change the text."""

from __future__ import annotations

from typing import Any

from service.ingest.images import PT_PER_CM, min_width_cm

Box = tuple[float, float, float, float]


def image_boxes(data: bytes, n_pages: int) -> list[list[Box]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as R

    from service.ingest.pdfium_objects import LOCK

    out: list[list[Box]] = [[] for _ in range(n_pages)]
    min_width = min_width_cm() * PT_PER_CM
    with LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except Exception:  # noqa: BLE001 - pdfplumber has read the text; the pictures are only a hint
            return out
        try:
            for i in range(min(n_pages, len(doc))):
                page = doc[i]
                try:
                    out[i] = _page_boxes(page, min_width, R)
                finally:
                    page.close()
        except Exception:  # noqa: BLE001
            pass
        finally:
            doc.close()
    return out


def _page_boxes(page: Any, min_width: float, R: Any) -> list[Box]:
    left, bottom, _, top = page.get_bbox()
    boxes = []
    for obj in page.get_objects(filter=[R.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        x0, y0, x1, y1 = (obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos)()  # pypdfium2 5 renamed it
        if x1 - x0 >= min_width:
            boxes.append((x0 - left, top - y1, x1 - left, top - y0))
    return boxes
