"""HTML → text with lxml: page chrome (scripts, navigation, menus, breadcrumbs, footers, share bars,
related links) is dropped and the report's main-content container is kept (html_chrome.py), block
elements become line breaks and tables become `cell | cell` rows (here).

Merged table cells (rowspan/colspan) are expanded into a grid with the text in the top-left grid
position and empty strings in the other positions it covers. Repeating the text would duplicate
numbers into neighbouring columns or rows; the empty positions match what the PDF reader gives
for merged areas, so the table parser sees one layout whatever the format."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from service.config import load_config
from service.errors import IngestError
from service.ingest.html_chrome import drop_chrome, main_content
from service.ingest.html_css_tables import CSS_TABLE_DISPLAYS, css_table_grid, display
from service.ingest.html_embedded import expand_embedded
from service.ingest.html_headings import break_after_bold_headings
from service.ingest.html_meta import page_meta_lines
from service.ingest.html_nesting import MAX_DEPTH, flatten_deep_nesting
from service.ingest.html_styles import apply_stylesheet
from service.ingest.images import IMAGE_MARK, PX_PER_CM, min_width_cm
from service.ingest.invisible import strip_invisible
from service.ingest.rows import clean_cell, collapse_repeats, drop_empty_columns, render_grid

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "title",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"[ \t\r\f\v\xa0]+")
_ROW_MARK = "\x00row\x00"
_TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th"}
_ASCII_WS = re.compile(r"[ \t\n\r\f\v]+")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
# a source line break between two CJK characters is markup formatting, not a space
_CJK_SOURCE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*\n\s*(?=[{_CJK}])")


@lru_cache(maxsize=1)
def _settings() -> dict:
    cfg = dict(load_config("ingest.yaml")["html"])
    cfg["_noise"] = re.compile("|".join(f"(?:{p})" for p in cfg["noise_patterns"]), re.I)
    cfg["_markers"] = [re.compile(p) for p in cfg["content_markers"]]
    cfg["_title"] = re.compile(cfg["title_pattern"])
    cfg["_date"] = re.compile(cfg["date_pattern"])
    cfg["_chrome_text"] = re.compile("|".join(f"(?:{p})" for p in cfg["chrome_text_patterns"]))
    return cfg


def decode_html(data: bytes) -> str:
    """BOM, then the declared charset, then UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    candidates = []
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        # pages declaring gb2312/gbk routinely contain GB18030-only characters
        candidates.append("gb18030" if declared in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936") else declared)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def html_to_text(data: bytes, source: str, warnings: list[str], furniture: list[str] | None = None) -> str:
    """The report's text; `furniture` (when given) receives the page's declared title and date (html_meta.py)."""
    import lxml.html
    from lxml import etree

    cfg = _settings()
    try:
        markup = _XML_DECL.sub("", decode_html(data))
        if not markup.strip():
            raise IngestError(source, "empty HTML document")
        parser = lxml.html.HTMLParser()
        root = lxml.html.document_fromstring(markup, parser=parser)
        if any("Excessive depth" in e.message for e in parser.error_log):
            # libxml2 stops reading at depth 256 and keeps nothing below: unwrap the deep wrappers, read again
            root = lxml.html.document_fromstring(flatten_deep_nesting(markup, MAX_DEPTH, BLOCK_TAGS))
            warnings.append(f"elements nested more than {MAX_DEPTH} deep were unwrapped (the page nests them too deep to read)")
        expand_embedded(root, cfg["_markers"], warnings)
        apply_stylesheet(root, warnings)  # before chrome: a class the page's <style> hides is not shown
        etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
        if furniture is not None:
            furniture.extend(page_meta_lines(root))
        body = root.find("body") if root.find("body") is not None else root
        drop_chrome(body, cfg)
        container = main_content(body, cfg)
        if container is not body:
            warnings.append(f"kept the main-content container <{container.tag}> of the page, dropped the rest")
        break_after_bold_headings(container, cfg)
        text = _render(container)
    except IngestError:
        raise
    except Exception as e:  # lxml is forgiving; anything that still fails is reported, not raised
        raise IngestError(source, f"unreadable HTML ({type(e).__name__}: {e})") from None
    return text


def _render(el) -> str:
    out: list[str] = []
    _walk(el, out)
    text = strip_invisible("".join(out))
    lines = []
    for line in text.split("\n"):
        if line.startswith(_ROW_MARK):
            lines.append(line[len(_ROW_MARK):])
            continue
        line = _WS.sub(" ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def _walk(el, out: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag == "br":
        out.append("\n")
    elif tag == "img":
        if _may_be_table_picture(el):
            out.append("\n" + IMAGE_MARK + "\n")
    elif tag == "table" and not _has_nested_table(el) and not _is_layout_table(el):
        # table rows are marked so that line clean-up leaves their cell separators alone
        out.append("\n" + "\n".join(_grid_lines(_table_grid(el))) + "\n")
    elif tag not in _TABLE_PARTS and (grid := _css_grid(el)) is not None:
        out.append("\n" + "\n".join(_grid_lines(grid)) + "\n")
    else:
        block = tag in BLOCK_TAGS
        if block:
            out.append("\n")
        if el.text and tag:
            out.append(_inline(el.text, tag == "pre"))
        for child in el:
            if isinstance(child.tag, str):
                _walk(child, out)
            if child.tail:
                out.append(_inline(child.tail, tag == "pre"))
        if block:
            out.append("\n")
        return
    # the tail of br/table is emitted by the parent loop


def _inline(s: str, pre: bool) -> str:
    """Source whitespace as a browser shows it: a run of ASCII whitespace is one space (none
    where a source line break falls between two CJK characters); line breaks come from blocks."""
    if pre:
        return s
    return _ASCII_WS.sub(" ", _CJK_SOURCE_BREAK.sub("", s))


def _css_grid(el) -> Optional[list[list[str]]]:
    """A table laid out with CSS boxes (html_css_tables), as a grid; None for any other box or one holding a <table>."""
    if display(el) not in CSS_TABLE_DISPLAYS or any(
            d is not el and (d.tag == "table" or display(d) in CSS_TABLE_DISPLAYS) for d in el.iter()):
        return None  # not a CSS table, or a layout holding tables: its boxes are read as blocks
    grid = css_table_grid(el, _cell_text)
    return None if grid is None or _is_layout_grid(grid) else drop_empty_columns(grid)


def _is_layout_grid(grid: list[list[str]]) -> bool:
    """A CSS-laid-out page (a section heading or a long text in a box), not a statistical table."""
    cfg = _settings()
    for row in grid:
        filled = [c for c in row if c.strip()]
        for cell in filled:
            if len(cell) > cfg["layout_cell_chars"] or (any(m.search(cell) for m in cfg["_markers"])
                                                          and not (len(filled) == 1 and _is_heading_cell(clean_cell(cell)))):
                return True
    return False


def _has_nested_table(table) -> bool:
    return any(t is not table for t in table.iter("table"))


def _grid_lines(grid: list[list[Optional[str]]]) -> list[str]:
    """The grid's rows as marked `cell | cell` lines; a row holding only a section heading (the table's
    own merged title row) becomes a plain heading line."""
    lines = []
    for row in grid:
        filled = [c for c in (clean_cell(c) for c in row) if c]
        if len(filled) == 1 and _is_heading_cell(filled[0]):
            lines.append(filled[0])
        else:
            lines += [_ROW_MARK + line for line in render_grid([row])]
    return lines


def _is_heading_cell(text: str) -> bool:
    cfg = _settings()
    text = text.strip()
    return len(text) <= cfg["heading_cell_chars"] and any(m.match(text) for m in cfg["_markers"])


def _is_layout_table(table) -> bool:
    """A page-layout table (the report's text in a cell): one of its cells holds a section heading or
    more text than a statistical table's cell; it is walked as blocks, not rendered as a grid. A heading
    alone in its row of a table that has a row of three or more filled cells is the table's own title
    row, not a sign of a layout table."""
    cfg = _settings()
    grid_like = None
    for cell in table.iter("td", "th"):
        text = "".join(cell.itertext())
        if len(text) > cfg["layout_cell_chars"]:
            return True
        if any(m.search(text) for m in cfg["_markers"]):
            if grid_like is None:
                grid_like = _has_wide_row(table)
            if not (grid_like and _alone_in_row(cell) and _is_heading_cell(clean_cell(_cell_text(cell)))):
                return True
    return False


def _has_wide_row(table) -> bool:
    """A row with three or more cells holding text: the table is a grid, not a column of blocks."""
    for tr in table.iter("tr"):
        if sum(1 for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th") and "".join(c.itertext()).strip()) >= 3:
            return True
    return False


def _alone_in_row(cell) -> bool:
    tr = cell.getparent()
    return tr is not None and not any(
        c is not cell and isinstance(c.tag, str) and c.tag.lower() in ("td", "th") and "".join(c.itertext()).strip() for c in tr)


def _cell_text(cell) -> str:
    parts: list[str] = []
    _walk(cell, parts)
    return "".join(parts).replace(IMAGE_MARK, "")  # a picture in a table's cell is no table left out


_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$", re.I)


def _may_be_table_picture(img) -> bool:
    """An <img> not declared narrower than a table could be (an icon, a print button, a seal)."""
    m = _LENGTH.match(img.get("width") or "")
    if m is None:
        m = re.search(r"(?:^|;)\s*width\s*:\s*(\d+(?:\.\d+)?)px", img.get("style") or "", re.I)
    return m is None or float(m.group(1)) >= min_width_cm() * PX_PER_CM


def _table_grid(table) -> list[list[Optional[str]]]:
    """Expand rowspan/colspan: text in the top-left position of a merged cell, '' elsewhere; in a table without
    merged cells, text repeated over the positions of a merge is read as that merge (`collapse_repeats`).
    Columns empty in every row are left out (`drop_empty_columns`)."""
    rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    grid: list[list[Optional[str]]] = []
    pending: dict[tuple[int, int], str] = {}  # grid positions covered by a rowspan from above
    merged = False
    for i, tr in enumerate(rows):
        row: list[Optional[str]] = []
        j = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while (i, j) in pending:
                row.append(pending.pop((i, j)))
                j += 1
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            merged = merged or rowspan > 1 or colspan > 1
            for dc in range(colspan):
                row.append(_cell_text(cell) if dc == 0 else "")
                for dr in range(1, rowspan):
                    pending[(i + dr, j + dc)] = ""
            j += colspan
        while (i, j) in pending:
            row.append(pending.pop((i, j)))
            j += 1
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    if not merged:
        grid = collapse_repeats(grid)  # a merge written out as repeated text (pandas, Excel unmerge + fill)
    return drop_empty_columns(grid)


def _owning_table(tr):
    p = tr.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _span(value: Optional[str]) -> int:
    try:
        return max(1, min(int(str(value).strip()), 100))
    except (TypeError, ValueError):
        return 1
