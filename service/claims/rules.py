"""Rule-based claim finder: VALUE spans (values.py) minus exclusions (exclusions.py), each linked
to the METRIC before it (`即办率提高至50%以上`, `政府发布信息273件`) or after it (`接入39家单位`,
`等8项制度`), following annotation-guidelines.md.

How a value finds its metric (lexicons in `configs/claims.yaml`, compiled in rules_config.py;
metric boundaries in metric_finding.py, ranks in ranks.py, 分别/均为 in distributive.py, the
neighbour tie-breaks in tie_breaks.py):
1. The clause around the value is cut at punctuation (and at line breaks that are not PDF
   wraps); the left context runs from the clause start, the previous value or the previous
   value's metric, whichever is latest, to the value.
2. Copulas at the end of the left context are dropped (`即办率提高至` → `即办率`). If a
   transitive verb remains (`配备专职管家`), the metric is what follows it (`专职管家`); if
   nothing follows it (`接入39家单位`, `举办191场…活动`), or the context ends with 等/和/及, or
   only function words are left (`为731个企业`), the metric is the noun phrase after the value;
   so it is when that noun closes the clause and the words before are no verb's object
   (`新设8个专题专栏。`, `三批…事项清单共计219项` gives the noun to the total).
   A verb right before the value takes the noun after it (`推送232条信息` → `信息`), a time limit after
   an event frame takes the action after it (`作出决定之日起5个工作日内公示` → `公示`), and a share
   written with the verb 占 is no claim (NOTES §2, §10).
3. Time, place, subject words and adverbs at the start (`2022年`, `全区`, `市营商局`, `累计`, `力争`)
   are stripped, so is everything up to a time word inside (`网站全年访问量` → `访问量`), and a leading verb is dropped when what is left is specific (`发布信用动态` →
   `信用动态`) but kept when it is generic (`发布信息`, `受理政府信息公开申请`; annotations/NOTES.md
   §11.1–11.2). Noun compounds stay whole (`窗口人员业务培训`, `联合抽查占比`, §11.3).
4. Then the NOTES skips and tie-breaks: `分别`/`均为`/`各` constructions, bare `占X%` and the second
   value of a from-to change are no claims (§5, §10); items listed with `、` join a shared head;
   a channel joins the metric only when figures of a paragraph differ by it, cut to its head noun
   (§11.4, §12.5); neighbouring figures that differ only by their verb keep it, also next to a bare
   verb (§11.6); a carry-over phrase is cut to its verb unless a year tells figures apart (§12.4).
Confidence (documented heuristic): 0.9 when metric and value touch, 0.8 with words between them
or with the metric after the value, 0.6 for the fall-back reading, minus 0.2 for metrics longer
than 10 characters.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional, Sequence

from service.claims.distributive import distributive_values
from service.claims.exclusions import SpanIndex, is_threshold, number_exclusion, pattern_index, table_line_spans
from service.claims.metric_finding import Metric, counted_noun_after, extend_enumeration, left_metric, right_metric, trim_long
from service.claims.ranks import rank_values
from service.claims.rules_config import HAN, RulesConfig, last_match, rules_config, strip_ws
from service.claims.tie_breaks import attach_channels, cut_carry_over, keep_contrasting_verbs
from service.claims.values import ValueSpan, iter_value_spans
from service.record import Claim, Section


def _boundaries(text: str, cfg: RulesConfig) -> list[int]:
    """Sorted positions of clause-ending characters (punctuation, hard line breaks, parentheses
    that are not part of a name like `企业(项目)`)."""
    glued = set()
    for m in cfg.glued_paren.finditer(text):
        glued.update(range(m.start(), m.end()))  # the parentheses and any 、 inside them
    # a parenthesis opening right on a figure after its noun (住房保障类(793件,占比17.36%)) puts the figure
    # to that noun (NOTES §2): it ends no clause
    out = [m.start() for m in cfg.boundary.finditer(text) if m.start() not in glued and not cfg.paren_figure.match(text, m.start())]
    # line breaks: a PDF wrap inside a sentence is not a boundary
    for m in re.finditer(r"\n", text):
        i = m.start()
        ls = text.rfind("\n", 0, i) + 1
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        soft = (
            i - ls >= cfg.soft_wrap_min_line
            and (HAN.match(prev) or prev.isdigit() or prev in " ”")
            and (HAN.match(nxt) or nxt.isdigit() or nxt in "“")
        )
        if not soft:
            out.append(i)
    out.sort()
    return out



def _confidence(kind: str, metric_len: int, cfg: RulesConfig) -> float:
    c = cfg.conf
    base = {"adjacent": c["adjacent_left"], "gap": c["gap_left"], "right": c["right"], "share": c["gap_left"]}.get(kind, c["fallback"])
    if metric_len > int(c["long_metric_chars"]):
        base -= float(c["long_metric_penalty"])
    return round(max(0.05, min(1.0, float(base))), 2)



def _section_of(pos: int, sections: Sequence[Section]) -> Optional[str]:
    best = None
    for s in sections:
        if s.start <= pos < s.end and (best is None or s.start >= best.start):
            best = s
    return best.key if best else None



def _join_listed_noun(text: str, metric: Metric, ce: int, bounds: list[int], cfg: RulesConfig) -> Metric:
    """`62所中小学、幼儿园设立…`, `20乡镇、街道及周边社区`: a noun listed with `、` right after the counted
    noun shares its value and joins the metric (NOTES §11.3 lists stay whole; `12个街道和30个社区`, where
    each noun has its own value, stays two claims, §2)."""
    if metric.end != ce or ce >= len(text) - 1 or text[ce] != "、":
        return metric
    k = bisect.bisect_right(bounds, ce)
    end = bounds[k] if k < len(bounds) else len(text)
    item = right_metric(text, ce + 1, end, cfg)
    if item is None or item.start != ce + 1:
        return metric
    name = re.split("[及和与或]", text[item.start : item.end])[0]
    head = text[ce + 1 : end]
    if not 2 <= len(name) <= cfg.listed_noun_max or any(ch.isdigit() for ch in head) or any(p.match(head) for p in (cfg.transitive, cfg.object_verb, cfg.leading_verbs)):
        return metric
    return Metric(metric.start, ce + 1 + len(name), "right")


def find_claims(
    text: str,
    sections: Optional[Sequence[Section]] = None,
    exclude_spans: Sequence[tuple[int, int]] = (),
) -> list[Claim]:
    """Claims in the normalised `text` (a whole report or a fragment). `exclude_spans` are
    regions (statistical tables) no claim may overlap; table-like lines are excluded anyway."""
    if not text:
        return []
    cfg = rules_config()
    tables = SpanIndex(list(exclude_spans) + table_line_spans(text))
    patterns = pattern_index(text)
    values: list[ValueSpan] = [
        v
        for v in iter_value_spans(text, skip=lambda pos: tables.overlaps(pos, pos + 1))
        if not tables.overlaps(v.start, v.end)
        and not patterns.overlaps(v.num_start, v.num_end)
        and number_exclusion(text, v.num_start) is None
    ]
    ranks = [r for r in rank_values(text, cfg) if not tables.overlaps(r.start, r.end)]
    # a rank's metric ends with its ranking word (开放数据评估排名全省第3位 → 开放数据评估排名)
    rank_word_end = {r.start: r.word_end for r in ranks}
    if ranks:
        values = sorted(values + ranks, key=lambda v: v.start)
    if not values:
        return []
    skip = distributive_values(text, values, cfg)
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
        if is_threshold(text, v.end, v.postfix, nxt, ce, v.parsed.unit) or cfg.comparison_base.search(text, max(cs, v.start - 12), v.start):
            # (a threshold qualifies another claim, NOTES §7; 较上年的41件 is the base of the change after it, §13.1)
            prev_end = v.end
            continue
        ls = max(cs, prev_end) if prev_end <= v.start else cs
        re_ = min(ce, nxt) if nxt is not None else ce
        sh = last_match(cfg.bare_share, text, ls, v.start) if v.parsed.unit in cfg.share_units else None
        if sh is not None:
            # 分值占3%, 自然人申请占77.6%, 占总数的近五成: a share after 占 is no claim (NOTES §10, §11.5),
            # unless a ratio noun after 占 is its metric (技能人才占从业人员比重不足25% → 从业人员比重)
            if not cfg.share_metric.search(strip_ws(text[sh.end() : v.start])):
                prev_end = v.end
                continue
            ls = sh.end()
        area = cfg.area_count.match(text, v.end) if v.parsed.unit == "个" else None
        if area is not None:
            # 等8个领域公共企事业单位信息, 6个方面提出…: the areas are what is counted (NOTES §2 metric after the value)
            metric = Metric(area.start(), area.end(), "right")
            wants_right = False
        elif strip_ws(text[ls : v.start]) in cfg.share_words and claims and v.parsed.unit == "%" and claims[-1].end >= cs - 2:
            # 予以公开59件、占45.3%: the share belongs to the previous claim's metric
            prev = claims[-1]
            metric = Metric(prev.metric_span[0], prev.metric_span[1], "share")
            wants_right = False
        else:
            fm = cfg.from_marker.search(text, ls, v.start)
            left_end = fm.start() if fm else rank_word_end.get(v.start, v.start)
            metric, wants_right, fallback = left_metric(text, ls, left_end, cfg)
            if v.parsed.unit in cfg.deadline_units and cfg.deadline_frame.search(strip_ws(text[ls:left_end])):
                # 在作出决定之日起5个工作日内公示, 政策发布后3个工作日内推出解读材料: a time limit counted from an
                # event belongs to the action after it (NOTES §10 time limits, §13 proposals)
                metric, wants_right, fallback = None, True, None
            if metric is not None and v.start in rank_word_end:
                m = cfg.rank_metric_strip.match(text, metric.start, metric.end)
                if m and m.end() < metric.end:  # 在全市营商环境评价中排名 → 排名
                    metric = Metric(m.end(), metric.end, metric.kind)
            if metric is None and wants_right:
                metric = right_metric(text, v.end, re_, cfg) or fallback
            elif metric is not None and metric.kind != "right":
                verb = cfg.verb_end.search(text, metric.start, metric.end) if metric.end == left_end else None
                rm = right_metric(text, v.end, re_, cfg) if verb is not None else None
                if rm is not None and len(strip_ws(text[rm.start : rm.end])) >= 2 and not cfg.right_stop.match(text, rm.start):
                    # 微信公众号推送232条信息, 沌口街道接到2项…申请, 推进3轮督促整改工作: a verb right before the value
                    # takes the noun after it as its object, which is the metric (NOTES §2 metric after the value)
                    metric = rm
                else:
                    metric = counted_noun_after(text, v, ls, ce, nxt, metric, cfg) or metric
            if i > 0 and cfg.to_marker.match(text[values[i - 1].end : v.start]) and cfg.from_marker.search(text, max(0, values[i - 1].start - 8), values[i - 1].start):
                # 由原来的20家增至50余家: only the first value, unless a metric is restated (NOTES §5)
                metric = metric if metric is not None and metric.kind == "right" else None
        if metric is not None and metric.kind != "right":
            metric = extend_enumeration(text, metric, cs, prev_end, cfg)
            if metric is not None and metric.end == v.start and "、" in text[metric.start : metric.end]:
                rm = right_metric(text, v.end, re_, cfg)
                if rm is not None and rm.start == v.end and len(strip_ws(text[rm.start : rm.end])) >= 2:
                    # 微信公众号、微博、抖音号三个平台: a count right after a list sums the list up, and the noun
                    # after it is what is counted (NOTES §2 metric after the value, §11.3 the list is no metric)
                    metric = rm
        prev_end = v.end
        if metric is None or metric.end <= metric.start:
            continue
        if metric.kind == "right":
            metric = _join_listed_noun(text, metric, ce, bounds, cfg)
            if area is None and nxt is not None and nxt < ce and cfg.copula_only.match(text[metric.end : nxt]):
                # 三批“一证通办”事项清单共计219项: the noun is the total's metric, not the batches' (NOTES §2)
                continue
            prev_end = metric.end
        # a 《title》 that is the whole metric keeps its marks (NOTES §2)
        name = strip_ws(text[metric.start : metric.end])
        one_char_change = name in cfg.one_char_changes and cfg.comparison_lead.search(text, max(0, metric.start - 12), metric.start) is not None
        if (len(name) < 2 and not one_char_change) or not HAN.search(name):  # 增, 至: one character names nothing (比上年多9场 → 多 does, §13.1)
            continue
        if len(name) > cfg.long_chars and metric.kind != "right":
            metric = trim_long(text, metric, cfg)
            name = strip_ws(text[metric.start : metric.end])
        if len(name) > cfg.max_metric and not (name[0] == "《" and name[-1] == "》"):  # an over-long left context: keep its tail, trust it less (a whole 《title》 stays, NOTES §2)
            metric = Metric(metric.end - cfg.max_metric, metric.end, "fallback") if metric.kind != "right" else Metric(metric.start, metric.start + cfg.max_metric, "fallback")
            name = strip_ws(text[metric.start : metric.end])
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
    return cut_carry_over(text, attach_channels(text, keep_contrasting_verbs(text, claims, cfg), cfg), cfg)

