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
   only function words are left (`为731个企业`), the metric is the noun phrase after the value;
   so it is when that noun closes the clause and the words before are no verb's object
   (`新设8个专题专栏。`, `三批…事项清单共计219项` gives the noun to the total).
3. Time, place, subject words and adverbs at the start (`2022年`, `全区`, `市营商局`, `累计`, `力争`)
   are stripped, so is everything up to a time word inside (`网站全年访问量` → `访问量`), and a leading verb is dropped when what is left is specific (`发布信用动态` →
   `信用动态`) but kept when it is generic (`发布信息`, `受理政府信息公开申请`; annotations/NOTES.md
   §11.1–11.2). Noun compounds stay whole (`窗口人员业务培训`, `联合抽查占比`, §11.3).
4. Then the NOTES skips and tie-breaks: `分别`/`均为`/`各` constructions, bare `占X%` and the second
   value of a from-to change are no claims (§5, §10); items listed with `、` join a shared head;
   a channel joins the metric only when figures of a paragraph differ by it (§11.4); neighbouring
   figures that differ only by their verb keep it (§11.6).
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
    object_verb: re.Pattern
    not_verbs: frozenset[str]
    trailing_copula: re.Pattern
    leading_strip: re.Pattern
    leading_agency: re.Pattern
    place_strip: re.Pattern
    leading_verbs: re.Pattern
    generic: frozenset[str]
    generic_object: re.Pattern
    nongeneric_prefix: re.Pattern
    compound_heads: tuple[str, ...]
    function_words: frozenset[str]
    to_right: re.Pattern
    to_right_tail: re.Pattern
    right_stop: re.Pattern
    copula_only: re.Pattern
    mid_time: re.Pattern
    staff_units: frozenset[str]
    right_head: re.Pattern
    right_heads: re.Pattern
    bare_verbs: frozenset[str]
    channel_prefix: re.Pattern
    share_words: frozenset[str]
    from_marker: re.Pattern
    to_marker: re.Pattern
    enum_item: re.Pattern
    enum_stops: str
    rate_heads: tuple[str, ...]
    distributive: re.Pattern
    distributive_chain: re.Pattern
    distributive_shared: re.Pattern
    channel_tail: re.Pattern
    verb_before: re.Pattern
    contrast_gap: re.Pattern
    quoted_channel: re.Pattern
    trailing_verb: re.Pattern
    channel_verbs: re.Pattern
    long_chars: int
    long_cut_after: re.Pattern
    long_mid_verbs: re.Pattern
    max_metric: int
    conf: dict
    rank: re.Pattern
    rank_metric_strip: re.Pattern


@lru_cache(maxsize=1)
def _cfg() -> _Cfg:
    c = load_config("claims.yaml")
    bchars = re.escape(c["boundary_chars"].replace("\n", "").replace("\t", ""))
    return _Cfg(
        boundary=re.compile(rf"[{bchars}\t()（）\[\]【】]"),
        glued_paren=re.compile(r"(?<=[\u4e00-\u9fff”])[(（](?!含|其中|包括|不含|另)[^()（）\d,，。;；\n]{1,8}[)）]"),  # 县(市、区) is one name
        soft_wrap_min_line=int(c["soft_wrap_min_line"]),
        # 上线 inside the adverb 线上线下 and 等 inside 等级 are no verbs (线上线下参与人数, 取得职业技能等级证书人员)
        transitive=re.compile(rf"(?!上线下|等级)(?:{_alt(c['transitive_verbs'])})(?!{_alt(c['object_verb_not_before'])})"),
        not_verbs=frozenset(c["transitive_not_verbs"]),
        object_verb=re.compile(rf"(?<![应际])(?:{_alt(c['object_verbs'])})(?=[\u4e00-\u9fff“「《])(?!{_alt(c['object_verb_not_before'])})"),
        trailing_copula=re.compile(rf"(?:{_alt(list(c['copulas']) + list(c['trailing_words']))})+$"),
        leading_strip=re.compile(c["leading_strip"]),
        leading_agency=re.compile(c["leading_agency"]),
        place_strip=re.compile(c["place_strip"]),
        leading_verbs=re.compile(rf"^(?:{_alt(c['leading_verbs'])})(?!{_alt(c['leading_verb_not_before'])})"),
        generic=frozenset(c["generic_metrics"]),
        nongeneric_prefix=re.compile(rf"^(?:{_alt(c['nongeneric_prefixes'])})"),
        generic_object=re.compile(rf"^(?:{_alt(c['generic_object_words'])})*(?:{_alt(c['generic_object_heads'])})(?:{_alt(c['generic_object_suffix'])})?$"),
        compound_heads=tuple(c["verb_compound_heads"]),
        function_words=frozenset(c["function_words"]),
        to_right=re.compile(rf"(?:{_alt(c['to_right_markers'])})$"),
        to_right_tail=re.compile(c["to_right_tail"]),
        # a stop word that begins a noun compound (工作 in 工作人员, 工作制度) does not end the metric
        right_stop=re.compile("|".join(
            [_alt([w for w in c["right_stops"] if w not in c["right_stop_compounds"]])]
            + [rf"{re.escape(w)}(?!{_alt(tails)})" for w, tails in c["right_stop_compounds"].items()]
        )),
        right_head=re.compile(r"^(?:[\u4e00-\u9fff“”‘’\"《》]|[(（](?!含|其中|包括|不含|另)[^()（）\d,，。;；\n]{1,8}[)）])+"),
        staff_units=frozenset(c["staff_units"]),
        copula_only=re.compile(rf"^\s*(?:{_alt(c['copulas'])})\s*$"),
        mid_time=re.compile(c["mid_time"]),
        right_heads=re.compile(rf"^[\u4e00-\u9fff]{{0,{int(c['right_head_max_prefix'])}}}?(?:{_alt(c['right_heads'])})(?=[\u4e00-\u9fff])"),
        bare_verbs=frozenset(c["leading_verbs"]),
        channel_prefix=re.compile(c["channel_prefix"]),
        share_words=frozenset(c["share_words"]),
        from_marker=re.compile(c["from_marker"]),
        to_marker=re.compile(c["to_marker"]),
        enum_item=re.compile(c["enumeration_item"]),
        enum_stops=c["enumeration_stops"],
        rate_heads=tuple(c["rate_heads"]),
        distributive=re.compile(rf"(?:(?:{c['distributive_marker']})[^\d\s,，。;；:：、()（）]{{0,{int(c['distributive_gap'])}}}|{c['distributive_adjacent']})$"),
        distributive_chain=re.compile(c["distributive_chain"]),
        distributive_shared=re.compile(c["distributive_shared"]),
        channel_tail=re.compile(c["channel_tail"]),
        verb_before=re.compile(rf"(?:{_alt(list(c['leading_verbs']) + list(c['object_verbs']) + [v for v in c['transitive_verbs'] if v not in c['transitive_not_verbs']])})$"),
        contrast_gap=re.compile(r"^[,，、;；]\s*$"),
        quoted_channel=re.compile(c["quoted_channel"]),
        trailing_verb=re.compile(c["trailing_verb"]),
        channel_verbs=re.compile(c["channel_verbs"]),
        long_chars=int(c["long_metric_chars"]),
        long_cut_after=re.compile(c["long_metric_cut_after"]),
        long_mid_verbs=re.compile(rf"(?:{_alt(c['long_metric_mid_verbs'])})(?!会|率)"),  # not 新闻发布会, 按时办结率
        max_metric=int(c["max_metric_chars"]),
        conf=c["confidence"],
        rank=re.compile(c["rank"]),
        rank_metric_strip=re.compile(c["rank_metric_strip"]),
    )


def _boundaries(text: str, cfg: _Cfg) -> list[int]:
    """Sorted positions of clause-ending characters (punctuation, hard line breaks, parentheses
    that are not part of a name like `企业(项目)`)."""
    glued = set()
    for m in cfg.glued_paren.finditer(text):
        glued.update(range(m.start(), m.end()))  # the parentheses and any 、 inside them
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


def _is_generic(obj: str, cfg: _Cfg) -> bool:
    """A generic object keeps its verb (NOTES §11.1): 信息, 政府信息公开申请, 各类政务信息."""
    return obj in cfg.generic or cfg.generic_object.match(obj) is not None


def _last_match(pattern: re.Pattern, text: str, a: int, b: int) -> Optional[re.Match]:
    last = None
    for last in pattern.finditer(text, a, b):
        pass
    return last


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
    last = _last_match(cfg.mid_time, text, a, b)
    if last is not None and len(_strip_ws(text[last.end() : b])) >= 2:
        a = last.end()  # 网站全年访问量 → 访问量: a time word inside ends the subject before it (NOTES §2)
    m = cfg.trailing_verb.search(text, a, b)
    if m:  # 信息公开目录发布4282条 → 信息公开目录
        b = m.start()
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
        # (a rate or amount keeps its verb: 整改完成率, NOTES §11.3)
        if len(rest) >= 2 and not _is_generic(rest, cfg) and not rest.startswith(cfg.compound_heads) and not rest.endswith(cfg.rate_heads):
            a += m.end()
            seg = text[a:b]
            m = cfg.place_strip.match(seg)  # 主动公开市政府规章 → 政府规章, 发布全市“政务要闻” → “政务要闻”
            if m and m.end() < len(seg):
                a += m.end()
    seg = text[a:b]
    m = cfg.nongeneric_prefix.match(seg)
    if m and len(_strip_ws(seg[m.end() :])) >= 2 and not _is_generic(_strip_ws(seg), cfg):
        a += m.end()  # 各类政策文件 → 政策文件, but 各类信息 stays (NOTES §11.2)
    m = cfg.quoted_channel.match(text, a, b)
    if m:  # “示例办”APP注册用户 → 注册用户: a named channel or system before a noun (NOTES §11.6)
        a = m.end()
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
    if cfg.to_right.search(head) or cfg.to_right_tail.search(_strip_ws(head)) or (not head.strip() and gap is False):
        fa, fb = _clean_left(text, ls, b - 1 if head.endswith(tuple("等和及与、或")) else b, cfg)
        return None, True, (_Metric(fa, fb, "fallback") if fb > fa else None)
    last = prev = None
    for t in cfg.transitive.finditer(head):
        prev, last = last, t
    for t in cfg.object_verb.finditer(head):
        if last is None or t.start() >= last.end():
            prev, last = last, t
    if last is not None:
        a2, b2 = _clean_left(text, ls + last.end(), b, cfg)
        if b2 > a2 and a2 == ls + last.end() and last.group(0) not in cfg.not_verbs and _is_generic(_strip_ws(text[a2:b2]), cfg):
            a2 = ls + last.start()  # a generic object keeps its verb (NOTES §11.1)
        if b2 > a2 and _strip_ws(text[a2:b2]) in cfg.bare_verbs:  # 归集上报40309条公共信用信息
            return None, True, _Metric(a2, b2, "fallback")
        if b2 > a2:
            return _Metric(a2, b2, "gap" if gap or b2 < vs else "adjacent"), False, None
        a0 = ls + prev.end() if prev is not None and prev.group(0) not in cfg.not_verbs else ls
        fa, fb = _clean_left(text, a0, ls + last.start(), cfg)
        if fb <= fa:  # nothing before the verb: the verb is what is counted (含新制定5件)
            fa, fb = _clean_left(text, ls, b, cfg)
        elif fb == ls + last.start():  # a noun right before a final verb-like head is one compound (业务培训11场, NOTES §11.3)
            fa, fb = _clean_left(text, fa, b, cfg)
        # (else the noun, with an adverb before the verb: 新闻发布会累计举行151场 → 新闻发布会)
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


def _counted_noun_after(text: str, v: ValueSpan, ls: int, ce: int, nxt: Optional[int], left: _Metric, cfg: _Cfg) -> Optional[_Metric]:
    """A number + counting word that modifies the noun after it (`新设8个专题专栏。`,
    `从各渠道收到3条依申请公开请求,`) counts that noun, not the words before the number
    (NOTES §2 metric after the value): the noun must close the clause (or, for a staff count,
    stand before a duty verb: `指定一名工作人员负责…`), be no verb, no generic object
    (`推送232条信息` keeps its left metric) and the left metric no object of a verb
    (`完成建设工程项目148个标段`)."""
    if nxt is not None and nxt < ce:
        return None
    rm = _right_metric(text, v.end, ce, cfg)
    if rm is None:
        return None
    name = _strip_ws(text[rm.start : rm.end])
    closes = not _strip_ws(text[rm.end : ce]) or (v.parsed.unit in cfg.staff_units and cfg.right_stop.match(text, rm.end) is not None)
    if (
        not closes
        or len(name) < 2
        or name[0] in "(（"
        or _is_generic(name, cfg)
        or name in cfg.bare_verbs
        or cfg.transitive.match(name)
        or cfg.object_verb.match(name)
        or _object_of_verb(text, ls, left, cfg)
    ):
        return None
    return rm


def _object_of_verb(text: str, ls: int, metric: _Metric, cfg: _Cfg) -> bool:
    """A left metric right after a transitive verb is that verb's object (完成建设工程项目148个标段)."""
    if metric.kind != "adjacent":
        return False
    t = _last_match(cfg.transitive, text, max(ls, metric.start - 4), metric.start)
    return t is not None and t.end() == metric.start and t.group(0) not in cfg.not_verbs


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


def _extend_enumeration(text: str, metric: _Metric, cs: int, prev_end: int, cfg: _Cfg) -> Optional[_Metric]:
    """A metric that opens its clause right after `、` shares its head with the items before it
    (`人大代表建议、政协提案复文188件`, `政策、规范性文件类信息24条`): the listed items join the
    metric (NOTES §11.3), as long as they hold no figure and the list starts after the previous value."""
    if metric.start != cs + (len(text[cs : metric.start]) - len(text[cs : metric.start].lstrip())):
        return metric
    start = metric.start
    pos = cs
    items = []
    while pos > 0 and text[pos - 1] == "、":
        k = max(text.rfind(ch, 0, pos - 1) for ch in cfg.enum_stops + "、") + 1
        item = text[k : pos - 1]
        if k < prev_end or not cfg.enum_item.match(item):
            break
        items.append(item)
        start, pos = k, k
    if start == metric.start:
        return metric
    if all(x.endswith(cfg.rate_heads) for x in items + [text[metric.start : metric.end]]):
        return None  # 满意率、办复率、公示率100%: one value shared by several metrics, skipped like 均为 (NOTES §5)
    # the first item loses what a metric never holds: adverbs, subjects, a leading verb (公示注册登记、…)
    a = start
    m = cfg.leading_strip.match(text, a, metric.start)
    if m:
        a = m.end()
    for verbs in (cfg.leading_verbs, cfg.object_verb, cfg.transitive):
        m = verbs.match(text, a, metric.start)
        if m:
            a = m.end()
    return _Metric(a, metric.end, metric.kind)


def _right_metric(text: str, ve: int, re_: int, cfg: _Cfg) -> Optional[_Metric]:
    seg = text[ve:re_]
    m = cfg.right_head.match(seg.lstrip())
    if not m:
        return None
    head = m.group(0)
    stop = cfg.right_stop.search(head)
    if stop is not None:
        head = head[: stop.start()]
    for verbs in (cfg.transitive, cfg.object_verb):  # 23个县(市、区)签订合作协议 → 县(市、区)
        stop = verbs.search(head, 2)
        if stop is not None:
            head = head[: stop.start()]
    q = head.find("“", 1)
    if q > 0:  # 31个单位“三集中三到位”工作: the quoted name qualifies what follows
        head = head[:q]
    h = cfg.right_heads.match(head)
    if h:
        head = h.group(0)
    head = head.rstrip("“‘\"《(（和及与或")
    off = 0  # a 《title》 keeps its marks (NOTES §2)
    # a verb before a specific object and a place go, as before a left metric
    # (100%做好主动型承诺 → 主动型承诺, 191场市政府新闻发布活动 → 新闻发布活动)
    for pat in (cfg.object_verb, cfg.place_strip):
        m = pat.match(head)
        if m and m.end() < len(head) - 1 and not _is_generic(head[m.end() :], cfg):
            head, off = head[m.end() :], off + m.end()
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


@dataclass(frozen=True)
class _RankSpan(ValueSpan):
    word_end: int = 0


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
        out.append(_RankSpan(vs, m.end(), ParsedValue(value, m.group("u") or "名", "="), m.start("n"), m.end("n"), word_end=m.end("word")))
    return out


def _distributive(text: str, values: Sequence[ValueSpan], cfg: _Cfg) -> set[int]:
    """Indices of values inside a 分别/均为/各 construction (NOTES §5: skipped whole):
    `办结率、满意度分别为99%、100%`, `A和B均为100%`, `A各3件`."""
    out: set[int] = set()
    prev_end = 0
    for i, v in enumerate(values):
        if i - 1 in out and cfg.distributive_chain.match(text[values[i - 1].end : v.start]):
            out.add(i)
        else:
            m = cfg.distributive.search(text, max(prev_end, v.start - 16), v.start)
            if m and m.group(0).startswith("均"):
                fs = max(text.rfind(ch, 0, m.start()) for ch in ",，。;；:：\n")
                if not cfg.distributive_shared.search(text, fs + 1, m.start()):
                    m = None
            if m:
                out.add(i)
        prev_end = v.end
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
    # a rank's metric ends with its ranking word (开放数据评估排名全省第3位 → 开放数据评估排名)
    rank_word_end = {r.start: r.word_end for r in ranks}
    if ranks:
        values = sorted(values + ranks, key=lambda v: v.start)
    if not values:
        return []
    skip = _distributive(text, values, cfg)
    if skip:
        values = [v for i, v in enumerate(values) if i not in skip]
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
            fm = cfg.from_marker.search(text, ls, v.start)
            left_end = fm.start() if fm else rank_word_end.get(v.start, v.start)
            metric, wants_right, fallback = _left_metric(text, ls, left_end, cfg)
            if metric is not None and v.start in rank_word_end:
                m = cfg.rank_metric_strip.match(text, metric.start, metric.end)
                if m and m.end() < metric.end:  # 在全市营商环境评价中排名 → 排名
                    metric = _Metric(m.end(), metric.end, metric.kind)
            if metric is None and wants_right:
                metric = _right_metric(text, v.end, re_, cfg) or fallback
            elif metric is not None and metric.kind != "right":
                metric = _counted_noun_after(text, v, ls, ce, nxt, metric, cfg) or metric
            if i > 0 and cfg.to_marker.match(text[values[i - 1].end : v.start]) and cfg.from_marker.search(text, max(0, values[i - 1].start - 8), values[i - 1].start):
                # 由原来的20家增至50余家: only the first value, unless a metric is restated (NOTES §5)
                metric = metric if metric is not None and metric.kind == "right" else None
        if metric is not None and metric.kind != "right":
            metric = _extend_enumeration(text, metric, cs, prev_end, cfg)
        prev_end = v.end
        if metric is None or metric.end <= metric.start:
            continue
        if metric.kind == "right":
            if nxt is not None and nxt < ce and cfg.copula_only.match(text[metric.end : nxt]):
                # 三批“一证通办”事项清单共计219项: the noun is the total's metric, not the batches' (NOTES §2)
                continue
            prev_end = metric.end
        # a 《title》 that is the whole metric keeps its marks (NOTES §2)
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
    return _attach_channels(text, _keep_contrasting_verbs(text, claims, cfg), cfg)


def _metric_from(text: str, c: Claim, start: int) -> Claim:
    """The claim with its left metric (and so the claim) starting earlier, at `start`."""
    return c.model_copy(update={"metric": _strip_ws(text[start : c.metric_span[1]]), "start": start,
                                "text": text[start : c.end], "metric_span": (start, c.metric_span[1])})


def _dropped_verb(text: str, c: Claim, cfg: _Cfg) -> Optional[re.Match]:
    """The verb right before a left metric that the cleaning dropped (制发|行政规范性文件), if any."""
    a = c.metric_span[0]
    if a != c.start:
        return None
    return cfg.verb_before.search(text, max(0, a - 6), a)


def _keep_contrasting_verbs(text: str, claims: list[Claim], cfg: _Cfg) -> list[Claim]:
    """NOTES §11.6: neighbouring figures whose metrics differ only by their verb keep it
    (`制发行政规范性文件6个,废止行政规范性文件2个`)."""
    out = list(claims)
    for i in range(len(claims) - 1):
        c1, c2 = claims[i], claims[i + 1]
        v1, v2 = _dropped_verb(text, c1, cfg), _dropped_verb(text, c2, cfg)
        if v1 is None or v2 is None or not cfg.contrast_gap.match(text[c1.end : v2.start()]):
            continue
        same_object = c1.metric == c2.metric and v1.group(0) != v2.group(0)
        if not same_object:
            continue
        for j, v in ((i, v1), (i + 1, v2)):
            c = out[j]
            out[j] = _metric_from(text, c, v.start())
    return out


def _attach_channels(text: str, claims: list[Claim], cfg: _Cfg) -> list[Claim]:
    """NOTES §11.4: when two or more figures of one paragraph have the same metric and differ only
    by the channel written right before their publishing verb (门户网站发布信息…, 微博发布信息…),
    the channel joins each of their metrics; a single channel figure keeps the bare metric."""
    found: dict[int, tuple[int, str]] = {}  # claim index -> (channel start, channel)
    for i, c in enumerate(claims):
        a = c.metric_span[0]
        if a != c.start or not cfg.channel_verbs.match(c.metric):
            continue
        m = cfg.channel_tail.search(text, max(0, a - 20), a)
        if m:
            found[i] = (m.start(), m.group(0))
    if len(found) < 2:
        return claims
    by_para: dict[tuple[int, str], list[int]] = {}  # (paragraph start, metric) -> claims
    for i in found:
        by_para.setdefault((text.rfind("\n", 0, claims[i].start), claims[i].metric), []).append(i)
    out = list(claims)
    for idx in by_para.values():
        if len({found[i][1] for i in idx}) < 2:
            continue
        for i in idx:
            out[i] = _metric_from(text, claims[i], found[i][0])
    return out
