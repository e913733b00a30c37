"""Word's automatic list numbers (自动编号): a paragraph numbered through numbering.xml shows `一、`,
`（一）` or `1.` that is not in its text. The label is rebuilt here from the list definition so that
headings and row labels read as printed. python-docx does not compute list numbers, hence this module."""

from __future__ import annotations

from typing import Optional

import cn2an

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NO_LABEL = {"bullet", "none"}


def _val(el, tag: str) -> Optional[str]:
    child = None if el is None else el.find(_W + tag)
    return None if child is None else child.get(_W + "val")


def format_number(n: int, fmt: str) -> str:
    """One level's number in a w:numFmt (the formats Chinese reports use; others as decimals)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "ideographLegalTraditional"):
        return cn2an.an2cn(n)
    if fmt == "chineseLegalSimplified":
        return cn2an.an2cn(n, "up")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


class ListNumbers:
    """The list labels of a document's paragraphs, counted in reading order (call `label` once per
    paragraph, in document order)."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNum → ilvl → (start, fmt, text)
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNum, ilvl → startOverride)
        self._styles: dict[str, tuple[Optional[str], Optional[str], Optional[str]]] = {}  # id → numId, ilvl, basedOn
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        try:
            numbering = document.part.part_related_by(_NUMBERING_REL).element
        except (KeyError, AttributeError):
            return
        for a in numbering.findall(_W + "abstractNum"):
            levels = {}
            for lvl in a.findall(_W + "lvl"):
                levels[int(lvl.get(_W + "ilvl", "0"))] = (
                    int(_val(lvl, "start") or 1), _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "")
            self._levels[a.get(_W + "abstractNumId")] = levels
        for num in numbering.findall(_W + "num"):
            overrides = {}
            for o in num.findall(_W + "lvlOverride"):
                start = _val(o, "startOverride")
                if start is not None:
                    overrides[int(o.get(_W + "ilvl", "0"))] = int(start)
            self._nums[num.get(_W + "numId")] = (_val(num, "abstractNumId") or "", overrides)
        for style in document.styles.element.findall(_W + "style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            self._styles[style.get(_W + "styleId")] = (
                _val(num_pr, "numId"), _val(num_pr, "ilvl"), _val(style, "basedOn"))

    def _from_style(self, style_id: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        seen = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            num_id, ilvl, based_on = self._styles[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = based_on
        return None, None

    def label(self, p) -> str:
        """The list label Word shows before paragraph element `p` (`一、`, `（二）`, `3.`), or ''."""
        if not self._nums:
            return ""
        ppr = p.find(_W + "pPr")
        num_pr = None if ppr is None else ppr.find(_W + "numPr")
        num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        if num_id is None:
            style_num, style_ilvl = self._from_style(_val(ppr, "pStyle"))
            num_id, ilvl = style_num, ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id not in self._nums:  # numId 0 (numbering removed) is never defined
            return ""
        abstract, overrides = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        level = int(ilvl or 0)
        if level not in levels or levels[level][1] in _NO_LABEL:
            return ""
        counters = self._counters.setdefault(abstract, {})
        if num_id not in self._started:  # a list restarted with lvlOverride/startOverride
            self._started.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        counters[level] = counters.get(level, levels[level][0] - 1) + 1
        for deeper in [lv for lv in counters if lv > level]:
            del counters[deeper]
        text = levels[level][2]
        for lv in range(level, -1, -1):
            start, fmt, _ = levels.get(lv, (1, "decimal", ""))
            text = text.replace(f"%{lv + 1}", format_number(counters.get(lv, start), fmt))
        return text
