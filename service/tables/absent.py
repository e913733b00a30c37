"""Why a statistical table is absent, for the record's warnings: a report whose table was pasted as a picture
(HTML <img>, a DOCX picture, a scanned PDF page), sent as an attachment (附件：统计表.xls) or left out gives a
null table (record.md: never zeros) and one warning `<table>: table not found …` saying which, so that a
reviewer batch-processing thousands of reports can find them. Nothing is read from the picture, its caption,
alt text or file name."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from service.config import load_config
from service.record import Section, Tables

TABLE_NAMES = ("active_disclosure", "applications", "review_litigation")
NOT_FOUND = "table not found"
AS_PICTURE = "pasted as an image"  # in the warning of a table whose place a picture holds
_NO_TABLE = ("overview", "problems", "other")
_WS = re.compile(r"\s+")
_NONE = re.compile(r"(?:附件|附表)\s*[:：]?\s*(?:无|空|略)")  # 相关附件：无
_CONTENT = re.compile(r"[\u4e00-\u9fff\d]")
_SHEET = re.compile(r"\.(?:xlsx?|et)\b", re.I)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    cfg = load_config("tables.yaml")["absent"]
    return re.compile("|".join(f"(?:{p})" for p in cfg["image_placeholders"]), re.I), re.compile(cfg["attachment"], re.I)


def _span(sections: Sequence[Section], key: str) -> Optional[tuple[int, int]]:
    """The section's text, up to the next section's heading (a picture just before it is the section's)."""
    ordered = sorted(sections, key=lambda s: s.start)
    for k, s in enumerate(ordered):
        if s.key == key:
            nxt = ordered[k + 1].start if k + 1 < len(ordered) else None
            return s.start, max(s.end, nxt if nxt is not None else s.end)
    return None


def absent_table_warnings(text: str, sections: Sequence[Section], tables: Tables, images: Sequence[int],
                          warnings: Sequence[str]) -> list[str]:
    """One warning for each null table: a picture where it should be, an attachment it was sent as, or that
    the document prints none. A table found but left out (`… table left out`) says so itself; it gets this
    warning only when a picture stands in its section too."""
    placeholder, attachment = _patterns()
    tabled = [(t.start, t.end) for t in (getattr(tables, n) for n in TABLE_NAMES) if t is not None and t.start is not None]
    # pictures and placeholders that stand in no table that was read
    pictures = [o for o in images if not any(s <= o <= e for s, e in tabled)]
    pictures += [m.start() for m in placeholder.finditer(text) if not any(s <= m.start() <= e for s, e in tabled)]
    out = []
    for name in TABLE_NAMES:
        if getattr(tables, name) is not None:
            continue
        span = _span(sections, name)
        sec = next((x for x in sections if x.key == name), None)
        where = "its section" if span else "the document (which prints no heading for it)"
        inside = [o for o in pictures if span[0] < o <= span[1]] if span else [
            o for o in pictures if _in_tables_part(o, sections)]
        if not inside and any(w.startswith(name) and "table left out" in w for w in warnings):
            continue
        lo, hi = span or (0, len(text))
        # an attachment anywhere that names a table or a spreadsheet (附件：…统计表.xls), else one the section names
        refs = [m for m in attachment.finditer(text) if not _NONE.match(m.group(0))]
        ref = next((m for m in refs if "表" in m.group(0) or _SHEET.search(m.group(0))), None) or next(
            (m for m in refs if lo <= m.start() < hi), None)
        if inside:
            out.append(f"{name}: {NOT_FOUND} as text; {where} holds {len(inside)} picture(s) — the table was "
                       f"probably {AS_PICTURE}, which is not read (no OCR)")
        elif ref:
            named = _WS.sub("", ref.group(0))[:60]
            out.append(f"{name}: {NOT_FOUND} as text; the report refers to an attachment "
                       f"(«{named}»), which is not read")
        elif sec is not None and _empty(text, sec):
            out.append(f"{name}: {NOT_FOUND} as text; its section holds nothing but its heading — the table was "
                       "probably a picture that the saved text lost")
        else:
            out.append(f"{name}: {NOT_FOUND} in the text (null, not zeros); no picture or attachment stands in its place")
    return out


def _in_tables_part(offset: int, sections: Sequence[Section]) -> bool:
    """For a table with no heading of its own: a picture after the report's first heading and in no part that
    holds no table (总体情况, 问题, 其他: a banner above the title, photos or a seal are no table)."""
    if not sections or offset <= min(s.start for s in sections):
        return False
    return not any(s.key in _NO_TABLE and _span(sections, s.key)[0] < offset <= _span(sections, s.key)[1] for s in sections)


def _empty(text: str, sec: Section) -> bool:
    body = text[sec.start:sec.end].replace(sec.title, "", 1)
    return not _CONTENT.search(body)


def tables_not_found(warnings: Sequence[str]) -> tuple[int, int]:
    """(tables not found as text, of which a picture holds the place) in a record's warnings."""
    found = [w for w in warnings if any(w.startswith(f"{n}: {NOT_FOUND}") for n in TABLE_NAMES)]
    return len(found), sum(1 for w in found if AS_PICTURE in w)
