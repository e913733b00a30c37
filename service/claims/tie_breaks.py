"""Tie-breaks that look at neighbouring claims, applied after every claim has its metric
(annotations/NOTES.md §11.4, §11.6): contrasting verbs are kept, channels join metrics that
differ only by them."""

from __future__ import annotations

import re
from typing import Optional

from service.claims.rules_config import RulesConfig, strip_ws
from service.record import Claim


def _metric_from(text: str, c: Claim, start: int) -> Claim:
    """The claim with its left metric (and so the claim) starting earlier, at `start`."""
    return c.model_copy(update={"metric": strip_ws(text[start : c.metric_span[1]]), "start": start,
                                "text": text[start : c.end], "metric_span": (start, c.metric_span[1])})


def _dropped_verb(text: str, c: Claim, cfg: RulesConfig) -> Optional[re.Match]:
    """The verb right before a left metric that the cleaning dropped (制发|行政规范性文件), if any."""
    a = c.metric_span[0]
    if a != c.start:
        return None
    return cfg.verb_before.search(text, max(0, a - 6), a)


def keep_contrasting_verbs(text: str, claims: list[Claim], cfg: RulesConfig) -> list[Claim]:
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


def attach_channels(text: str, claims: list[Claim], cfg: RulesConfig) -> list[Claim]:
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

