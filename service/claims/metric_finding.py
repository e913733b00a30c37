"""Where a value's metric is: the noun phrase before it (cleaned of time, place, subject words,
adverbs and a leading verb before a specific object), or the noun after it (`接入39家单位`), with
the long-metric trim and the `、`-list extension (annotations/NOTES.md §2, §11)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from service.claims.rules_config import RulesConfig, is_generic, last_match, strip_ws
from service.claims.values import ValueSpan


@dataclass
class Metric:
    start: int
    end: int
    kind: str  # adjacent | gap | right | fallback


def clean_left(text: str, a: int, b: int, cfg: RulesConfig) -> tuple[int, int]:
    """Trim a candidate left metric text[a:b] (time/place/subject words, leading verbs,
    trailing copulas, anything up to the last 的); returns the trimmed (a, b), maybe empty."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in "(（"):  # (住房保障类(793件: the parenthesis goes)
        b -= 1
    a0 = a
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
        if not m or m.end() == 0:
            m = cfg.place_strip.match(seg)  # 县级培训 → 培训 (NOTES §11.6 level words; 县直单位 is a kind of unit)
            m = m if m and not m.group(0).endswith("直") and len(strip_ws(seg[m.end() :])) >= 2 else None
        if m and m.end() > 0:
            a += m.end()
            while a < b and text[a].isspace():
                a += 1
            continue
        break
    last = last_match(cfg.channel_list_end, text, a, b)
    if last is not None and len(strip_ws(text[last.end() : b])) >= 2:
        a = last.end()  # 12345热线、信访等各渠道群众留言来信 → 群众留言来信: the channel list goes (NOTES §11.4)
    last = last_match(cfg.mid_adverb, text, a, b)
    if last is not None and len(strip_ws(text[last.end() : b])) >= 2:
        a = last.end()  # 居民代表面对面座谈 → 座谈, 采用图文等多种形式解读 → 解读 (NOTES §12.2)
    last = last_match(cfg.mid_time, text, a, b)
    if last is not None and len(strip_ws(text[last.end() : b])) >= 2:
        a = last.end()  # 网站全年访问量 → 访问量: a time word inside ends the subject before it (NOTES §2)
    last = last_match(cfg.mid_subject, text, a, b)
    if last is not None and len(strip_ws(text[last.end() : b])) >= 2:
        a = last.end()  # 市级部门公开项目绩效目标 → 公开项目绩效目标 (→ 项目绩效目标): a subject before its verb goes (NOTES §2, §11.2)
    m = cfg.trailing_verb.search(text[a:b])  # (sliced: its lookbehind must not see the words already dropped, 合计|发布)
    if m:  # 信息公开目录发布4282条 → 信息公开目录
        b = a + m.start()
    seg = text[a:b]
    k = seg.rfind("的")
    if 1 < k < len(seg) - 1 and (k > 6 or not seg[:k].endswith(cfg.kept_de_modifiers)):
        # a modifier ending in 的 is dropped (现行有效的行政规范性文件, 不符合要求的网站, 交办的人大建议; NOTES
        # §11.3 cuts at 的); a short 政策法规类的信息 keeps its class word (§11.3)
        a += k + 1
        seg = text[a:b]
        m = cfg.place_strip.match(seg)  # 制发的省政府规章 → 政府规章 (NOTES §11.6)
        if m and m.end() < len(seg):
            a += m.end()
            seg = text[a:b]
    m = cfg.channel_volume.match(seg)
    if m and m.end() < len(seg):  # 平台日均调用量 → 日均调用量, 自助终端办件量 → 办件量 (NOTES §11.4: one channel figure)
        a += m.end()
        seg = text[a:b]
    m = cfg.channel_prefix.match(seg) if not seg.endswith(cfg.rate_heads) else None  # (栏目更新及时率 is one rate, NOTES §11.3)
    if m and m.end() < len(seg):
        a += m.end()
        seg = text[a:b]
    for _ in range(2):  # two verbs in a row go together (受理办理各类政务服务事项, 征集并公布调查意见)
        m = cfg.leading_verbs.match(seg) or cfg.object_verb.match(seg)  # (参加江苏省…专题培训 → 江苏省…专题培训)
        if not m or m.end() >= len(seg):
            break
        rest = strip_ws(seg[m.end() :])
        # (a rate or amount keeps its verb: 整改完成率, NOTES §11.3)
        if not (len(rest) >= 2 and not is_generic(rest, cfg) and not rest.startswith(cfg.compound_heads) and not rest.endswith(cfg.rate_heads)):
            break
        if rest in cfg.answer_verbs:  # (公开答复28条，电话答复15条: a manner before a verb with no object, NOTES §11.1 verb alone)
            break
        if rest[0] in "或和":  # (废止或失效25件: verbs joined by 或/和 are one outcome, kept whole; see _coordinated)
            break
        a += m.end()
        seg = text[a:b]
        m = cfg.place_strip.match(seg)  # 主动公开市政府规章 → 政府规章, 发布全市“政务要闻” → “政务要闻”
        if m and m.end() < len(seg):
            a += m.end()
            seg = text[a:b]
        m = cfg.leading_strip.match(seg)  # 编辑发行2024年度《…公报》 → 《…公报》 (time words after the verb, NOTES §2)
        if m and 0 < m.end() < len(seg):
            a += m.end()
            seg = text[a:b]
    seg = text[a:b]
    k = max(seg.rfind(w) for w in ("各类", "各项"))
    if k > 0 and len(strip_ws(seg[k + 2 :])) >= 2 and not cfg.verb_before.search(seg[:k]):
        # a quantity word inside ends what stands before it (群众各类诉求 → 诉求, 审批业务各类表格 → 表格;
        # 工作动态和各类政府信息 → 各类政府信息 keeps it before a generic object; NOTES §11.2, §11.3)
        a += k if is_generic(strip_ws(seg[k:]), cfg) else k + 2
        seg = text[a:b]
    m = cfg.nongeneric_prefix.match(seg)
    if m and len(strip_ws(seg[m.end() :])) >= 2 and not is_generic(strip_ws(seg), cfg):
        a += m.end()  # 各类政策文件 → 政策文件, but 各类信息 stays (NOTES §11.2)
    m = cfg.quoted_channel.match(text, a, b)
    if m:  # “示例办”APP注册用户 → 注册用户: a named channel or system before a noun (NOTES §11.6)
        a = m.end()
    k = text.rfind("《", a0, b)
    if b > a and text[b - 1] == "》" and a0 <= k and "》" not in text[k : b - 1] and (k < a or cfg.title_owner.search(text[a:k])):
        # a cut never falls inside the 《title》 that is the whole metric, and the agency or place
        # that issued it goes (在示例省人民政府《…目录》52项 → 《…目录》; NOTES §2)
        a = k
    while b > a and text[b - 1] == "的":
        b -= 1
    if strip_ws(text[a:b]) in cfg.function_words:
        return a, a
    return a, b


def _coordinated(head: str, t: re.Match) -> bool:
    """A verb joined to the next one by 或/和 (废止或失效25件, 废止和修改8件) is one coordinated outcome,
    not a verb before its object: the pair is the METRIC (NOTES §11.1 verb alone)."""
    return head[t.end() : t.end() + 1] in ("或", "和") and t.end() + 1 < len(head)


def left_metric(text: str, ls: int, vs: int, cfg: RulesConfig) -> tuple[Optional[Metric], bool, Optional[Metric]]:
    """Metric before a value in text[ls:vs]. Returns (metric, wants_right, fallback)."""
    seg = text[ls:vs]
    if not strip_ws(seg):
        return None, True, None
    # drop copulas/adverbs right before the value
    b = vs
    m = cfg.trailing_copula.search(seg)
    if m:
        b = ls + m.start()
    while b > ls and (text[b - 1].isspace() or text[b - 1] in "(（"):
        b -= 1
    gap = b < vs and bool(strip_ws(text[b:vs]))
    head = text[ls:b]
    if cfg.to_right.search(head) or cfg.to_right_tail.search(strip_ws(head)) or (not head.strip() and gap is False):
        fa, fb = clean_left(text, ls, b - 1 if head.endswith(tuple("等和及与、或")) else b, cfg)
        de = head.rstrip()
        if de.endswith("的") and len(strip_ws(de)) > 2:
            # 完成年度目标任务的104.5%: with no noun after the value, the fallback is the left metric before 的,
            # cleaned as any left metric when that cuts more (its verb and time words go, NOTES §11.1, §12.1)
            lm = left_metric(text, ls, ls + len(de) - 1, cfg)[0]
            if lm is not None and lm.start > fa:
                fa, fb = lm.start, lm.end
        return None, True, (Metric(fa, fb, "fallback") if fb > fa else None)
    last = prev = None
    for t in cfg.transitive.finditer(head):
        if head.count("《", 0, t.start()) <= head.count("》", 0, t.start()) and not _coordinated(head, t):  # (指导 in 《…指导目录》 is no verb, NOTES §2)
            prev, last = last, t
    for t in cfg.object_verb.finditer(head):
        if (last is None or t.start() >= last.end()) and head.count("《", 0, t.start()) <= head.count("》", 0, t.start()) and not _coordinated(head, t):
            prev, last = last, t
    if last is not None:
        a2, b2 = clean_left(text, ls + last.end(), b, cfg)
        if b2 > a2 and a2 == ls + last.end() and last.group(0) not in cfg.not_verbs and is_generic(strip_ws(text[a2:b2]), cfg):
            a2 = ls + last.start()  # a generic object keeps its verb (NOTES §11.1)
        m = cfg.place_strip.match(text[a2:b2]) if a2 == ls + last.end() else None
        if m and a2 + m.end() < b2:  # a level word opening the verb's object goes (梳理区级政务服务事项, NOTES §11.6)
            a2 += m.end()
        if b2 > a2 and strip_ws(text[a2:b2]) in cfg.bare_verbs:  # 归集上报40309条公共信用信息
            return None, True, Metric(a2, b2, "fallback")
        if b2 > a2:
            return Metric(a2, b2, "gap" if gap or b2 < vs else "adjacent"), False, None
        a0 = ls + prev.end() if prev is not None and prev.group(0) not in cfg.not_verbs else ls
        fa, fb = clean_left(text, a0, ls + last.start(), cfg)
        if fb <= fa:  # nothing before the verb: the verb is what is counted (含新制定5件)
            fa, fb = clean_left(text, ls, b, cfg)
        elif fb == ls + last.start():  # a noun right before a final verb-like head is one compound (业务培训11场, NOTES §11.3)
            fa, fb = clean_left(text, fa, b, cfg)
        # (else the noun, with an adverb before the verb: 新闻发布会累计举行151场 → 新闻发布会)
        return None, True, (Metric(fa, fb, "fallback") if fb > fa else None)
    a2, b2 = clean_left(text, ls, b, cfg)
    if b2 > a2:
        found = Metric(a2, b2, "adjacent" if b2 == vs else "gap")
        name = strip_ws(text[a2:b2])
        # 收到1份《申请表》 (a bare verb), 可为23件政策 (one character): the metric follows the value
        # (a quoted name before the value is the metric, NOTES §2: “一件事一次办”210项事项 → “一件事一次办”)
        if name in cfg.bare_verbs or len(name) == 1:
            return None, True, Metric(a2, b2, "fallback")
        return found, False, None
    return None, True, None


def counted_noun_after(text: str, v: ValueSpan, ls: int, ce: int, nxt: Optional[int], left: Metric, cfg: RulesConfig) -> Optional[Metric]:
    """A number + counting word that modifies the noun after it (`新设8个专题专栏。`,
    `从各渠道收到3条依申请公开请求,`) counts that noun, not the words before the number
    (NOTES §2 metric after the value): the noun must close the clause (or, for a staff count,
    stand before a duty verb: `指定一名工作人员负责…`, or before what the items did or lack:
    `5所学校未按学期更新`), be no verb, no generic object
    (a verb right before the value takes that noun in rules.py: `推送232条信息` → 信息) and the left metric no object of a verb
    (`完成建设工程项目148个标段`)."""
    if nxt is not None and nxt < ce:
        return None
    if strip_ws(text[left.start : left.end]) in cfg.change_words:
        return None  # 较上年提升5个名次: the change word is the metric (NOTES §6, §13.1)
    rm = right_metric(text, v.end, ce, cfg)
    if rm is None:
        return None
    name = strip_ws(text[rm.start : rm.end])
    closes = (
        not strip_ws(text[rm.end : ce])
        or (v.parsed.unit in cfg.staff_units and cfg.right_stop.match(text, rm.end) is not None)
        or cfg.right_predicate.match(text, rm.end) is not None
    )
    if (
        not closes
        or len(name) < 2
        or name[0] in "(（"
        or is_generic(name, cfg)
        or name in cfg.bare_verbs
        or cfg.transitive.match(name)
        or cfg.object_verb.match(name)
        or _object_of_verb(text, ls, left, cfg)
    ):
        return None
    return rm


def _object_of_verb(text: str, ls: int, metric: Metric, cfg: RulesConfig) -> bool:
    """A left metric right after a transitive verb is that verb's object (完成建设工程项目148个标段)."""
    if metric.kind != "adjacent":
        return False
    t = last_match(cfg.transitive, text, max(ls, metric.start - 4), metric.start)
    return t is not None and t.end() == metric.start and t.group(0) not in cfg.not_verbs


def trim_long(text: str, metric: Metric, cfg: RulesConfig) -> Metric:
    """A long left metric usually still holds its subject (`上海市人民政府网站共发布各类信息`):
    cut after the last agency/platform word, then before the last counting verb, and re-trim."""
    a, b = metric.start, metric.end
    seg = text[a:b]
    if seg.startswith("《") and seg.endswith("》"):
        return metric  # a title that is the whole metric stays whole (NOTES §2)
    m = cfg.long_cut_after.match(seg)
    if m and seg.count("“", 0, m.end()) > seg.count("”", 0, m.end()):
        m = None  # never inside a quoted name (“高质量发展在申城”系列, NOTES §2)
    if m and len(strip_ws(seg[m.end() :])) >= 2:
        a += m.end()
        seg = text[a:b]
    last = None
    for v in cfg.long_mid_verbs.finditer(seg):
        if v.start() > 0:
            last = v
    if last is not None and len(strip_ws(seg[last.start() :])) >= 3:
        a += last.start()
    a2, b2 = clean_left(text, a, b, cfg)
    if b2 - a2 < 2:
        return metric
    return Metric(a2, b2, metric.kind)


def extend_enumeration(text: str, metric: Metric, cs: int, prev_end: int, cfg: RulesConfig) -> Optional[Metric]:
    """A metric that opens its clause right after `、` shares its head with the items before it
    (`人大代表建议、政协提案复文188件`, `政策、规范性文件类信息24条`): the listed items join the
    metric (NOTES §11.3), as long as they hold no figure and the list starts after the previous value."""
    lead = text[cs : metric.start]
    if lead.strip() and not any((m := p.match(text[cs : metric.end])) and m.end() == len(lead) for p in (cfg.place_strip, cfg.leading_verbs)):
        # (a place or level word or a verb the cleaning dropped may stand between: 区人大代表建议、区政协委员提案,
        # 工作动态、转载新闻要闻; NOTES §11.3 lists stay whole)
        return metric
    first = metric.start
    start = cs
    pos = cs
    items = []
    while pos > 0 and text[pos - 1] == "、":
        k = max(text.rfind(ch, 0, pos - 1) for ch in cfg.enum_stops + "、") + 1
        item = text[k : pos - 1]
        if k < prev_end:
            break
        if not cfg.enum_item.match(item):
            # the first item ends a longer clause (集中发布政策文件、解读和问答材料): its cleaned tail is the item
            lm = left_metric(text, k, pos - 1, cfg)[0]
            a2, b2 = (lm.start, lm.end) if lm is not None else (pos, pos)
            if b2 == pos - 1 and cfg.enum_item.match(text[a2:b2]) and len(strip_ws(text[a2:b2])) >= 2:
                items.append(text[a2:b2])
                start = a2
            break
        items.append(item)
        start, pos = k, k
    if start == cs:
        return metric
    if all(x.endswith(cfg.rate_heads) for x in items + [text[metric.start : metric.end]]):
        return None  # 满意率、办复率、公示率100%: one value shared by several metrics, skipped like 均为 (NOTES §5)
    # the first item loses what a metric never holds: adverbs, subjects, a leading verb (公示注册登记、…)
    a = start
    m = cfg.leading_strip.match(text[a : metric.start])  # (sliced: these patterns are anchored with ^)
    if m:
        a += m.end()
    for verbs in (cfg.leading_verbs, cfg.object_verb, cfg.transitive):
        m = verbs.match(text[a : metric.start])
        if m:
            a += m.end()
    m = cfg.place_strip.match(text[a : metric.start])  # 办理区人大代表建议、… → 人大代表建议 (NOTES §11.6)
    if m:
        a += m.end()
    first_item = strip_ws(text[a : start + len(items[-1])])  # (关停乡镇、部门网站: the verb went, 乡镇 is the item)
    if any(cfg.enum_agency.search(x) for x in [first_item] + [strip_ws(x) for x in items[:-1]]):
        # 人大、政协建议提案: agency words listed before the noun are no items of it, and the one
        # opening the metric goes too (→ 建议提案, NOTES §2)
        m = cfg.enum_agency_head.match(text[first : metric.end])
        return Metric(first + m.end(), metric.end, metric.kind) if m else metric
    return Metric(a, metric.end, metric.kind)


def right_metric(text: str, ve: int, re_: int, cfg: RulesConfig) -> Optional[Metric]:
    seg = text[ve:re_]
    m = cfg.progressive.match(seg)
    if m:  # 1件尚在审理中 → 审理中 (NOTES §14, §12.2)
        return Metric(ve + m.start("m"), ve + m.end("m"), "right")
    m = cfg.right_head.match(seg.lstrip())
    if not m:
        return None
    head = m.group(0)
    stop = cfg.right_stop.search(head)
    if stop is not None:
        head = head[: stop.start()]
    for verbs in (cfg.transitive, cfg.object_verb):  # 23个县(市、区)签订合作协议 → 县(市、区)
        stop = verbs.search(head, 2)
        if stop is not None and stop.end() < len(head):  # (a final verb-like head is a compound: 全县业务培训, NOTES §11.3)
            head = head[: stop.start()]
    q = head.find("“", 1)
    if q > 0 and not head.endswith("”"):  # 31个单位“三集中三到位”工作: the quoted name qualifies what follows
        head = head[:q]  # (53项政务服务“指尖办”: a quoted name closing the noun is part of it, NOTES §2)
    h = cfg.right_heads.match(head)
    if h:
        head = h.group(0)
    head = head.rstrip("“‘\"《(（和及与或")
    off = 0  # a 《title》 keeps its marks (NOTES §2)
    # a verb before a specific object and a place go, as before a left metric
    # (100%做好主动型承诺 → 主动型承诺, 191场市政府新闻发布活动 → 新闻发布活动)
    for pat in (cfg.object_verb, cfg.place_strip):
        m = pat.match(head)
        if m and m.end() < len(head) - 1 and not is_generic(head[m.end() :], cfg) and not (pat is cfg.object_verb and cfg.leading_verbs.match(head[m.end() :])):
            # (3轮督促整改工作: a verb before another verb names one activity, kept whole, NOTES §11.3)
            head, off = head[m.end() :], off + m.end()
    t = last_match(cfg.mid_time, head, 0, len(head))
    if t is not None and t.group(0) in ("季度", "月度") and len(head) - t.end() >= 2:  # 4次政务公开季度检查通报 → 检查通报 (NOTES §12.1)
        head, off = head[t.end() :], off + t.end()
    if len(head) < 1 or head in cfg.function_words:
        return None
    if not head:
        return None
    start = ve + (len(seg) - len(seg.lstrip())) + off
    return Metric(start, start + len(head), "right")

