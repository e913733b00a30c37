"""DOCX → text with python-docx: body paragraphs and tables in document order; a table is one
`cell | cell` line per row. Paragraphs and tables inside content controls (w:sdt, as WPS and Word cover
pages write them) are read in place; a paragraph's text keeps tracked insertions and drops tracked
deletions (修订 not yet accepted) and hidden text (w:vanish set on the run or through its character or
paragraph style, `docx_styles.py`: an old figure kept hidden before the new one would otherwise be read as one
number with it), and an automatically numbered paragraph gets its list
label (`docx_numbering.py`) unless its paragraph mark is hidden. python-docx repeats a merged cell's object
in every grid position it covers; its text is kept in the first (top-left) position only, the others are empty. A table nested
in a cell (a one-cell layout table holding the real one) is rendered after the row that holds it; a text
box's paragraphs and tables are rendered after the paragraph it is anchored in. Rows and cells inside content
controls (a form template: w:sdt around a w:tr or a w:tc) are lifted into their table first, as Word lays
them out (python-docx sees only a table's direct w:tr and a row's direct w:tc children).
Page headers and footers are no part of the text: their lines go to `RawDocument.page_furniture`
(metadata falls back on them for an agency no title line names). A grid column empty in every row is
dropped (`rows.drop_empty_columns`)."""

from __future__ import annotations

import io
import re
from typing import Optional

from service.errors import IngestError
from service.ingest.docx_numbering import ListNumbers
from service.ingest.docx_styles import HiddenText
from service.ingest.images import EMU_PER_CM, IMAGE_MARK, PX_PER_CM, min_width_cm
from service.ingest.invisible import strip_invisible
from service.ingest.rows import drop_empty_columns, render_grid

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# elements that hold paragraphs/tables (blocks) or runs in place: content controls, custom XML, and in a
# paragraph also hyperlinks, tracked insertions/moves, smart tags and simple fields
# a picture: DrawingML (w:drawing, its size in wp:extent) or VML (w:pict / w:object, e.g. an embedded Excel
# sheet shown as its preview, its size in the shape's style)
_WP_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_V_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_BLOCK_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
_RUN_WRAPPERS = _BLOCK_WRAPPERS | {_W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple")}


def docx_to_text(data: bytes, source: str, warnings: list[str], furniture: Optional[list[str]] = None) -> str:
    """The body's text; the page headers' and footers' lines go to `furniture` when given (never into the text)."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as e:  # pragma: no cover - python-docx is a declared dependency
        raise IngestError(source, f"DOCX support is not installed ({e})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, BadZipFile, XML errors... for broken files
        raise IngestError(source, f"corrupt DOCX ({type(e).__name__})") from None
    counts: dict = {"nested": 0, "text_box": 0}
    try:
        for tbl in list(document.element.body.iter(_W + "tbl")):
            _lift_wrapped(tbl)
            for tr in tbl.findall(_W + "tr"):
                _lift_wrapped(tr)
        counts["numbers"] = ListNumbers(document)
        counts["hidden"] = HiddenText(document.styles.element)
        lines: list[str] = []
        for child in _blocks(document.element.body):
            if child.tag == _W + "p":
                lines.extend(_paragraph_lines(Paragraph(child, document._body), counts, Paragraph, Table))
            else:
                lines.extend(_table_lines(Table(child, document._body), counts, Paragraph, Table))
    except Exception as e:
        raise IngestError(source, f"unreadable DOCX content ({type(e).__name__}: {e})") from None
    if furniture is not None:
        furniture.extend(_header_footer_lines(document, counts))
    if counts["nested"]:
        warnings.append(f"{counts['nested']} table(s) nested inside DOCX table cells were read after the row holding them")
    if counts["text_box"]:
        warnings.append(f"{counts['text_box']} DOCX text box(es) were read after the paragraph they are anchored in")
    return strip_invisible("\n".join(lines))


def _header_footer_lines(document, counts: dict) -> list[str]:
    """The lines of every page header and footer each section defines (default, first page, even pages),
    their tables' cells included, once each; an unreadable part is skipped (it is no part of the report)."""
    lines: list[str] = []
    for section in document.sections:
        for part in ("header", "first_page_header", "even_page_header", "footer", "first_page_footer", "even_page_footer"):
            try:
                hf = getattr(section, part)
                if hf.is_linked_to_previous:  # no definition of its own (python-docx: the previous section's)
                    continue
                for el in hf._element.iter(_W + "p"):
                    for line in strip_invisible(_paragraph_text(el, counts)).split("\n"):
                        if line.strip() and line.strip() not in lines:
                            lines.append(line.strip())
            except Exception:  # noqa: BLE001 - a broken header part must not make the body unreadable
                continue
    return lines


def _blocks(parent) -> list:
    """The <w:p> and <w:tbl> children of a body, cell or text box, in order, those inside content
    controls included (python-docx lists only direct children)."""
    out = []
    for child in parent:
        if child.tag in (_W + "p", _W + "tbl"):
            out.append(child)
        elif child.tag in _BLOCK_WRAPPERS:
            out.extend(_blocks(child))
    return out


def _lift_wrapped(parent) -> None:
    """Replace each content control / custom XML child of a table or row by the rows or cells it holds (in
    place, in the in-memory document only), so that python-docx's row and cell lists see them."""
    i = 0
    while i < len(parent):
        child = parent[i]
        if child.tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            items = [] if content is None else [c for c in content
                                                if c.tag in (_W + "tr", _W + "tc", _W + "sdt", _W + "customXml")]
            parent.remove(child)
            for j, item in enumerate(items):
                parent.insert(i + j, item)
            continue  # look again at position i: an item may itself be a wrapper
        i += 1


def _runs_text(parent, p, hidden: HiddenText) -> str:
    """A paragraph's text as Word shows it with changes accepted: runs, also those inside hyperlinks,
    tracked insertions and content controls; tracked deletions (w:del, w:moveFrom) and hidden runs (directly or
    through their styles, `docx_styles.py`) are left out."""
    parts = []
    for child in parent:
        if child.tag == _W + "r":
            if not hidden.run_hidden(child, p):
                parts.append(child.text)  # python-docx's CT_R.text: w:t, tabs and breaks
        elif child.tag in _RUN_WRAPPERS:
            parts.append(_runs_text(child, p, hidden))
    return "".join(parts)


def _paragraph_text(p, counts: dict) -> str:
    text = _runs_text(p, p, counts["hidden"])
    if counts["hidden"].mark_hidden(p):  # a hidden paragraph mark hides the list label, and the item is not counted
        return text
    return counts["numbers"].label(p) + text


def _paragraph_lines(par, counts: dict, Paragraph, Table) -> list[str]:
    lines = [line.strip() for line in _paragraph_text(par._p, counts).split("\n") if line.strip()]
    lines += [IMAGE_MARK] * _pictures(par._p)
    for box in _text_boxes(par._p):
        counts["text_box"] += 1
        for child in _blocks(box):
            if child.tag == _W + "p":
                lines.extend(_paragraph_lines(Paragraph(child, par), counts, Paragraph, Table))
            elif child.tag == _W + "tbl":
                lines.extend(_table_lines(Table(child, par), counts, Paragraph, Table))
    return lines


def _pictures(p) -> int:
    """How many pictures wide enough to be a table the paragraph holds (Word's fallback copies not counted)."""
    n = 0
    for el in p.iter(_PIC, _V_IMAGEDATA):
        if _inside(el, p, (_MC_FALLBACK, _W + "txbxContent")):  # Word's second copy; a text box is read apart
            continue
        if el.tag == _PIC:
            drawing = next((a for a in el.iterancestors() if a.tag == _W + "drawing"), None)
            extent = next(drawing.iter(_WP_EXTENT), None) if drawing is not None else None
            try:
                wide = extent is None or int(extent.get("cx")) >= min_width_cm() * EMU_PER_CM
            except (TypeError, ValueError):
                wide = True
        else:
            wide = _vml_wide(el.getparent())
        n += wide
    return n


def _inside(el, stop, tags: tuple) -> bool:
    for a in el.iterancestors():
        if a is stop:
            return False
        if a.tag in tags:
            return True
    return False


def _vml_wide(shape) -> bool:
    m = re.search(r"(?:^|;)\s*width\s*:\s*(\d+(?:\.\d+)?)\s*(pt|px|cm|in)?", (shape.get("style") or "") if shape is not None else "")
    if m is None:
        return True
    cm = float(m.group(1)) / {"pt": 72 / 2.54, "px": PX_PER_CM, "cm": 1.0, "in": 1 / 2.54}.get(m.group(2) or "px", PX_PER_CM)
    return cm >= min_width_cm()


def _text_boxes(p) -> list:
    """The outermost <w:txbxContent> elements in a paragraph. Word writes a text box twice (DrawingML
    in mc:Choice, VML in mc:Fallback); the fallback copy is skipped so the content is read once."""
    boxes = []
    for box in p.iter(_W + "txbxContent"):
        ancestors = list(box.iterancestors())
        if any(a.tag == _MC_FALLBACK for a in ancestors) or any(a.tag == _W + "txbxContent" for a in ancestors):
            continue
        boxes.append(box)
    return boxes


def _table_lines(table, counts: dict, Paragraph, Table) -> list[str]:
    lines: list[str] = []
    grid: list[list[Optional[str]]] = []
    seen: list[object] = []  # the <w:tc> elements already written (a merge repeats them)
    for row in table.rows:
        cells: list[Optional[str]] = [""] * row.grid_cols_before
        inner: list[str] = []
        for cell in row.cells:
            tc = cell._tc  # python-docx exposes no public identity for a merged cell
            if any(tc is s for s in seen):
                cells.append("")
                continue
            seen.append(tc)
            for nested in cell.tables:
                counts["nested"] += 1
                inner.extend(_table_lines(nested, counts, Paragraph, Table))
            cells.append("\n".join(_paragraph_text(p, counts) for p in _blocks(tc) if p.tag == _W + "p"))
        cells.extend([""] * row.grid_cols_after)
        grid.append(cells)
        if inner:  # flush the rows so far, then the nested table's own lines
            lines.extend(_render(grid))
            lines.extend(inner)
            grid = []
    lines.extend(_render(grid))
    return lines


def _render(grid: list[list[Optional[str]]]) -> list[str]:
    width = max((len(r) for r in grid), default=0)
    return render_grid(drop_empty_columns([r + [""] * (width - len(r)) for r in grid]))
