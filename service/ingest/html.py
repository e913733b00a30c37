"""HTML → text with lxml: page chrome (scripts, navigation, menus, breadcrumbs, footers, share bars,
related links) is dropped, the report's main-content container is kept, block elements become line
breaks and tables become `cell | cell` rows.

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
from service.ingest.html_headings import break_after_bold_headings
from service.ingest.invisible import strip_invisible
from service.ingest.rows import clean_cell, render_grid

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "title",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"[ \t\r\f\v\xa0]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ROW_MARK = "\x00row\x00"
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


def html_to_text(data: bytes, source: str, warnings: list[str]) -> str:
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
            root = lxml.html.document_fromstring(_flatten_deep_nesting(markup, _MAX_DEPTH))
            warnings.append(f"elements nested more than {_MAX_DEPTH} deep were unwrapped (the page nests them too deep to read)")
        etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
        body = root.find("body") if root.find("body") is not None else root
        _drop_chrome(body, cfg)
        container = _main_content(body, cfg)
        if container is not body:
            warnings.append(f"kept the main-content container <{container.tag}> of the page, dropped the rest")
        break_after_bold_headings(container, cfg)
        text = _render(container)
    except IngestError:
        raise
    except Exception as e:  # lxml is forgiving; anything that still fails is reported, not raised
        raise IngestError(source, f"unreadable HTML ({type(e).__name__}: {e})") from None
    return text


_MAX_DEPTH = 128  # well under libxml2's 256 and Python's recursion limit (_walk recurses per level)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*>")
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# wrappers whose tags can go without losing anything but a line break (given back as <br>)
_UNWRAPPABLE = {"div", "span", "font", "section", "article", "center", "main", "aside", "header", "footer", "nav",
                "blockquote", "b", "i", "u", "strong", "em", "small", "big"}


def _flatten_deep_nesting(markup: str, limit: int) -> str:
    """Drop the tags (never the text) of wrapper elements opened deeper than `limit`, with their closing
    tags: a tag scan, since the parser itself gives up on such a page (a regex scan: only used then)."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, bool]] = []  # (tag, unwrapped)
    depth = 0  # elements kept open
    broke = False  # the last thing written was a <br> standing for unwrapped blocks
    for m in _TAG.finditer(markup):
        name = m.group(2).lower()
        if name in _VOID_TAGS or m.group(0).endswith("/>"):
            continue
        if not m.group(1):
            drop = depth >= limit and name in _UNWRAPPABLE
            stack.append((name, drop))
            depth += 0 if drop else 1
        else:
            i = len(stack) - 1
            while i >= 0 and stack[i][0] != name:
                i -= 1
            if i < 0:
                continue  # a stray closing tag: the parser ignores it
            drop = stack[i][1]
            depth -= sum(1 for _, d in stack[i:] if not d)
            del stack[i:]
        if drop:
            between = markup[pos:m.start()]
            out.append(between)
            if name in BLOCK_TAGS and (between.strip() or not broke):
                out.append("<br>")  # one line break for a run of unwrapped blocks, not one each
                broke = True
            elif between.strip():
                broke = False
            pos = m.end()
    out.append(markup[pos:])
    return "".join(out)


def _text_len(el) -> int:
    """Characters of text, whitespace not counted."""
    return len(re.sub(r"\s+", "", "".join(el.itertext())))


def _drop_chrome(body, cfg: dict) -> None:
    total = max(1, _text_len(body))
    share = cfg["protect_text_share"]
    drop_tags = set(cfg["drop_tags"])
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el is body:
            continue
        tag = el.tag.lower()
        if tag in drop_tags:
            if tag == "header" and _holds_title(el, cfg):
                continue  # an article's own header holds the report title
            if tag in ("script", "style", "noscript", "template") or _text_len(el) < share * total:
                el.drop_tree()  # lxml keeps the tail text
            continue
        if (_HIDDEN.search(el.get("style") or "") or el.get("hidden") is not None) and _text_len(el) < share * total:
            el.drop_tree()  # not shown by a browser (print-only copies, hidden share text)
            continue
        names = " ".join(filter(None, (el.get("id"), el.get("class"))))
        if names and cfg["_noise"].search(names) and _text_len(el) < share * total:
            el.drop_tree()
            continue
        if tag in _CHROME_TEXT_TAGS and _is_chrome_text(el, cfg):
            el.drop_tree()  # print/close links, previous/next article links of unnamed layout cells


_CHROME_TEXT_TAGS = {"td", "div", "p", "span", "li", "ul", "center"}


def _is_chrome_text(el, cfg: dict) -> bool:
    text = re.sub(r"\s+", "", "".join(el.itertext()))
    return 0 < len(text) <= cfg["chrome_text_max_chars"] and bool(cfg["_chrome_text"].match(text))


def _holds_title(el, cfg: dict) -> bool:
    for h in el.iter("h1", "h2", "h3"):
        if cfg["_title"].search("".join(h.itertext())):
            return True
    return False


def _main_content(body, cfg: dict):
    """The smallest element holding every section heading found on the page, widened to a parent
    that adds the report title and little else (a title above the content box, a date line)."""
    text = "".join(body.itertext())
    markers = [m for m in cfg["_markers"] if m.search(text)]
    if len(markers) < 2:
        return body
    # descend while one child still holds every marker (a path down the tree, not a full scan)
    best = body
    while True:
        inner = [c for c in best if isinstance(c.tag, str) and _holds_all(c, markers)]
        if len(inner) != 1:
            break
        best = inner[0]
    inner_text = "".join(best.itertext())
    # the container opens with the report title: no parent is needed for it
    if not cfg["_title"].search(re.sub(r"\s+", "", inner_text)[: cfg["title_head_chars"]]):
        best = _widen_to(best, body, cfg["_title"], cfg)
    if not cfg["_date"].search("".join(best.itertext())):
        best = _widen_to(best, body, cfg["_date"], cfg)  # a 发布日期 box beside the article
    return best


def _widen_to(best, body, pattern: re.Pattern, cfg: dict):
    """The nearest parent whose text outside `best` matches `pattern` and adds little else, or `best`."""
    inner_text = "".join(best.itertext())
    base = _text_len(best)
    parent = best.getparent()
    while parent is not None and parent is not body.getparent():
        if _text_len(parent) - base > cfg["title_widen_max_extra"]:
            break
        outside = "".join(parent.itertext()).replace(inner_text, "", 1)
        if pattern.search(outside):
            return parent
        parent = parent.getparent()
    return best


def _holds_all(el, markers: list[re.Pattern]) -> bool:
    text = "".join(el.itertext())
    return all(m.search(text) for m in markers)


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
    elif tag == "table" and not _has_nested_table(el) and not _is_layout_table(el):
        # table rows are marked so that line clean-up leaves their cell separators alone
        out.append("\n" + "\n".join(_grid_lines(_table_grid(el))) + "\n")
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
    return "".join(parts)


def _table_grid(table) -> list[list[Optional[str]]]:
    """Expand rowspan/colspan: text in the top-left position of a merged cell, '' elsewhere."""
    rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    grid: list[list[Optional[str]]] = []
    pending: dict[tuple[int, int], str] = {}  # grid positions covered by a rowspan from above
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
    return [r + [""] * (width - len(r)) for r in grid]


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
