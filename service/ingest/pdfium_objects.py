"""A page's chars, lines, rects and curves read with pdfium (C++, ~15x faster than pdfminer's
pure-Python content-stream parser) as the same dicts pdfplumber builds from pdfminer, so that
pdfplumber's table finder and line grouping run unchanged on them.

Only pages pdfium and pdfminer read alike are taken: unrotated pages with the MediaBox at the
origin, no form XObjects, upright text in fonts with a ToUnicode map (no ligatures), each char
found in its font's map and placed where pdfminer's font metrics put it. For any other page
`page_objects` returns None and the caller lets pdfminer parse the page."""

from __future__ import annotations

import ctypes
import re
import statistics
import struct
import threading
from functools import lru_cache
from typing import Any, Optional

import pypdfium2 as pdfium
import pypdfium2.raw as R

from service.config import load_config
from service.ingest.pdf_images import page_boxes

# pdfium is not thread-safe (pypdfium2 docs); the API may ingest from several threads
LOCK = threading.RLock()

_FONT_BUF = ctypes.create_string_buffer(512)
_SAME = 1e-3  # pt; pdfium's positions are single precision
_LUMA = (0.299 / 255, 0.587 / 255, 0.114 / 255)
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")  # pdfium names some subset fonts without the tag


def _whole_units(metrics: tuple) -> bool:
    width, disp = metrics
    values = [width * 1000] + [v for v in (disp if isinstance(disp, tuple) else (disp,)) if v is not None]
    return all(abs(v - round(v)) < 1e-6 for v in values)


def _addr(handle: Any) -> Optional[int]:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _f32(x: float) -> float:
    """The decimal the PDF wrote, recovered from pdfium's float32: the shortest one that rounds to
    the same single-precision value, so coordinates compare equal exactly where pdfminer's do."""
    return x if x == 0 else _f32_nonzero(x)  # (zero is itself; 0.0 and -0.0 would share a cache entry)


@lru_cache(maxsize=1 << 16)  # a page's drawing repeats few coordinates (a table's grid lines)
def _f32_nonzero(x: float) -> float:
    for digits in range(1, 10):
        d = float(f"{x:.{digits}g}")
        if struct.unpack("f", struct.pack("f", d))[0] == x:
            return d
    return x


class PdfiumPages:
    """pdfium's reading of a document pdfplumber has opened: `objects(i)` gives pdfplumber's
    `objects` of page i, or None where pdfminer must parse the page (also when pdfium cannot
    open the file or counts other pages). Close it (context manager) to free pdfium's memory."""

    def __init__(self, data: bytes, plumber_pages: list, enabled: bool = True) -> None:
        self.pages = plumber_pages
        self.doc: Optional[Any] = None
        self.fonts = FontTable()
        if not enabled:
            return
        with LOCK:
            try:
                self.doc = pdfium.PdfDocument(data)
            except Exception:  # pdfium cannot read what pdfminer could: pdfminer parses every page
                return
            if len(self.doc) != len(plumber_pages):
                self.close()

    def objects(self, index: int, images: Optional[list] = None) -> Optional[dict[str, list[dict]]]:
        """The page's objects, or None (pdfminer reads it); `images` gets the page's wide pictures' boxes
        when the objects are given (pdf_images.page_boxes)."""
        if self.doc is None:
            return None
        try:
            return page_objects(self.doc, self.fonts, index, self.pages[index], images)
        except Exception:  # anything unexpected: pdfminer reads the page as before
            return None

    def close(self) -> None:
        if self.doc is not None:
            with LOCK:
                self.doc.close()
            self.doc = None

    def __enter__(self) -> "PdfiumPages":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Metrics = tuple[bool, float, Optional[dict[str, Any]], str]  # (vertical, descent, text → (width, disp), name)


class FontTable:
    """pdfminer's font objects for a document. pdfium's char boxes include character spacing and
    glyph overshoot; pdfminer's span the advance (font width x size), so the boxes are rebuilt
    from pdfminer's widths, looked up by the char's text in the font's ToUnicode map."""

    def __init__(self) -> None:
        from pdfminer.pdfinterp import PDFResourceManager

        self.rsrcmgr = PDFResourceManager(caching=True)
        self._metrics: dict[int, Optional[dict[str, Any]]] = {}

    def page_fonts(self, plumber_page: Any) -> Optional[dict[str, list[Metrics]]]:
        """Font name → metrics of the page's fonts of that name (pdfium names a char's font, not
        which of several fonts of one name it is; a char of a font without text table sends the
        page to pdfminer); None when the page has a form XObject."""
        from pdfminer.pdftypes import PDFObjRef, dict_value, resolve1

        try:
            resources = dict_value(plumber_page.page_obj.resources)
            for x in (dict_value(resources.get("XObject")) or {}).values():
                attrs = getattr(resolve1(x), "attrs", {})
                if getattr(resolve1(attrs.get("Subtype")), "name", None) == "Form":
                    return None
            out: dict[str, list[Metrics]] = {}
            for spec in (dict_value(resources.get("Font")) or {}).values():
                objid = spec.objid if isinstance(spec, PDFObjRef) else None
                spec = dict_value(spec)
                font = self.rsrcmgr.get_font(objid, spec)
                if not isinstance(font.fontname, str):
                    return None
                # a font without ToUnicode map (pdfminer decodes its own way) or Type3: no table
                mapped = resolve1(spec.get("ToUnicode")) is not None and font.unicode_map is not None \
                    and getattr(resolve1(spec.get("Subtype")), "name", None) != "Type3"
                table = self._by_text(font) if mapped and _widths_cover(spec, font) else None
                entry = (font.is_vertical(), font.get_descent(), table, font.fontname)
                out.setdefault(font.fontname, []).append(entry)
                bare = _SUBSET_TAG.sub("", font.fontname)
                if bare != font.fontname:
                    out.setdefault(bare, []).append(entry)
            return out
        except Exception:
            return None

    def _by_text(self, font: Any) -> Optional[dict[str, Any]]:
        """text → (width, displacement) of the glyph drawing it. None for a text drawn by glyphs
        of different metrics, or with a width that is not a whole number of 1/1000 em (pdfium
        keeps widths as integers, so its pen positions drift from pdfminer's). The whole table
        None when a glyph stands for several chars (a ligature is one pdfminer char but several
        pdfium chars)."""
        if id(font) not in self._metrics:
            table: Optional[dict[str, Any]] = {}
            for cid, text in font.unicode_map.cid2unichr.items():
                if len(text) != 1:
                    table = None
                    break
                metrics = (font.char_width(cid), font.char_disp(cid))
                if not _whole_units(metrics) or table.setdefault(text, metrics) != metrics:
                    table[text] = None
            self._metrics[id(font)] = table
        return self._metrics[id(font)]


def _widths_cover(spec: dict, font: Any) -> bool:
    """A simple font's /Widths gives every mapped code a number. pdfium takes a width the array
    lacks (no /Widths, code out of range, junk entry) from the font program, pdfminer takes 0 or
    junk, so pen positions (pdfium) and boxes (pdfminer widths) would disagree."""
    from pdfminer.pdffont import PDFCIDFont
    from pdfminer.pdftypes import resolve1

    if isinstance(font, PDFCIDFont):
        return True
    widths, first, last = (resolve1(spec.get(k)) for k in ("Widths", "FirstChar", "LastChar"))
    if not isinstance(widths, list) or not isinstance(first, int) or last != first + len(widths) - 1:
        return False
    if not all(isinstance(resolve1(w), (int, float)) for w in widths):
        return False
    return all(isinstance(c, int) and first <= c <= last for c in font.unicode_map.cid2unichr)


def page_objects(doc: Any, fonts: FontTable, index: int, plumber_page: Any,
                 images: Optional[list] = None) -> Optional[dict[str, list[dict]]]:
    """pdfplumber's `page.objects` for the page (char, line, rect, curve), or None when the page
    is of a kind pdfium and pdfminer may read differently."""
    mb = plumber_page.mediabox
    if plumber_page.rotation % 360 or mb[0] != 0 or mb[1] != 0:
        return None
    from pdfminer.pdftypes import resolve1

    for stream in plumber_page.page_obj.contents:  # pdfium decodes damaged streams leniently
        resolve1(stream).get_data()  # (drops the rest silently); pdfminer raises: let it
    page_fonts = fonts.page_fonts(plumber_page)
    if page_fonts is None:
        return None
    with LOCK:
        page = doc[index]
        try:
            if abs(page.get_height() - float(plumber_page.height)) > 1e-3:
                return None
            text_objects: list[int] = []  # in the order of pdfium's chars
            chars = _chars(page, plumber_page, page_fonts, text_objects)
            if chars is None:
                return None
            paths = _paths(page, plumber_page, text_objects)
            if paths is None:
                return None
            if images is not None:
                images.extend(page_boxes(page))  # the page is loaded: its pictures cost little more
        finally:
            page.close()
    objects: dict[str, list[dict]] = {}
    if chars:
        objects["char"] = chars
    for obj in paths:
        objects.setdefault(obj["object_type"], []).append(obj)
    return objects


def _chars(page: Any, pp: Any, page_fonts: dict[str, list[Metrics]], text_objects: list[int]) -> Optional[list[dict]]:
    """Chars with pdfminer's LTChar boxes: horizontal text spans the advance from the origin and
    the font size up from the descent; vertical text as in LTChar (displacement, advance down)."""
    tp = page.get_textpage()
    try:
        raw = tp.raw
        height = float(pp.height)
        doctop0 = pp.initial_doctop
        m = R.FS_MATRIX()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        flags = ctypes.c_int()
        rgba = [ctypes.c_uint() for _ in range(4)]
        cfg = load_config("ingest.yaml")["pdf"]
        pale, pale_ratio = float(cfg["overlay_pale_lightness"]), float(cfg["overlay_pale_size_ratio"])
        pale_at: list[int] = []  # indexes in `out` of pale chars (a grey footer, or an upright watermark if large)
        out: list[dict] = []
        prev_obj = last_obj = None
        next_k, next_obj = -1, None
        count = tp.count_chars()
        for k in range(count):
            if R.FPDFText_IsGenerated(raw, k):
                continue
            if R.FPDFText_HasUnicodeMapError(raw, k):
                return None
            u = R.FPDFText_GetUnicode(raw, k)
            if u == 0 or 0xD800 <= u <= 0xDFFF:
                return None
            text = chr(u)
            if not R.FPDFText_GetMatrix(raw, k, m) or m.b != 0 or m.c != 0 or m.a <= 0 or m.d <= 0:
                return None
            if not R.FPDFText_GetCharOrigin(raw, k, ox, oy):
                return None
            if not R.FPDFText_GetFillColor(raw, k, *rgba):
                return None
            is_pale = pale <= sum(w * v.value for w, v in zip(_LUMA, rgba))
            n = R.FPDFText_GetFontInfo(raw, k, _FONT_BUF, len(_FONT_BUF), flags)
            if n <= 0 or n > len(_FONT_BUF):
                return None
            fontname = _FONT_BUF.raw[: n - 1].decode("utf-8", "replace")
            fonts = page_fonts.get(fontname) or page_fonts.get(_SUBSET_TAG.sub("", fontname), ())
            fontsize = R.FPDFText_GetFontSize(raw, k)
            obj = next_obj if next_k == k else _addr(R.FPDFText_GetTextObject(raw, k))
            j = k + 1
            while j < count and R.FPDFText_IsGenerated(raw, j):
                j += 1
            # (the next char's object, kept: it is this char's object on the next turn)
            next_k, next_obj = j, (_addr(R.FPDFText_GetTextObject(raw, j)) if j < count else None)
            own_object = obj not in (prev_obj, next_obj)
            if obj != prev_obj:
                text_objects.append(obj)
            prev_obj = obj
            boxes = set()
            for vertical, descent, table, name in fonts:
                if table is None or table.get(text, ()) is None:
                    return None  # ligatures, or glyphs of different widths for this text
                if text in table:
                    box = _box(vertical, descent, table[text], fontsize, m, ox.value, oy.value, own_object)
                    if box is not None:
                        boxes.add((*box, name))
            if len(boxes) != 1:
                return None  # text not in the maps (pdfminer may decode it otherwise), or fonts disagree
            x0, y0, x1, y1, size, fontname = boxes.pop()
            if obj == last_obj and x0 < out[-1]["x0"] - _SAME:
                return None  # pdfium put a run right to left (bidi); pdfminer keeps content order
            last_obj = obj
            top = height - y1
            if is_pale:
                pale_at.append(len(out))
            out.append({
                "fontname": fontname, "upright": True, "x0": x0, "y0": y0, "x1": x1, "y1": y1,
                "width": x1 - x0, "height": y1 - y0, "size": size, "object_type": "char",
                "page_number": pp.page_number, "text": text, "top": top, "bottom": height - y0,
                "doctop": doctop0 + top,
            })
        if pale_at and max(out[i]["size"] for i in pale_at) >= pale_ratio * statistics.median(c["size"] for c in out):
            # an upright watermark (large pale text, pdf_overlays) is told by its colour, which pdfminer gives and
            # these dicts do not: the page is left to pdfminer
            return None
        return out
    finally:
        tp.close()


def _box(vertical: bool, descent: float, metrics: tuple, fontsize: float, m: Any, ox: float,
         oy: float, own_object: bool) -> Optional[tuple[float, float, float, float, float]]:
    """pdfminer's LTChar box (x0, y0, x1, y1, size) of a char at pdfium's origin (ox, oy) drawn
    by a text object with matrix `m`, or None when the origin shows it was not drawn with a font
    of this writing mode. Horizontal: the origin is the pen position, on the object's baseline.
    Vertical: pdfium puts the origin at the box's lower left corner; `m` is the pen position
    only for a char alone in its text object, the one case taken."""
    width, disp = metrics
    if vertical:
        if not own_object:
            return None
        vx, vy = disp
        vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
        vy = (1000 - vy) * fontsize * 0.001
        adv = width * fontsize
        x0, x1 = m.e - vx * m.a, m.e + (fontsize - vx) * m.a
        y0, y1 = m.f + (vy + adv) * m.d, m.f + vy * m.d
        if y1 < y0:
            y0, y1 = y1, y0
        if abs(ox - x0) > _SAME or abs(oy - y0) > _SAME:
            return None
        return x0, y0, x1, y1, x1 - x0
    if abs(oy - m.f) > _SAME:
        return None  # text rise, or not horizontal writing
    size = fontsize * m.d
    y0 = oy + descent * size
    return ox, y0, ox + width * fontsize * m.a, y0 + size, size


def _paths(page: Any, pp: Any, text_objects: list[int]) -> Optional[list[dict]]:
    """pdfminer's lines, rects and curves from pdfium's path objects. None unless pdfium's chars
    come from all text objects, each object's chars together and in content order (pdfium drops
    a text object drawn twice at one place; pdfminer keeps content order)."""
    seen = iter(text_objects)
    out: list[dict] = []
    raw = page.raw
    m = R.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    for i in range(R.FPDFPage_CountObjects(raw)):
        obj = R.FPDFPage_GetObject(raw, i)
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_FORM:
            return None
        if kind == R.FPDF_PAGEOBJ_TEXT and _addr(obj) != next(seen, None):
            return None
        if kind != R.FPDF_PAGEOBJ_PATH:
            continue
        if not R.FPDFPath_GetDrawMode(obj, fillmode, stroke) or not R.FPDFPageObj_GetMatrix(obj, m):
            return None
        if fillmode.value == 0 and not stroke.value:
            continue  # `n`: nothing painted, pdfminer makes no object either
        ctm = tuple(_f32(v) for v in (m.a, m.b, m.c, m.d, m.e, m.f))
        path: list[tuple[str, tuple[float, float]]] = []
        for s in range(R.FPDFPath_CountSegments(obj)):
            seg = R.FPDFPath_GetPathSegment(obj, s)
            R.FPDFPathSegment_GetPoint(seg, x, y)
            t = R.FPDFPathSegment_GetType(seg)
            op = {R.FPDF_SEGMENT_MOVETO: "m", R.FPDF_SEGMENT_LINETO: "l", R.FPDF_SEGMENT_BEZIERTO: "c"}.get(t)
            if op is None:
                return None
            path.append((op, (_f32(x.value), _f32(y.value))))
            if R.FPDFPathSegment_GetClose(seg):
                path.append(("h", path_start(path)))
        # a Bézier segment is three pdfium points and one pdfminer operator ending on the last
        path = _merge_beziers(path)
        if path is None:
            return None
        _paint(out, pp, ctm, bool(stroke.value), fillmode.value != 0, path)
    if next(seen, None) is not None:
        return None  # chars of a text object apart, or from no text object of the page
    return out


def path_start(path: list[tuple[str, tuple[float, float]]]) -> tuple[float, float]:
    for op, pt in reversed(path):
        if op == "m":
            return pt
    return path[0][1]


def _merge_beziers(path: list) -> Optional[list]:
    out = []
    i = 0
    while i < len(path):
        op, pt = path[i]
        if op == "c":
            if i + 2 >= len(path) or path[i + 1][0] != "c" or path[i + 2][0] != "c":
                return None
            out.append(("c", path[i + 2][1]))
            i += 3
        else:
            out.append((op, pt))
            i += 1
    return out


def _paint(out: list, pp: Any, ctm: tuple, stroke: bool, fill: bool, path: list) -> None:
    """pdfminer's PDFLayoutAnalyzer.paint_path, then pdfplumber's process_object."""
    shape = "".join(op for op, _ in path)
    if shape[:1] != "m":
        return
    if shape.count("m") > 1:
        for mt in re.finditer(r"m[^m]+", shape):
            _paint(out, pp, ctm, stroke, fill, path[mt.start(0): mt.end(0)])
        return
    a, b, c, d, e, f = ctm
    pts = [(a * px + c * py + e, b * px + d * py + f) for _, (px, py) in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in {"mlh", "ml"}:
        kind, bound = "line", pts[:2]
        obj_pts = pts[:2]
    elif shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            kind = "rect"
            rx0, ry0, rx1, ry1 = (*pts[0], *pts[2])
            obj_pts = [(rx0, ry0), (rx1, ry0), (rx1, ry1), (rx0, ry1)]
            bound = obj_pts
        else:
            kind, bound, obj_pts = "curve", pts, pts
    else:
        kind, bound, obj_pts = "curve", pts, pts
    xs = [p[0] for p in bound]
    ys = [p[1] for p in bound]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    height = float(pp.height)
    top = height - y1
    out.append({
        "x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": x1 - x0, "height": y1 - y0,
        "stroke": stroke, "fill": fill, "pts": [(px, height - py) for px, py in obj_pts],
        "object_type": kind, "page_number": pp.page_number, "top": top, "bottom": height - y0,
        "doctop": pp.initial_doctop + top,
    })
