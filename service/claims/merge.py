"""Merge rule claims and model claims into one list, each claim keeping its `source`.

Two claims are the same figure when their value spans overlap (a value is counted once); then
the preferred source's claim is kept (`configs/claim_models.yaml`, `merge.prefer`: `rule`, `model`,
or `confidence` = whichever of the two is surer, the rule on a tie) and, when the two agree on
metric and value, its confidence is raised. A model claim whose value no rule claim covers is
added.
"""

from __future__ import annotations

from typing import Optional, Sequence

from service.config import load_config
from service.record import Claim


def _settings() -> dict:
    try:
        return load_config("claim_models.yaml").get("merge", {}) or {}
    except FileNotFoundError:
        return {}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _agree(a: Claim, b: Claim) -> bool:
    return a.metric == b.metric and a.value == b.value and a.unit == b.unit and a.comparator == b.comparator


def merge(
    rule_claims: Sequence[Claim],
    model_claims: Sequence[Claim],
    prefer: Optional[str] = None,
    min_confidence: Optional[float] = None,
) -> list[Claim]:
    """One claim per value span, sorted by position."""
    cfg = _settings()
    prefer = prefer or cfg.get("prefer", "rule")
    min_conf = cfg.get("min_confidence", 0.0) if min_confidence is None else min_confidence
    model_claims = [c for c in model_claims if c.confidence >= min_conf]
    if prefer == "confidence":
        return _by_confidence(rule_claims, model_claims)
    first, second = (rule_claims, model_claims) if prefer == "rule" else (model_claims, rule_claims)
    kept: list[Claim] = list(first)
    for c in second:
        clash = [k for k in kept if _overlap(tuple(k.value_span), tuple(c.value_span))]
        if not clash:
            kept.append(c)
            continue
        for i, k in enumerate(kept):
            if k in clash and _agree(k, c):
                kept[i] = k.model_copy(update={"confidence": min(1.0, max(k.confidence, c.confidence) + 0.05)})
    return sorted(kept, key=lambda c: (c.start, c.end, c.source))


def _by_confidence(rule_claims: Sequence[Claim], model_claims: Sequence[Claim]) -> list[Claim]:
    """Per value: the rule claim unless a model claim on the same value is surer than it."""
    kept: list[Claim] = list(rule_claims)
    for c in model_claims:
        clash = [i for i, k in enumerate(kept) if _overlap(tuple(k.value_span), tuple(c.value_span))]
        if not clash:
            kept.append(c)
        elif all(_agree(kept[i], c) for i in clash):
            for i in clash:
                kept[i] = kept[i].model_copy(update={"confidence": min(1.0, max(kept[i].confidence, c.confidence) + 0.05)})
        elif len(clash) == 1 and c.confidence > kept[clash[0]].confidence:
            kept[clash[0]] = c
    return sorted(kept, key=lambda c: (c.start, c.end, c.source))
