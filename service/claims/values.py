"""The value normaliser: a VALUE span (`6277万余条`, `百分之九十五`, `60个工作日以内`) becomes
`value` (exact Decimal, base units), `unit` and `comparator`. Shares written as a fraction (`三分之一`) or
`半数` become percentages, as `百分之X` does (33.33 %, 50 %).

Used by the rules (`find_value_spans` finds the spans) and by the models (which find spans
and call `parse_value`). Lexicons (units, magnitudes, comparator words) are in
`configs/units.yaml`. Chinese numeral runs are converted by `cn2an`; what cn2an refuses
(余/多 marks, 百分之, a bare 百万/千, 两/〇 in strict mode, 点 decimals) is handled here, and
so are the fixed expressions in which a single numeral counts nothing (一次性, 两条腿走路).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Iterator, Optional

import cn2an

from service.config import load_config

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
_CN_SINGLE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


@dataclass(frozen=True)
class ParsedValue:
    value: Decimal
    unit: Optional[str]
    comparator: str = "="

    def as_float(self) -> float:
        return float(self.value)

    def as_number(self) -> int | float:
        """int when the value is whole, else float (for JSON)."""
        v = self.value
        return int(v) if v == v.to_integral_value() else float(v)


@dataclass(frozen=True)
class ValueSpan:
    start: int
    end: int
    parsed: ParsedValue
    # offsets of the number itself (without comparator words and unit), for exclusions
    num_start: int
    num_end: int
    postfix: str = ""  # the postfix comparator word as written (以上...), for threshold detection


class _Lexicon:
    def __init__(self, cfg: dict) -> None:
        self.units: list[str] = sorted(cfg["units"], key=len, reverse=True)
        self.unit_not_followed_by: dict[str, list[str]] = cfg.get("unit_not_followed_by", {}) or {}
        self.percent: list[str] = sorted(cfg["percent"], key=len, reverse=True)
        self.magnitudes: dict[str, int] = {k: int(v) for k, v in cfg["magnitudes"].items()}
        comps = cfg["comparators"]
        self.prefix: dict[str, str] = comps["prefix"]
        self.infix: dict[str, str] = comps["infix"]
        self.postfix: dict[str, str] = comps["postfix"]
        self.postfix_after_units: dict[str, dict] = comps.get("postfix_after_units", {}) or {}
        self.prefix_by_len: list[str] = sorted(self.prefix, key=len, reverse=True)
        bare = cfg["bare_number"]
        self.bare_after = re.compile(bare["after"])
        self.bare_before = re.compile(bare["before"])
        self.bare_noun = re.compile(bare["noun"])
        single = cfg["single_numeral"]
        self.single_not_after = re.compile(single["not_after"])
        self.single_not_match = re.compile(single["not_match"])
        self.single_schedule = re.compile(single["schedule"])
        self.single_clause_end = re.compile(single["clause_end"])
        self.unit_first: frozenset[str] = frozenset(w[0] for w in self.units + self.percent)
        self.prefix_last_chars: frozenset[str] = frozenset(w[-1] for w in self.prefix)
        alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
        ar = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        cn = f"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGITS}]+)?"
        units_alt = alt(self.percent + self.units)
        self.pattern = re.compile(
            rf"(?P<pre>{alt(self.prefix)})?"
            rf"(?:"
            rf"(?P<pct>百分之)(?P<pctnum>{ar}|{cn})"
            # (not inside 1,234,567: tried at each group of a long comma run it rescanned the run from each one)
            rf"|(?<!\d,)(?P<fden>{ar}|{cn})分之(?P<fnum>{ar}|{cn})"
            rf"|(?P<half>半数)"
            rf"|(?<![\d.A-Za-z/第])(?<!\d,)(?P<ar>{ar})(?![\d])[ \t]?(?P<inf1>{alt(self.infix)})?(?P<mag>{alt(self.magnitudes)})?(?P<inf2>{alt(self.infix)})?"
            rf"|(?<![第\d.点{CN_NUMERAL_CHARS}])(?P<cn>{cn})(?P<inf3>{alt(self.infix)})?(?P<cnmag>万亿|万|亿)?(?P<inf4>{alt(self.infix)})?"
            rf")"
            rf"(?:\s{{0,2}}(?P<unit>{units_alt}))?"
            rf"(?P<post>{alt(self.postfix)})?"
        )


@lru_cache(maxsize=1)
def _lex() -> _Lexicon:
    return _Lexicon(load_config("units.yaml"))


def cn_to_decimal(s: str) -> Decimal:
    """A run of Chinese numerals (`两万`, `一千二百三十四`, `百万`, `二〇二一`) as a Decimal."""
    if "点" in s:  # 九十七点五: the digits after 点 are read one by one
        whole, _, frac = s.partition("点")
        if not whole or not frac or any(c not in _CN_SINGLE for c in frac):
            raise ValueError(f"not a Chinese numeral: {s!r}")
        return cn_to_decimal(whole) + Decimal("0." + "".join(str(_CN_SINGLE[c]) for c in frac))
    if not s or any(c not in CN_NUMERAL_CHARS for c in s):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    if all(c in _CN_SINGLE for c in s):  # digit-by-digit form (二〇二一, 三): cn2an reads these as codes
        return Decimal("".join(str(_CN_SINGLE[c]) for c in s))
    t = s.replace("两", "二").replace("〇", "零")
    if t[0] in "十百千万亿":  # 百万, 千, 十二: cn2an wants a leading 一 except for 十
        t = ("一" + t) if t[0] != "十" else t
    try:
        return Decimal(str(cn2an.cn2an(t, "strict")))
    except (ValueError, KeyError, IndexError):
        pass
    # colloquial abbreviations cn2an refuses (一万二 = 12000): last digit takes the next-lower place
    places = {"十": 1, "百": 10, "千": 100, "万": 1000, "亿": 10**7}
    if len(t) >= 3 and t[-1] in _CN_SINGLE and t[-2] in places:
        head = cn_to_decimal(t[:-1])
        return head + _CN_SINGLE[t[-1]] * places[t[-2]]
    raise ValueError(f"cannot read Chinese numeral {s!r}")


def _comparator(m: re.Match, lex: _Lexicon) -> str:
    for key, table in (("post", lex.postfix), ("inf1", lex.infix), ("inf2", lex.infix), ("inf3", lex.infix), ("inf4", lex.infix), ("pre", lex.prefix)):
        w = m.group(key)
        if w:
            return table[w]
    return "="


def _from_match(m: re.Match, text: str, lex: _Lexicon, strict: bool) -> Optional[ValueSpan]:
    try:
        return _read_match(m, text, lex, strict)
    except (ValueError, ArithmeticError):  # a numeral cn2an cannot read, a number beyond Decimal's precision
        return None


def _read_match(m: re.Match, text: str, lex: _Lexicon, strict: bool) -> Optional[ValueSpan]:
    unit = m.group("unit")
    end = m.end()
    if unit:
        blocked = lex.unit_not_followed_by.get(unit, ())
        after = text[m.end("unit") : m.end("unit") + 4]
        if any(after.startswith(b) for b in blocked) and not m.group("post"):
            return None
    pre = m.group("pre")
    if m.group("pct"):
        raw = m.group("pctnum")
        num = Decimal(raw) if raw[0].isdigit() else cn_to_decimal(raw)
        if unit and unit not in lex.percent:
            return None  # 百分之五十件 is not a thing
        parsed = ParsedValue(num, "%", _comparator(m, lex))
        ns, ne = m.start("pct"), m.end("pctnum")
    elif m.group("fden") or m.group("half"):
        # a fraction (三分之一) or 半数 is a share: as a percentage, like 百分之X
        if unit and unit not in lex.percent:
            return None
        if m.group("half"):
            num, ns, ne = Decimal(50), m.start("half"), m.end("half")
        else:
            den, fnum = (Decimal(x) if x[0].isdigit() else cn_to_decimal(x) for x in (m.group("fden"), m.group("fnum")))
            if den == 0 or fnum > den:
                return None
            num, ns, ne = (fnum * 100 / den).quantize(Decimal("0.01")), m.start("fden"), m.end("fnum")
        parsed = ParsedValue(num, "%", _comparator(m, lex))
    elif m.group("ar"):
        raw = m.group("ar").replace(",", "")
        num = Decimal(raw)
        mag = m.group("mag")
        if mag:
            num *= lex.magnitudes[mag]
        approx = m.group("inf1") or m.group("inf2")
        # without a unit only 4215万 / 近3千 count (a bare number is a code, a year, a cell)
        if strict and not unit and not (mag and (mag in ("万", "亿", "万亿") or pre or approx or m.group("post"))):
            if mag or pre or approx or not _bare_count(text, m, lex):
                return None
        ns, ne = m.start("ar"), m.end("ar")
        if strict and unit == "次" and lex.single_schedule.search(text, max(0, ns - 12), ns) and lex.single_clause_end.match(text, m.end()):
            return None  # 每月至少更新1次。: a schedule closing its clause counts nothing, in figures as in words (NOTES §10)
        parsed = ParsedValue(num, unit, _comparator(m, lex))
    else:
        cn = m.group("cn")
        cnmag = m.group("cnmag")
        approx = m.group("inf3") or m.group("inf4")
        if strict:
            # a single numeral character is a value only with a counting word outside a fixed
            # expression (三件, 两次; not 一是, 两个方面, 三集中三到位); 十余人, 近百万, 逾千 are
            single = len(cn) == 1 and not (approx or cnmag)
            if single and cn in "十百千万亿" and not pre:
                return None
            if single and cn in _CN_SINGLE and not (unit and _single_counts(text, m, lex)):
                return None
            if not unit and not (pre or approx):
                return None
            if all(c in _CN_SINGLE for c in cn) and len(cn) > 1:
                return None  # 二〇二一: a year or a code, not a count
        num = cn_to_decimal(cn)
        if cnmag:
            num *= lex.magnitudes[cnmag]
        ns, ne = m.start("cn"), m.end("cn")
        parsed = ParsedValue(num, unit, _comparator(m, lex))
    post = m.group("post") or ""
    if unit and not post:
        for word, rule in lex.postfix_after_units.items():
            if unit in rule["units"] and text.startswith(word, end):
                post, end = word, end + len(word)
                parsed = ParsedValue(parsed.value, parsed.unit, rule["comparator"])
                break
    return ValueSpan(m.start(), end, _normalise(parsed), ns, ne, post)


def _bare_count(text: str, m: re.Match, lex: _Lexicon) -> bool:
    """A bare Arabic number printed right after a count noun (…量, …数) and closing its clause
    (订阅量1108。, 总阅读量32402,) or right before a counted place or body (12乡镇) is a value
    as printed (NOTES §3, §10)."""
    ns, ne = m.start("ar"), m.end("ar")
    if lex.bare_noun.match(text, ne) is not None and (ns == 0 or not text[ns - 1].isdigit()):
        return True  # 12乡镇(街道): a place or body counted without a counting word (NOTES §3)
    return lex.bare_after.search(text, max(0, ns - 6), ns) is not None and lex.bare_before.match(text, ne) is not None


def _single_counts(text: str, m: re.Match, lex: _Lexicon) -> bool:
    """A single numeral with its counting word (三件, 两次) counts something unless it is a
    fixed expression (一次性告知, 两条腿走路) or follows a schedule or negation word (每月一次)."""
    ns = m.start("cn")
    if lex.single_not_after.search(text, max(0, ns - 8), ns):
        return False
    if lex.single_schedule.search(text, max(0, ns - 12), ns) and lex.single_clause_end.match(text, m.end()):
        return False  # 每季度至少更新一次。: a schedule closing its clause counts nothing (1次全县业务培训 does, NOTES §10)
    if text[ns] in text[max(0, ns - 3) : max(0, ns - 1)]:  # second half of 一户一档, 三集中三到位 (no backreference into the past in `re`)
        return False
    return lex.single_not_match.match(text, ns) is None


def _normalise(p: ParsedValue) -> ParsedValue:
    v = p.value
    v = v.quantize(Decimal(1)) if v == v.to_integral_value() else v.normalize()
    return ParsedValue(v, p.unit, p.comparator)


# where a number can start: a digit, two Chinese numerals, one of 十百千万亿 before 余/多 or
# after an approximation word (十余人, 逾千; 百分之 starts with 百), or a single numeral before a
# counting word or 点 (三件, 三点五万元)
_CORE = re.compile(r"\d+|[零〇一二两三四五六七八九十百千万亿]{2,}|[十百千万亿](?=[余多])|[十百千万亿]|[零一二两三四五六七八九]|半(?=数)")
_CN_SINGLE_CORE = set("十百千万亿")
_CN_POINT = re.compile(f"点[{CN_DIGITS}]")


def iter_value_spans(text: str, strict: bool = True, skip: Optional[Callable[[int], bool]] = None) -> Iterator[ValueSpan]:
    """VALUE spans in `text`: a number (Arabic, Chinese or mixed) with its magnitude,
    approximation marks, comparator words and unit. `strict` (the default, used on running
    text) requires a unit, a percent sign or a magnitude with an approximation mark; a single
    Chinese numeral needs a counting word and no fixed expression (`single_numeral` in
    units.yaml), a bare Arabic number must close its clause after a count noun (`bare_number`).

    Speed: the full pattern is tried only where a number can start (one cheap scan for number
    cores), with the comparator word before it looked up directly. `skip(pos)` true: no value
    starts at pos (table regions)."""
    lex = _lex()
    pattern = lex.pattern
    last_end = 0
    for core in _CORE.finditer(text):
        p = core.start()
        if p < last_end or (skip is not None and skip(p)):
            continue
        if core.end() - p == 1 and text[p] in _CN_SINGLE and not _CN_POINT.match(text, p + 1):
            if text[p] == "零" or text[p + 1 : p + 4].lstrip()[:1] not in lex.unit_first:
                continue  # a single numeral (三件, 两次) is a value only before a counting word
        if core.end() - p == 1 and text[p] in _CN_SINGLE_CORE and text[p + 1 : p + 2] not in ("余", "多", "分"):
            if not any(text[max(0, p - len(w)) : p] == w for w in lex.prefix):
                continue
        m = None
        for w in (lex.prefix_by_len if p and text[p - 1] in lex.prefix_last_chars else ()):
            if p >= len(w) and text[p - len(w) : p] == w:
                m = pattern.match(text, p - len(w))
                if m is not None and m.group("pre") == w:
                    break
                m = None
        if m is None:
            m = pattern.match(text, p)
        if m is None or m.end() == m.start() or not (m.group("ar") or m.group("cn") or m.group("pct") or m.group("fden") or m.group("half")):
            continue
        vs = _from_match(m, text, lex, strict)
        if vs is not None:
            last_end = vs.end
            yield vs


def find_value_spans(text: str) -> list[ValueSpan]:
    return list(iter_value_spans(text))


def parse_value(value_text: str) -> Optional[ParsedValue]:
    """Normalise one VALUE span (`9.1亿余元` → 910000000, 元, `>`). None when the text holds no
    number. Leading/trailing text other than comparator words is ignored; never raises."""
    if not isinstance(value_text, str) or not value_text.strip():
        return None
    text = value_text.strip()
    lex = _lex()
    best: Optional[ValueSpan] = None
    try:
        for m in lex.pattern.finditer(text):
            if not (m.group("ar") or m.group("cn") or m.group("pct") or m.group("fden") or m.group("half")):
                continue
            vs = _from_match(m, text, lex, strict=False)
            if vs is not None and (best is None or (vs.end - vs.start) > (best.end - best.start)):
                best = vs
    except (ValueError, ArithmeticError):  # pragma: no cover - defensive: parse_value never raises
        return None
    return best.parsed if best else None
