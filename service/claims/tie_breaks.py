"""Tie-breaks that look at neighbouring claims, applied after every claim has its metric
(annotations/NOTES.md §11.4, §11.6): contrasting verbs are kept, channels join metrics that
differ only by them."""

from __future__ import annotations

import re
from typing import Optional

from service.claims.rules_config import RulesConfig, strip_ws
from service.record import Claim


def _with_metric(text: str, c: Claim, a: int, b: int) -> Claim:
    """The claim with its metric at text[a:b] (the claim runs from the first of metric and value to
    the last)."""
    s, e = min(a, c.value_span[0]), max(b, c.value_span[1])
    return c.model_copy(update={"metric": strip_ws(text[a:b]), "metric_span": (a, b), "start": s, "end": e, "text": text[s:e]})


def _metric_from(text: str, c: Claim, start: int) -> Claim:
    """The claim with its left metric (and so the claim) starting earlier, at `start`."""
    return _with_metric(text, c, start, c.metric_span[1])


def _paragraph(text: str, pos: int) -> int:
    """Where the paragraph holding `pos` starts (the line break before it, -1 at the text's start)."""
    return text.rfind("\n", 0, pos)


def _dropped_verb(text: str, c: Claim, cfg: RulesConfig) -> Optional[re.Match]:
    """The verb right before a left metric that the cleaning dropped (制发|行政规范性文件), if any."""
    a = c.metric_span[0]
    if a != c.start:
        return None
    if text[max(0, a - 2) : a] in ("各类", "各项"):  # 受理各类政务服务事项 (the quantifier went with the verb, §11.2)
        a -= 2
    return cfg.verb_before.search(text, max(0, a - 6), a)


def _verb_start(text: str, v: re.Match, cfg: RulesConfig) -> int:
    """Start of a verb run ending with `v` (处理解决民生诉求 → 处理解决, NOTES §11.6)."""
    s = v.start()
    w = cfg.verb_before.search(text, max(0, s - 4), s)
    return w.start() if w is not None else s


def _is_bare_verb(metric: str, cfg: RulesConfig) -> bool:
    """A metric that is only a verb (办结, 废止): its object is not written."""
    m = cfg.verb_before.search(metric)
    return m is not None and m.start() == 0


def keep_contrasting_verbs(text: str, claims: list[Claim], cfg: RulesConfig) -> list[Claim]:
    """NOTES §11.6: neighbouring figures whose metrics differ only by their verb keep it
    (`制发行政规范性文件6个,废止行政规范性文件2个`)."""
    out = list(claims)
    for i in range(len(claims) - 1):
        c1, c2 = claims[i], claims[i + 1]
        v1, v2 = _dropped_verb(text, c1, cfg), _dropped_verb(text, c2, cfg)
        if v1 is not None and v2 is None and _is_bare_verb(c2.metric, cfg) and c2.metric not in c1.metric and c2.start == c2.metric_span[0] and cfg.contrast_gap.match(text[c1.end : c2.start]):
            # 受理各类政务服务事项38.6万件，办结38.2万件: the neighbour is the bare verb, so the
            # figures differ only by the verb and it stays (NOTES §11.6); not when the neighbour's verb is the
            # head of this metric (开展政务公开培训4期，培训380余人次: sessions and trainees, NOTES §11.3)
            out[i] = _metric_from(text, c1, _verb_start(text, v1, cfg))
            continue
        kept = cfg.change_verb.match(c2.metric)
        if v1 is not None and v2 is None and kept and c2.metric[kept.end() :] == c1.metric and c2.start == c2.metric_span[0] and cfg.contrast_gap.match(text[c1.end : c2.start]):
            # 制发行政规范性文件2件,废止行政规范性文件1件: a change word kept with its object (NOTES §11.6)
            # tells the figures apart, so the verb of the first figure stays too
            out[i] = _metric_from(text, c1, _verb_start(text, v1, cfg))
            continue
        if v1 is None or v2 is None or not cfg.contrast_gap.match(text[c1.end : v2.start()]):
            continue
        same_object = c1.metric == c2.metric and v1.group(0) != v2.group(0)
        if not same_object:
            continue
        for j, v in ((i, v1), (i + 1, v2)):
            c = out[j]
            out[j] = _metric_from(text, c, v.start())
    return out


def _channel_figure(metric: str) -> str:
    """What a publishing figure counts, for comparing figures by channel (主动公开各类政府信息 → 公开信息)."""
    m = re.sub("(?:数|数量)$", "", metric)
    m = re.sub("^(?:主动|组织|同步)", "", m)
    m = re.sub("^(?:发布|公开|推送|刊发|转载|更新)$", "发布", m)  # (网站公开287条, 微信公众号发布434条: bare verbs, one kind of figure)
    return re.sub("(?:各类)?(?:政府|政务)?(?=信息$)", "", m)


def attach_channels(text: str, claims: list[Claim], cfg: RulesConfig) -> list[Claim]:
    """NOTES §11.4: when two or more figures of one paragraph have the same metric and differ only
    by the channel written right before their publishing verb (门户网站发布信息…, 微博发布信息…),
    the channel, cut to its head noun (§12.5: 政府网站 → 网站), joins the metric of every channel
    figure of that paragraph; a single channel figure keeps the bare metric."""
    found: dict[int, tuple[int, str]] = {}  # claim index -> (channel start, channel)
    for i, c in enumerate(claims):
        a = c.metric_span[0]
        if a != c.start or not cfg.channel_verbs.match(c.metric):
            continue
        m = cfg.channel_tail.search(text, max(0, a - 20), a)
        if m:
            found[i] = (m.start(), m.group(0))
    if not found:
        return claims
    by_para: dict[tuple[int, str], list[int]] = {}  # (paragraph start, metric) -> claims
    for i in found:
        # (公开信息数 and 公开信息 count the same thing, so they are figures of one metric, NOTES §11.4)
        # (公开政府信息 / 主动公开政府信息 / 公开信息 name one kind of figure too: the generic object's
        # qualifiers and 主动 do not tell the figures apart, NOTES §11.1, §11.4)
        by_para.setdefault((_paragraph(text, claims[i].start), _channel_figure(claims[i].metric)), []).append(i)
    # a figure whose metric is only a channel (网站发布信息823条、微博187条) is one more channel of the
    # paragraph's figures (NOTES §11.4)
    bare: dict[int, set[str]] = {}
    for c in claims:
        if not c.metric.startswith("“") and cfg.channel_tail.fullmatch(c.metric):  # (“机构领导”1条 is a column, no channel)
            bare.setdefault(_paragraph(text, c.start), set()).add(c.metric)
    # a paragraph where some figures differ only by channel lists its figures by channel: each channel
    # figure of it keeps its channel (网站公开信息2100条…门户网站发布政府信息5469条…, NOTES §11.4)
    paras = {para for (para, _), idx in by_para.items() if len({found[i][1] for i in idx} | bare.get(para, set())) >= 2}
    out = list(claims)
    for (para, _), idx in by_para.items():
        if para not in paras:
            continue
        for i in idx:
            out[i] = _metric_from(text, claims[i], found[i][0])
    return out


def cut_carry_over(text: str, claims: list[Claim], cfg: RulesConfig) -> list[Claim]:
    """NOTES §12.4: `结转下年度继续办理1件` → METRIC `结转`; the period stays only when another
    carry-over figure of the paragraph also names a year (`2022年结转…7件，结转至2024年9件`)."""
    out = list(claims)
    for i, c in enumerate(claims):
        m = cfg.carry_over.match(c.metric)
        if m is None:
            continue
        para = (_paragraph(text, c.start), text.find("\n", c.end))
        if any(
            j != i and para[0] < d.start and (para[1] < 0 or d.end <= para[1]) and m.group("verb") in d.metric and re.search(r"\d{4}\s*年", text[max(para[0] + 1, d.metric_span[0] - 8) : d.metric_span[1]])
            for j, d in enumerate(claims)
        ):
            continue
        a = c.metric_span[0] + text[c.metric_span[0] : c.metric_span[1]].find(m.group("verb"))
        out[i] = _with_metric(text, c, a, a + len(m.group("verb")))
    return out
