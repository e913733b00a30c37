"""PDF → text with pdfplumber. Tables drawn with ruling lines become `cell | cell` rows placed
where they stand on the page among the other text lines; the rest of the page is read from the
text layer line by line. Page numbers alone on a line are removed.

pdfplumber opens the file (its errors name what is wrong); each page's chars and ruling lines
are read with pdfium where it reads them as pdfminer would (`pdfium_objects`; ingest ~3x faster),
else pdfminer parses the page as pdfplumber always does. `pdf.engine` in configs/ingest.yaml."""

from __future__ import annotations

import io
import itertools
import re
from functools import lru_cache
from operator import itemgetter
from typing import Any, Optional, Sequence

import pdfplumber
from pdfplumber.page import FilteredPage
from pdfplumber.utils import cluster_objects

from service.config import load_config
from service.errors import IngestError
from service.ingest.images import IMAGE_MARK
from service.ingest.pdf_blanks import mark_blank_cells
from service.ingest.pdf_columns import column_parts, reading_key, side_by_side
from service.ingest.pdf_images import image_boxes
from service.ingest.pdf_overlays import overlay_chars
from service.ingest.pdf_rules import closing_rules, double_rule_outers, is_rule, side_rules
from service.ingest.pdf_turned import quarter_turn, turned_page
from service.ingest.pdfium_objects import PdfiumPages
from service.ingest.rows import drop_empty_columns, render_grid

Bbox = tuple[float, float, float, float]


@lru_cache(maxsize=1)
def _settings() -> dict:
    cfg = dict(load_config("ingest.yaml")["pdf"])
    cfg["_page_number_res"] = [re.compile(p, re.I) for p in cfg["page_number_patterns"]]
    return cfg


def pdf_to_text(data: bytes, source: str, warnings: list[str]) -> str:
    cfg = _settings()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types; sort them into the reasons users understand
        raise _open_error(e, source) from None
    try:
        with pdf:
            n_pages = len(pdf.pages)
            pages = pdf.pages[: cfg["max_pages"]]
            if n_pages > len(pages):
                warnings.append(f"PDF has {n_pages} pages; only the first {len(pages)} were read")
            page_texts: list[str] = []
            char_counts: list[int] = []
            cid_chars = 0
            pictures: dict[int, list] = {}  # wide pictures per page (a table pasted as an image)
            with PdfiumPages(data, pdf.pages, enabled=cfg["engine"] == "pdfium") as fast:
                for i, page in enumerate(pages):
                    objects = fast.objects(i, pictures.setdefault(i, []))
                    if objects is not None:
                        page._objects = objects  # pdfplumber's own cache of `page.objects`
                    else:
                        pictures.update(image_boxes(data, [i]))  # a page pdfium did not read for us
                    chars = [c for c in page.chars if not c["text"].isspace()]
                    turn = quarter_turn(chars, float(cfg["turned_page_min_share"]))
                    if turn:  # a table printed sideways: read with the page turned
                        page.close()
                        page = turned_page(page, turn)
                        chars = [c for c in page.chars if not c["text"].isspace()]
                    char_counts.append(len(chars))
                    cid_chars += sum(1 for c in chars if c["text"].startswith("(cid:"))
                    # a page without text but with a picture (a scanned page) keeps its place as a picture
                    page_texts.append(_page_text(page, cfg, pictures[i]) if chars else IMAGE_MARK * bool(pictures[i]))
                    page.close()  # frees the page's parsed objects (long documents)
    except IngestError:
        raise
    except Exception as e:
        raise _open_error(e, source) from None
    if not pages or max(char_counts) <= cfg["scanned_max_chars_per_page"]:
        raise IngestError(source, "scanned PDF without a text layer (OCR not supported)")
    if cid_chars > sum(char_counts) / 2:
        raise IngestError(source, "PDF text layer has no character map (glyph codes only); text cannot be read")
    if cid_chars:
        warnings.append(f"{cid_chars} characters of the PDF text layer could not be decoded (cid codes)")
    return "\n".join(t for t in page_texts if t)


def _open_error(e: Exception, source: str) -> IngestError:
    names = []
    cur: Optional[BaseException] = e
    while cur is not None and len(names) < 5:
        names.append(type(cur).__name__ + " " + str(cur))
        cur = cur.__cause__ or cur.__context__
    chain = " ".join(names).lower()
    if "password" in chain or "encrypt" in chain:
        return IngestError(source, "encrypted PDF")
    return IngestError(source, f"corrupt PDF ({type(e).__name__})")


def _page_text(page: Any, cfg: dict, pictures: Sequence[Bbox] = ()) -> str:
    page = _dedupe_chars(page)  # fake-bold text is often drawn twice
    overlays = overlay_chars(page.chars, float(cfg["overlay_min_skew_degrees"]), float(cfg["overlay_pale_lightness"]),
                             float(cfg["overlay_pale_size_ratio"]))
    if overlays:  # a watermark or a seal's text lies over the content; it is no part of it
        page = page.filter(lambda o: id(o) not in overlays)
    ruled = page.filter(lambda o: is_rule(o, cfg["rule_max_thickness"]))
    doubles = double_rule_outers(ruled.lines + ruled.rects, float(cfg["table_settings"]["snap_tolerance"]))
    if doubles:
        ruled = ruled.filter(lambda o: id(o) not in doubles)
    settings = dict(cfg["table_settings"])
    settings["explicit_horizontal_lines"] = closing_rules(ruled.edges)
    settings["explicit_vertical_lines"] = side_rules(ruled.edges, float(cfg["table_settings"]["snap_tolerance"]))
    tables = [(t, rows) for t in ruled.find_tables(settings) if (rows := _real_table_rows(t)) is not None]
    items: list[tuple[float, int, str, bool]] = []  # (top, order, text, is_table_row)
    keys: list[tuple] = []  # each item's place in reading order
    columns = side_by_side([t.bbox for t, _ in tables], float(cfg["side_by_side_heading_room"]))
    rest = page
    for i, (table, rows) in enumerate(tables):
        for line in _table_lines(table, rows, page, cfg):
            items.append((table.bbox[1], i, line, True))
            keys.append(reading_key(columns, table.bbox[0], table.bbox[1], i))
        # strict=False: on a page with /Rotate 90|270 pdfplumber places objects in the rotated frame
        # but keeps the unrotated page bbox, so a table may lie "outside" the page
        rest = rest.outside_bbox(table.bbox, strict=False)
    lines = rest.extract_text_lines(strip=True, return_chars=True)
    marked = mark_blank_cells(lines, ruled.edges, cfg)
    for k, line in enumerate(lines):
        if not line["text"]:
            continue
        for x0, text in column_parts(columns, line) or [(line["x0"], marked.get(k, line["text"]))]:
            items.append((line["top"], -1, text, False))
            keys.append(reading_key(columns, x0, line["top"], -1))
    for x0, top, _, _ in pictures:  # where a picture stands among the lines (a table pasted as an image)
        items.append((top, -1, IMAGE_MARK, False))
        keys.append(reading_key(columns, x0, top, -1))
    items = [it for _, it in sorted(zip(keys, items), key=itemgetter(0))]
    return "\n".join(_drop_page_numbers(items, float(page.height), cfg))


def _dedupe_chars(page: Any) -> Any:
    """pdfplumber's `page.dedupe_chars()` with the same result; its final re-sort looks every
    kept char up with `list.index` (quadratic, a sixth of a page's time), here by position."""
    chars = page.chars
    position = {id(c): i for i, c in enumerate(chars)}
    # (a size rounded: a glyph drawn again a fraction of a point lower gets its size from a matrix, 10.500000000000057)
    def key(c: dict) -> tuple:
        return c["upright"], c["text"], c["fontname"], round(c["size"], 2)
    kept = []
    for _, group in itertools.groupby(sorted(chars, key=key), key=key):
        group = list(group)
        # (most chars are alone in their group or line: clustering one object gives it back as it is)
        for y_cluster in cluster_objects(group, itemgetter("doctop"), 1) if len(group) > 1 else [group]:
            if len(y_cluster) == 1:
                kept.append(y_cluster[0])
                continue
            for x_cluster in cluster_objects(y_cluster, itemgetter("x0"), 1):
                kept.append(sorted(x_cluster, key=itemgetter("doctop", "x0"))[0])
    out = FilteredPage(page, lambda x: True)
    out._objects = dict(page.objects)
    out._objects["char"] = sorted(kept, key=lambda c: position[id(c)])
    return out


def _real_table_rows(table: Any) -> Optional[list[list[Optional[str]]]]:
    """The table's cell texts, or None for a boxed paragraph, which is not a table: require two
    columns with text side by side in some row."""
    try:
        rows = table.extract()
    except Exception:
        return None
    return rows if any(sum(1 for c in row if c and c.strip()) >= 2 for row in rows) else None


def _table_lines(table: Any, cells: list[list[Optional[str]]], page: Any, cfg: dict) -> list[str]:
    """Rows of the table. Grid positions without a cell of their own (under a merged cell, or
    where a border is missing) are empty, except that text lying in such an area and in no real
    cell (e.g. a label whose cell border fell on the next page) goes to the area's top position."""
    grid = [list(row) for row in cells]
    rows = table.rows
    _join_broken_numbers(grid, rows, page, cfg)
    real_cells: list[Bbox] = [c for r in rows for c in r.cells if c is not None]
    ncols = max((len(r.cells) for r in rows), default=0)
    # a row's own band: from its top to the nearest cell bottom (merged cells reach further down)
    bands = [(r.bbox[1], min((c[3] for c in r.cells if c is not None), default=r.bbox[3])) for r in rows]
    centres = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in page.chars]  # once per table
    for j in range(ncols):
        xs = [r.cells[j] for r in rows if j < len(r.cells) and r.cells[j] is not None]
        if not xs:
            continue
        x0, x1 = min(c[0] for c in xs), max(c[2] for c in xs)
        i = 0
        while i < len(rows):
            if j < len(rows[i].cells) and rows[i].cells[j] is None:
                k = i
                while k + 1 < len(rows) and j < len(rows[k + 1].cells) and rows[k + 1].cells[j] is None:
                    k += 1
                text = _orphan_text(centres, (x0, bands[i][0], x1, bands[k][1]), real_cells)
                if text:
                    grid[i][j] = text
                i = k + 1
            else:
                i += 1
    return render_grid(drop_empty_columns(grid))


_SPREAD = re.compile(r"[\d.](?: +[\d.])+")  # one digit per word: 分散对齐 (`2 3 1 8`)
_WRAPPED = re.compile(r"\d+(?:\.\d+)?(?:\n\d+)+(?:\.\d+)?")  # digits over lines, no spaces
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _join_broken_numbers(grid: list[list[Optional[str]]], rows: list, page: Any, cfg: dict) -> None:
    """A ruled cell holds one value. Two exporter habits break its number apart: 分散对齐 (each digit
    its own word, evenly spread over the cell) and a number wrapped in a narrow cell (`10` over `32`).
    Such a cell's digits are joined; anything else (stacked numbers of two rows whose rule is missing,
    numbers typed with spaces) is left as it is, for the table parser to leave out with a warning."""
    for i, row in enumerate(grid):
        single = [bool(t and _NUMBER.fullmatch(t.strip())) for t in row]
        for j, text in enumerate(row):
            if not text or j >= len(rows[i].cells) or rows[i].cells[j] is None:
                continue
            text = text.strip()
            if _SPREAD.fullmatch(text):
                if _evenly_spread(page, rows[i].cells[j], cfg):
                    grid[i][j] = text.replace(" ", "")
            elif _WRAPPED.fullmatch(text):
                lines = text.split("\n")
                # wrapped: the first line is the fullest; and the row's other numbers fit on one line
                # (else this may be two rows' numbers stacked in cells whose dividing rule is missing)
                if len(lines[0]) >= 2 and all(len(x) <= len(lines[0]) for x in lines) and \
                        any(single[k] for k in range(len(row)) if k != j):
                    grid[i][j] = "".join(lines)


def _evenly_spread(page: Any, box: Bbox, cfg: dict) -> bool:
    """The cell's characters stand on one line at equal gaps over most of the cell's width."""
    chars = sorted((c for c in page.chars if not c["text"].isspace()
                    and box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2] and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]),
                   key=itemgetter("x0"))
    if len(chars) < 2 or max(c["top"] for c in chars) - min(c["top"] for c in chars) > chars[0]["size"] / 2:
        return False
    gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:])]
    span = chars[-1]["x1"] - chars[0]["x0"]
    even = max(gaps) - min(gaps) <= max(1.0, cfg["spread_digits_gap_tolerance"] * sum(gaps) / len(gaps))
    return even and span >= cfg["spread_digits_min_span"] * (box[2] - box[0])


def _orphan_text(centres: list[tuple[float, float, dict]], region: Bbox, cells: list[Bbox]) -> str:
    """The text of the chars (with their centres: (x, y, char)) whose centre lies in `region` and in none of `cells`."""
    def inside(x: float, y: float, box: Bbox) -> bool:
        return box[0] <= x <= box[2] and box[1] <= y <= box[3]

    chars = [c for x, y, c in centres if inside(x, y, region) and not any(inside(x, y, b) for b in cells)]
    if not chars:
        return ""
    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
    return "".join(c["text"] for c in chars)


def _drop_page_numbers(items: list[tuple[float, int, str, bool]], height: float, cfg: dict) -> list[str]:
    margin = cfg["bare_page_number_margin"] * height
    out = []
    last = len(items) - 1
    for k, (top, _, text, is_table) in enumerate(items):
        if not is_table:
            s = text.strip()
            if any(p.match(s) for p in cfg["_page_number_res"]):
                continue
            if s.isdigit() and len(s) <= 4 and ((k == 0 and top < margin) or (k == last and top > height - margin)):
                continue
        out.append(text)
    return out
