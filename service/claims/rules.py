"""Rule-based claim finder: VALUE spans (values.py) minus exclusions (exclusions.py), each linked
to the METRIC before it (`即办率提高至50%以上`, `政府发布信息273件`) or after it (`接入39家单位`,
`等8项制度`), following annotation-guidelines.md.

How a value finds its metric (lexicons in `configs/claims.yaml`):
1. The clause around the value is cut at punctuation (and at line breaks that are not PDF
   wraps); the left context runs from the clause start, the previous value or the previous
   value's metric, whichever is latest, to the value.
2. Copulas at the end of the left context are dropped (`即办率提高至` → `即办率`). If a
   transitive verb remains (`配备专职管家`), the metric is what follows it (`专职管家`); if
   nothing follows it (`接入39家单位`, `举办191场…活动`), or the context ends with 等/和/及, or
   only function words are left (`为731个企业`), the metric is the noun phrase after the value.
3. Time, place and subject words at the start (`2022年`, `全区`, `市营商局`) are stripped, and a
   leading verb is dropped when what is left is specific (`发布信用动态` → `信用动态`) but kept
   when it is generic (`发布信息`, `受理申请`).
Confidence (documented heuristic): 0.9 when metric and value touch, 0.8 with words between them
or with the metric after the value, 0.6 for the fall-back reading, minus 0.2 for metrics longer
than 10 characters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from service.claims.exclusions import SpanIndex, is_threshold, number_exclusion, pattern_index, table_line_spans
from service.claims.values import ValueSpan, iter_value_spans
from service.config import load_config
from service.record import Claim, Section

_HAN = re.compile(r"[\u4e00-\u9fff]")
_WS = re.compile(r"\s+")


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Cfg:
    boundary: re.Pattern
    glued_paren: re.Pattern
    soft_wrap_min_line: int
    transitive: re.Pattern
    trailing_copula: re.Pattern
    leading_strip: re.Pattern
    leading_agency: re.Pattern
    leading_verbs: re.Pattern
    generic: frozenset[str]
    compound_heads: tuple[str, ...]
    function_words: frozenset[str]
    to_right: re.Pattern
    right_stop: re.Pattern
    right_head: re.Pattern
    right_heads: re.Pattern
    bare_verbs: frozenset[str]
    channel_prefix: re.Pattern
    share_words: frozenset[str]
    long_chars: int
    long_cut_after: re.Pattern
    long_mid_verbs: re.Pattern
    max_metric: int
    conf: dict
    rank: re.Pattern


@lru_cache(maxsize=1)
def _cfg() -> _Cfg:
    c = load_config("claims.yaml")
    bchars = re.escape(c["boundary_chars"].replace("\n", "").replace("\t", ""))
    return _Cfg(
        boundary=re.compile(rf"[{bchars}\t()（）\[\]【】]"),
        glued_paren=re.compile(r"(?<=[\u4e00-\u9fff”])[(（](?!含|其中|包括|不含|另)[^()（）\d,，。、;；\n]{1,8}[)）]"),
        soft_wrap_min_line=int(c["soft_wrap_min_line"]),
        transitive=re.compile(_alt(c["transitive_verbs"])),
        trailing_copula=re.compile(rf"(?:{_alt(list(c['copulas']) + list(c['trailing_words']))})+$"),
        leading_strip=re.compile(c["leading_strip"]),
        leading_agency=re.compile(c["leading_agency"]),
        leading_verbs=re.compile(rf"^(?:{_alt(c['leading_verbs'])})"),
        generic=frozenset(c["generic_metrics"]),
        compound_heads=tuple(c["verb_compound_heads"]),
        function_words=frozenset(c["function_words"]),
        to_right=re.compile(rf"(?:{_alt(c['to_right_markers'])})$"),
        right_stop=re.compile(_alt(c["right_stops"])),
        right_head=re.compile(r"^(?:[\u4e00-\u9fff“”‘’\"《》]|[(（](?!含|其中|包括|不含|另)[^()（）\d,，。、;；\n]{1,8}[)）])+"),
        right_heads=re.compile(rf"^[\u4e00-\u9fff]{{0,{int(c['right_head_max_prefix'])}}}?(?:{_alt(c['right_heads'])})(?=[\u4e00-\u9fff])"),
        bare_verbs=frozenset(c["leading_verbs"]),
        channel_prefix=re.compile(c["channel_prefix"]),
        share_words=frozenset(c["share_words"]),
        long_chars=int(c["long_metric_chars"]),
        long_cut_after=re.compile(c["long_metric_cut_after"]),
        long_mid_verbs=re.compile(_alt(c["long_metric_mid_verbs"])),
        max_metric=int(c["max_metric_chars"]),
        conf=c["confidence"],
        rank=re.compile(c["rank"]),
    )


def _boundaries(text: str, cfg: _Cfg) -> list[int]:
    """Sorted positions of clause-ending characters (punctuation, hard line breaks, parentheses
    that are not part of a name like `企业(项目)`)."""
    glued = set()
    for m in cfg.glued_paren.finditer(text):
        glued.add(m.start())
        glued.add(m.end() - 1)
    out = [m.start() for m in cfg.boundary.finditer(text) if m.start() not in glued]
    # line breaks: a PDF wrap inside a sentence is not a boundary
    for m in re.finditer(r"\n", text):
        i = m.start()
        ls = text.rfind("\n", 0, i) + 1
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        soft = (
            i - ls >= cfg.soft_wrap_min_line
            and (_HAN.match(prev) or prev.isdigit() or prev in " ”")
            and (_HAN.match(nxt) or nxt.isdigit() or nxt in "“")
        )
        if not soft:
            out.append(i)
    out.sort()
    return out


def _strip_ws(s: str) -> str:
    return _WS.sub("", s)


@dataclass
class _Metric:
    start: int
    end: int
    kind: str  # adjacent | gap | right | fallback


def _clean_left(text: str, a: int, b: int, cfg: _Cfg) -> tuple[int, int]:
    """Trim a candidate left metric text[a:b] (time/place/subject words, leading verbs,
    trailing copulas, anything up to the last 的); returns the trimmed (a, b), maybe empty."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    for _ in range(3):
        seg = text[a:b]
        m = cfg.trailing_copula.search(seg)
        if m and m.start() > 0:
            b = a + m.start()
        elif m:
            return a, a
        seg = text[a:b]
        m = cfg.leading_agency.match(seg)
        if m and m.end() < len(seg):
            a += m.end()
        seg = text[a:b]
        m = cfg.leading_strip.match(seg)
        if m and m.end() > 0:
            a += m.end()
            while a < b and text[a].isspace():
                a += 1
            continue
        break
    seg = text[a:b]
    k = seg.rfind("的")
    if 6 < k < len(seg) - 1:  # a long modifier ending in 的 is dropped; 政策法规类的信息 keeps its short one
        a += k + 1
        seg = text[a:b]
    m = cfg.channel_prefix.match(seg)
    if m and m.end() < len(seg):
        a += m.end()
        seg = text[a:b]
    m = cfg.leading_verbs.match(seg)
    if m and m.end() < len(seg):
        rest = _strip_ws(seg[m.end() :])
        if len(rest) >= 2 and rest not in cfg.generic and not rest.startswith(cfg.compound_heads):
            a += m.end()
    while b > a and text[b - 1] == "的":
        b -= 1
    if _strip_ws(text[a:b]) in cfg.function_words:
        return a, a
    return a, b


def _left_metric(text: str, ls: int, vs: int, cfg: _Cfg) -> tuple[Optional[_Metric], bool, Optional[_Metric]]:
    """Metric before a value in text[ls:vs]. Returns (metric, wants_right, fallback)."""
    seg = text[ls:vs]
    if not _strip_ws(seg):
        return None, True, None
    # drop copulas/adverbs right before the value
    b = vs
    m = cfg.trailing_copula.search(seg)
    if m:
        b = ls + m.start()
    while b > ls and text[b - 1].isspace():
        b -= 1
    gap = b < vs and bool(_strip_ws(text[b:vs]))
    head = text[ls:b]
    if cfg.to_right.search(head) or (not head.strip() and gap is False):
        fa, fb = _clean_left(text, ls, b - 1 if head.endswith(tuple("等和及与、或")) else b, cfg)
        return None, True, (_Metric(fa, fb, "fallback") if fb > fa else None)
    last = None
    for t in cfg.transitive.finditer(head):
        last = t
    if last is not None:
        a2, b2 = _clean_left(text, ls + last.end(), b, cfg)
        if b2 > a2:
            return _Metric(a2, b2, "gap" if gap or b2 < vs else "adjacent"), False, None
        fa, fb = _clean_left(text, ls, ls + last.start(), cfg)
        if fb <= fa:  # nothing before the verb either: the verb is what is counted (含新制定5件)
            fa, fb = _clean_left(text, ls, b, cfg)
        return None, True, (_Metric(fa, fb, "fallback") if fb > fa else None)
    a2, b2 = _clean_left(text, ls, b, cfg)
    if b2 > a2:
        found = _Metric(a2, b2, "adjacent" if b2 == vs else "gap")
        name = _strip_ws(text[a2:b2])
        # 收到1份《申请表》 (a bare verb), 可为23件政策 (one character), “一件事一次办”210项事项 (a
        # quoted name qualifying the noun after the value): the metric follows the value
        if name in cfg.bare_verbs or len(name) == 1 or (name[0] in "“\"" and name[-1] in "”\""):
            return None, True, _Metric(a2, b2, "fallback")
        return found, False, None
    return None, True, None


def _trim_long(text: str, metric: _Metric, cfg: _Cfg) -> _Metric:
    """A long left metric usually still holds its subject (`上海市人民政府网站共发布各类信息`):
    cut after the last agency/platform word, then before the last counting verb, and re-trim."""
    a, b = metric.start, metric.end
    seg = text[a:b]
    m = cfg.long_cut_after.match(seg)
    if m and len(_strip_ws(seg[m.end() :])) >= 2:
        a += m.end()
        seg = text[a:b]
    last = None
    for v in cfg.long_mid_verbs.finditer(seg):
        if v.start() > 0:
            last = v
    if last is not None and len(_strip_ws(seg[last.start() :])) >= 3:
        a += last.start()
    a2, b2 = _clean_left(text, a, b, cfg)
    if b2 - a2 < 2:
        return metric
    return _Metric(a2, b2, metric.kind)


def _right_metric(text: str, ve: int, re_: int, cfg: _Cfg) -> Optional[_Metric]:
    seg = text[ve:re_]
    m = cfg.right_head.match(seg.lstrip())
    if not m:
        return None
    head = m.group(0)
    stop = cfg.right_stop.search(head)
    if stop is not None:
        head = head[: stop.start()]
    q = head.find("“", 1)
    if q > 0:  # 31个单位“三集中三到位”工作: the quoted name qualifies what follows
        head = head[:q]
    h = cfg.right_heads.match(head)
    if h:
        head = h.group(0)
    head = head.rstrip("“‘\"《(（和及与或")
    off = 0
    if head.startswith("《") and head.endswith("》"):
        head, off = head[1:-1], 1
    if len(head) < 1 or head in cfg.function_words:
        return None
    if not head:
        return None
    start = ve + (len(seg) - len(seg.lstrip())) + off
    return _Metric(start, start + len(head), "right")


def _confidence(kind: str, metric_len: int, cfg: _Cfg) -> float:
    c = cfg.conf
    base = {"adjacent": c["adjacent_left"], "gap": c["gap_left"], "right": c["right"], "share": c["gap_left"]}.get(kind, c["fallback"])
    if metric_len > int(c["long_metric_chars"]):
        base -= float(c["long_metric_penalty"])
    return round(max(0.05, min(1.0, float(base))), 2)


def _rank_values(text: str, cfg: _Cfg) -> list[ValueSpan]:
    """`排名第5`, `全市排名第一`, `考核排名列板块组第3位`: the 第N is a value (unit 位/名)."""
    from decimal import Decimal

    from service.claims.values import ParsedValue, cn_to_decimal

    out = []
    for m in cfg.rank.finditer(text):
        n = m.group("n")
        try:
            value = Decimal(n) if n.isdigit() else cn_to_decimal(n)
        except ValueError:
            continue
        vs = text.rfind("第", m.start(), m.start("n"))
        out.append(ValueSpan(vs, m.end(), ParsedValue(value, m.group("u") or "名", "="), m.start("n"), m.end("n")))
    return out


def _section_of(pos: int, sections: Sequence[Section]) -> Optional[str]:
    best = None
    for s in sections:
        if s.start <= pos < s.end and (best is None or s.start >= best.start):
            best = s
    return best.key if best else None


def find_claims(
    text: str,
    sections: Optional[Sequence[Section]] = None,
    exclude_spans: Sequence[tuple[int, int]] = (),
) -> list[Claim]:
    """Claims in the normalised `text` (a whole report or a fragment). `exclude_spans` are
    regions (statistical tables) no claim may overlap; table-like lines are excluded anyway."""
    if not text:
        return []
    cfg = _cfg()
    tables = SpanIndex(list(exclude_spans) + table_line_spans(text))
    patterns = pattern_index(text)
    values: list[ValueSpan] = [
        v
        for v in iter_value_spans(text, skip=lambda pos: tables.overlaps(pos, pos + 1))
        if not tables.overlaps(v.start, v.end)
        and not patterns.overlaps(v.num_start, v.num_end)
        and number_exclusion(text, v.num_start) is None
    ]
    ranks = [r for r in _rank_values(text, cfg) if not tables.overlaps(r.start, r.end)]
    if ranks:
        values = sorted(values + ranks, key=lambda v: v.start)
    if not values:
        return []
    bounds = _boundaries(text, cfg)
    n = len(text)
    claims: list[Claim] = []
    prev_end = 0  # end of the previous value or of its right-hand metric
    for i, v in enumerate(values):
        k = bisect.bisect_left(bounds, v.start)
        cs = bounds[k - 1] + 1 if k > 0 else 0
        k2 = bisect.bisect_left(bounds, v.end)
        ce = bounds[k2] if k2 < len(bounds) else n
        nxt = values[i + 1].start if i + 1 < len(values) else None
        if is_threshold(text, v.end, v.postfix, nxt, ce):
            prev_end = v.end
            continue
        ls = max(cs, prev_end) if prev_end <= v.start else cs
        re_ = min(ce, nxt) if nxt is not None else ce
        if _strip_ws(text[ls : v.start]) in cfg.share_words and claims and v.parsed.unit == "%" and claims[-1].end >= cs - 2:
            # 予以公开59件、占45.3%: the share belongs to the previous claim's metric
            prev = claims[-1]
            metric = _Metric(prev.metric_span[0], prev.metric_span[1], "share")
            wants_right = False
        else:
            metric, wants_right, fallback = _left_metric(text, ls, v.start, cfg)
            if metric is None and wants_right:
                metric = _right_metric(text, v.end, re_, cfg) or fallback
        prev_end = v.end
        if metric is None or metric.end <= metric.start:
            continue
        if metric.kind == "right":
            prev_end = metric.end
        if text[metric.start] == "《" and text[metric.end - 1] == "》" and metric.end - metric.start > 2:
            metric = _Metric(metric.start + 1, metric.end - 1, metric.kind)
        name = _strip_ws(text[metric.start : metric.end])
        if len(name) < 2 or not _HAN.search(name):  # 增, 至: one character names nothing
            continue
        if len(name) > cfg.long_chars and metric.kind != "right":
            metric = _trim_long(text, metric, cfg)
            name = _strip_ws(text[metric.start : metric.end])
        if len(name) > cfg.max_metric:  # an over-long left context: keep its tail, trust it less
            metric = _Metric(metric.end - cfg.max_metric, metric.end, "fallback") if metric.kind != "right" else _Metric(metric.start, metric.start + cfg.max_metric, "fallback")
            name = _strip_ws(text[metric.start : metric.end])
        # (a share's claim runs from the shared metric to its value: 予以公开59件、占45.3%)
        start, end = min(metric.start, v.start), max(metric.end, v.end)
        if tables.overlaps(start, end):
            continue
        p = v.parsed
        claims.append(
            Claim(
                metric=name,
                value=p.as_float(),
                unit=p.unit,
                comparator=p.comparator,
                text=text[start:end],
                start=start,
                end=end,
                metric_span=(metric.start, metric.end),
                value_span=(v.start, v.end),
                section=_section_of(start, sections or ()),
                source="rule",
                confidence=_confidence(metric.kind, len(name), cfg),
            )
        )
    return claims
