"""Regions of a text where a number is never a claim (annotation-guidelines.md, "Not claims"):
dates and years, document numbers, phone numbers, postcodes, website codes, ICP/公安备案
numbers, 索引号, URLs, addresses, list and article markers, numbers inside names, slogans and
book titles, statistical-table lines, and thresholds that only qualify another claim.

Patterns live in `configs/claims.yaml` (`exclusions`, `table_line`, `threshold_postfix`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from service.config import load_config

Span = tuple[int, int]


@dataclass(frozen=True)
class Exclusion:
    start: int
    end: int
    kind: str


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    """Whole-text patterns, one regex each: each starts with a literal, which lets `re` skip
    ahead quickly (one alternation of them all is three times slower)."""
    cfg = load_config("claims.yaml")
    return [(name, re.compile(rx, re.MULTILINE)) for name, rx in cfg["exclusions"].items()]


@lru_cache(maxsize=1)
def _number_pattern() -> re.Pattern:
    """Patterns that begin with the number itself, as one alternation tried *at* a number."""
    cfg = load_config("claims.yaml")["number_exclusions"]
    return re.compile("|".join(f"(?P<{n}>{rx})" for n, rx in cfg.items()))


_DIGITS = re.compile(r"\d+")


def number_exclusion(text: str, pos: int) -> Exclusion | None:
    """The date/time/phone/code/name that begins with the number at `pos`, if any."""
    m = _number_pattern().match(text, pos)
    if m and m.end() > m.start():
        return Exclusion(m.start(), m.end(), m.lastgroup or "?")
    return None


@lru_cache(maxsize=1)
def _table_line_re() -> tuple[re.Pattern, re.Pattern, int, int, int]:
    cfg = load_config("claims.yaml")["table_line"]
    line = re.compile(r"[^\n]+")
    number = re.compile(r"(?<![\d.\w])\d+(?:\.\d+)?(?![\d.\w])", re.ASCII)
    return line, number, int(cfg["min_pipes"]), int(cfg["min_numbers"]), int(cfg["max_line_chars"])


# starts only where a digit run starts: tried inside a run it rescanned the run from each digit (quadratic)
_NUMBER_RUN = re.compile(r"(?<!\d)\d+(?:\.\d+)?(?:[ \t]+\d+(?:\.\d+)?){2,}")
_CLAUSE = re.compile(r"[^。\n]+")


def table_line_spans(text: str) -> list[Span]:
    """Lines that look like statistical-table rows: cells separated by `|`, or three or more
    whitespace-separated numbers (PDF-extracted rows such as `一、本年新收… 95 0 0 0 0 0 95`)."""
    line_re, number_re, min_pipes, min_numbers, max_line = _table_line_re()
    out: list[Span] = []
    for m in line_re.finditer(text):
        s = m.group(0)
        if len(s) > max_line:  # a whole page on one line: exclude the table-like runs only
            out.extend((m.start() + r.start(), m.start() + r.end()) for r in _NUMBER_RUN.finditer(s))
            if s.count("|") >= min_pipes:
                out.extend((m.start() + r.start(), m.start() + r.end()) for r in _CLAUSE.finditer(s) if r.group(0).count("|") >= min_pipes)
        elif s.count("|") >= min_pipes or len(number_re.findall(s)) >= min_numbers and _mostly_cells(s):
            out.append((m.start(), m.end()))
    return out


def _mostly_cells(line: str) -> bool:
    """Three bare numbers on a prose line (`自然人72件、商业企业3件`) are not a table row: a row's
    numbers stand alone, separated by whitespace, and are not followed by a counting word."""
    return re.search(r"\d+(?:\.\d+)?(?:\s+\d+(?:\.\d+)?){2,}(?:\s|$)", line) is not None


def exclusion_spans(text: str, with_tables: bool = True) -> list[Exclusion]:
    """All exclusion regions (sorted by start): whole-text patterns, number-initial patterns
    tried at every run of digits, and (with_tables) table-like lines."""
    out = []
    for name, pat in _patterns():
        out.extend(Exclusion(m.start(), m.end(), name) for m in pat.finditer(text) if m.end() > m.start())
    for d in _DIGITS.finditer(text):
        x = number_exclusion(text, d.start())
        if x is not None:
            out.append(x)
    out.sort(key=lambda x: (x.start, x.end))
    if with_tables:
        out.extend(Exclusion(s, e, "table_line") for s, e in table_line_spans(text))
        out.sort(key=lambda x: (x.start, x.end))
    return out


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


class SpanIndex:
    """Merged, sorted spans with a fast overlap test (bisect, no scan)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = merge_spans(spans)
        self.starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.spans[i][1] > start


def threshold_postfixes() -> tuple[str, ...]:
    return tuple(load_config("claims.yaml")["threshold_postfix"])


def is_threshold(text: str, value_end: int, postfix: str, next_value_start: int | None, clause_end: int, unit: str | None = None) -> bool:
    """`5000万元以上项目33个`: a value ending in 以上/以下, followed (in the same clause) by a noun
    and then another value, qualifies that value's claim and is not a claim itself; so does one
    followed by 的 (`500万元以上的全部项目`), with or without a count after it, and an amount right
    before the noun it sizes (`对总投资5000万元以上建设项目的…信息`, NOTES §7)."""
    if postfix not in threshold_postfixes():
        return False
    if value_end >= len(text) or not ("\u4e00" <= text[value_end] <= "\u9fff" or text[value_end] in "的“"):
        return False
    if text[value_end] == "的":  # 500万元以上的全部项目: a condition on a noun, never a claim (NOTES §10)
        return True
    if unit is not None and unit in load_config("claims.yaml")["threshold_units"] and text[value_end] != "“":
        return True  # 2000万元以上政府投资项目的招投标信息: an amount sizing the noun after it (NOTES §7)
    return next_value_start is not None and next_value_start < clause_end


def pattern_index(text: str) -> SpanIndex:
    """Whole-text exclusion patterns only (no table lines, no number-initial patterns)."""
    return SpanIndex([(m.start(), m.end()) for _, pat in _patterns() for m in pat.finditer(text) if m.end() > m.start()])
