"""Row labels glued to the text before them, their numbers split off by whitespace (crawled pages that join a
table's cells: `…现行有效件数规章 0 0 0行政规范性文件 3 1 17第二十条第（五）项…行政许可 88`).

What may stand glued in front of a label (configs/tables.yaml `label_glue`, `header_words`): column headings, the
第二十条 item headings, group headings, and the previous row's last number. A label so glued still names its row
(rows.py), and a number glued in front of a label is that previous row's last cell (cells.py)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from service.config import load_config

# a token opening with a (signed: 本年增/减) number: the number, and the rest (a list marker's digit stays with the label: `01.属于…`)
_LEADING_DIGITS = re.compile(r"^([+\-−]?\d+?)(\d[.．、].*|[^\d.．,，、%％].*)$")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+|\d)")


def _clean(text: str) -> str:
    from service.tables.rows import clean_label  # (rows.py imports cells.py, which imports this module)

    return clean_label(text)


def _alternatives(headings_only: bool) -> str:
    cfg = load_config("tables.yaml")
    parts = [re.escape(_clean(w)) for w in cfg["header_words"]] + list(cfg["label_glue"]["headings"])
    if not headings_only:
        parts += cfg["label_glue"]["other"]
    return "|".join(sorted(parts, key=len, reverse=True))


@lru_cache(maxsize=1)
def glue_re() -> re.Pattern:
    """Text glued in front of a row label: one or more column headings / glue patterns, on the label's cleaned text."""
    return re.compile(f"(?:{_alternatives(False)})+")


@lru_cache(maxsize=1)
def heading_re() -> re.Pattern:
    """A column or item heading (not a number or a group heading such as (三)不予公开)."""
    return re.compile(_alternatives(True))


def glued_hit(frag: str, alias: str) -> bool:
    """The cleaned label `frag` ends in `alias` and what stands before it is glued text, not a longer label
    (`其他行政强制`). An alias that is a column heading too (总计) is never taken glued."""
    if len(frag) <= len(alias) or not frag.endswith(alias) or alias in load_config("tables.yaml")["label_glue"]["never"]:
        return False
    return glue_re().fullmatch(frag[: -len(alias)]) is not None


def unglued(frag: str, headed: bool = False) -> Optional[str]:
    """The cleaned label without the glued text in front of it, or None when nothing (or everything) is glue;
    `headed`: only when that text holds a column or item heading (`现行有效件数规章`, not `(三)不予公开1.属于国家秘密`)."""
    m = glue_re().match(frag)
    if not m or m.end() >= len(frag) or (headed and not heading_re().search(m.group())):
        return None
    return frag[m.end():]


@lru_cache(maxsize=1)
def _label_starts() -> tuple[str, ...]:
    """Every row label and alias of the templates, cleaned, without list markers."""
    cfg = load_config("tables.yaml")
    rows = [*cfg["applications"]["rows"].values()]
    for t in cfg["active_disclosure"]["templates"].values():
        rows += t["rows"].values()
    out = set()
    for r in rows:
        for a in [r["label"], *r.get("aliases", [])]:
            a = _clean(a.lstrip("="))
            a = _MARKER.sub("", a, count=1) if _MARKER.match(a) and len(a) > 2 else a
            if len(a) >= 2:
                out.add(a)
    return tuple(sorted(out, key=len, reverse=True))


@lru_cache(maxsize=65536)
def glued_number(token: str) -> Optional[int]:
    """Where the number glued in front of a row label ends in a whitespace-free token (`17行政强制`,
    `88第二十条第（六）项…行政处罚`, `0(七)总计`, `01.属于国家秘密`), or None when the token is no such thing
    (`2023年`, `3412条`, `1.属于国家秘密`)."""
    m = _LEADING_DIGITS.match(token)
    if not m:
        return None
    rest = _clean(m.group(2))
    rest = unglued(rest) or rest
    rest = _MARKER.sub("", rest, count=1)
    return len(m.group(1)) if rest.startswith(_label_starts()) else None
