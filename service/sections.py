"""The six standard parts of a report, found by their headings (一、总体情况 / 一、概述 / headings
broken over lines in PDFs / headings inline in crawled text / parts missing)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Optional

from service.config import load_config
from service.record import Section

ORDER = ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]
_NUMERAL = "[一二三四五六七八九十]{1,2}"


def _spaced(phrase: str) -> str:
    return r"\s*".join(re.escape(c) for c in phrase)


# how the six parts are numbered: 一、总体情况 (the template's own), then the styles some sites use for the
# top level (第一部分 总体情况, （一）总体情况, 1.总体情况); the latter also number sub-items under 一、…, so
# they are tried only when the template's numbering finds (almost) nothing
_STYLES = {
    "cn": (rf"(?P<num>{_NUMERAL})\s*[、.．]", r"(?:(?<=\n)|^|(?<=[\s。\d）)]))"),
    "part": (rf"(?P<num>第{_NUMERAL}部分)\s*[、.．:：]?", r"(?:(?<=\n)|^|(?<=[\s。]))"),
    "paren": (rf"(?P<num>[（(]\s*{_NUMERAL}\s*[)）])\s*[、.．]?", r"(?:(?<=\n)|^|(?<=[\s。]))"),
    # line start only: a digit after text is a count or a sub-item, 2.5 is a number
    "arabic": (r"(?P<num>[1-9])\s*[、.．](?!\d)", r"(?:(?<=\n)|^)"),
}


_ENDS = "(?:情况|事项|概述|措施)"
# after a heading: a line end, a space, a sentence end, a comma or a colon (`…情况：本年度…`)
_BOUNDARY = re.compile(r"[ \t]*(?:\n|$)|[\s。:：,，]")
# the rest of a heading that continues its phrase (、提起行政诉讼情况, 及改进措施), or 情况 alone
_CONTINUES = re.compile(rf"[、及和与并]|{_ENDS}$")
_COMPLETE_TAIL_MAX = 6


def _tail_end(m: re.Match) -> int:
    """Where the matched heading ends: after its tail when the tail is the rest of the heading, else after
    the standard phrase. Crawled text and HTML paragraphs glue the body to the heading (`四、…行政诉讼情况
    本年度…`, `一、总体情况本局…工作情况。`), so a tail is taken when it is followed by a boundary and, after a
    phrase that is already a whole heading (总体情况, …申请情况), short (一、总体情况概述); or, glued to
    what follows, when it completes a phrase that is not a whole heading (行政复议、行政诉讼 + 情况)."""
    tail = m.group("tail")
    if not tail:
        return m.end()
    complete = bool(re.search(rf"{_ENDS}$", re.sub(r"\s+", "", m.group("title"))))
    if _BOUNDARY.match(m.string, m.end()):
        return m.end("title") if complete and len(tail) > _COMPLETE_TAIL_MAX else m.end()
    return m.end() if not complete and _CONTINUES.match(tail) else m.end("title")


@lru_cache(maxsize=4)
def _before(style: str) -> str:
    """What may stand before a heading's numbering. Crawled text that flattens the tables glues a heading
    to the last cell of the table before it (`…采购总金额…75394432.52元三、收到和处理…申请情况`): in the template's
    own numbering, a heading that is one of the whole standard headings (`sections_glued`) may follow any
    character."""
    before = _STYLES[style][1]
    if style != "cn":
        return before
    glued = sorted(load_config("tables.yaml")["sections_glued"], key=len, reverse=True)
    alt = "|".join(_spaced(p) for p in glued)
    return rf"(?:{before}|(?={_NUMERAL}\s*、\s*(?:{alt})))"


@lru_cache(maxsize=4)
def _patterns(style: str = "cn") -> dict[str, re.Pattern]:
    cfg = load_config("tables.yaml")["sections"]
    mark, before = _STYLES[style][0], _before(style)
    pats = {}
    for key in ORDER:
        phrases = sorted(cfg[key], key=len, reverse=True)
        alt = "|".join(_spaced(p) for p in phrases)
        # the numbering starts a line, or follows a space/sentence end (crawled text puts headings inline)
        pats[key] = re.compile(
            rf"{before}[ \t]*{mark}\s*"
            # a short lead-in before the standard phrase: 因政府信息公开工作被申请行政复议…, 政府信息公开工作存在的主要问题…
            rf"(?P<lead>[^。,，、;；:：|\d]{{0,14}}?)(?P<title>(?:{alt}))"
            # the rest of the heading up to its first 情况/事项 on its line (、提起行政诉讼情况); whether it is
            # heading or body text glued to the heading is decided by `_tail_end`; a heading letter-spaced or
            # wrapped onto the next line is completed by `_heading_end`
            rf"(?P<tail>(?:(?:(?!{_ENDS})[^\s。,，;；:：|\d]){{0,16}}?{_ENDS})?)",
        )
    return pats


@lru_cache(maxsize=4)
def _next_heading(style: str = "cn") -> re.Pattern:
    """A line starting with the style's numbering (the next heading)."""
    return re.compile(r"[ \t]*" + re.sub(r"\(\?P<num>", "(?:", _STYLES[style][0]))


_END = re.compile(r"(?:情况|事项|概述|措施)$")
_STOP = re.compile(r"[。,，;；:：|]")


def _heading_end(text: str, end: int, next_heading: re.Pattern) -> int:
    """Where a heading ends: after its matched part, or after the rest of its line and up to two more
    lines when these complete it, i.e. end in 情况/事项/概述/措施 with at most 16 other characters, no
    punctuation, spaces ignored (letter-spaced `行 政 诉 讼 情 况`, wrapped `…行政诉讼情` / `况`). A heading
    that already ends in 情况 takes no next line (the line under 收到和处理政府信息公开申请情况 may be a
    table's 申请人情况)."""
    heading = re.sub(r"\s+", "", text[max(0, end - 4):end])
    if _END.search(heading):
        return end
    pos, seen = end, ""
    for _ in range(3):
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        part = text[pos:stop]
        if pos > end and (not part.strip() or next_heading.match(part)):
            break
        seen += re.sub(r"\s+", "", part)
        if len(seen) > 18 or _STOP.search(seen):
            break
        if seen and _END.search(seen):
            return stop
        if nl < 0:
            break
        pos = nl + 1
    return end


# the character each style's numbering starts with (the first character of its `mark`)
_MARK_FIRST = {"cn": "[一二三四五六七八九十]", "part": "第", "paren": "[（(]", "arabic": "[1-9]"}


@lru_cache(maxsize=4)
def _head(style: str) -> tuple[re.Pattern, re.Pattern]:
    """The mark's first character, and the start every heading pattern of the style begins with."""
    mark, before = _STYLES[style][0], _before(style)
    return re.compile(_MARK_FIRST[style]), re.compile(rf"{before}[ \t]*{mark}")


def _starts(text: str, style: str) -> list[int]:
    """Sorted positions where a heading of the style can start: at a numbering mark or in the spaces
    before it, where the heading's own start matches. The heading patterns open with a lookbehind, so
    `re` would try them at every position of the text (the section finder's cost on long texts)."""
    first, head = _head(style)
    out: list[int] = []
    for m in first.finditer(text):
        q = m.start()
        while q > 0 and text[q - 1] in " \t":
            q -= 1
        out.extend(p for p in range(q, m.start() + 1) if head.match(text, p))
    return out


def _search(pat: re.Pattern, starts: list[int], text: str, pos: int) -> Optional[re.Match]:
    """`pat.search(text, pos)`, tried only at `starts` (a match can start nowhere else)."""
    for p in starts[bisect.bisect_left(starts, pos):]:
        m = pat.match(text, p)
        if m:
            return m
    return None


def _find(text: str, style: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []  # (start, heading end, key)
    starts = _starts(text, style)
    pos = 0
    for key in ORDER:
        m = _search(_patterns(style)[key], starts, text, pos)
        if not m:
            continue
        found.append((m.start("num"), _heading_end(text, _tail_end(m), _next_heading(style)), key))
        pos = found[-1][1]
    # a part printed out of the usual order (六、存在的主要问题 after 五、其他需要报告的事项) is missed by the
    # ordered walk above: look for each missing part after the first heading, outside the headings found
    first = min((f[0] for f in found), default=0)
    for key in ORDER:
        if any(f[2] == key for f in found):
            continue
        m = _search(_patterns(style)[key], starts, text, first)
        while m:  # (every match from `first` on, as finditer gives them: headings are never empty)
            hend = _heading_end(text, _tail_end(m), _next_heading(style))
            if not any(s <= m.start("num") < e or m.start("num") <= s < hend for s, e, _k in found):
                found.append((m.start("num"), hend, key))
                break
            m = _search(_patterns(style)[key], starts, text, m.end())
    return sorted(found)


def find_sections(text: str) -> list[Section]:
    """Headings in document order; each section runs to the next heading found (or the end)."""
    found = _find(text, "cn")
    if len(found) < 3:
        for style in ("part", "paren", "arabic"):
            alt = _find(text, style)
            if len(alt) >= 4 and len(alt) > len(found):
                found = alt
                break
    sections = []
    for i, (start, hend, key) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        title = re.sub(r"\s+", "", text[start:hend])
        sections.append(Section(key=key, title=title, start=start, end=end))
    return sections


def section_at(sections: list[Section], start: int) -> str | None:
    for s in sections:
        if s.start <= start < s.end:
            return s.key
    return None
