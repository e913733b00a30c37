"""Merge rule claims and model claims into one list, each claim keeping its `source`.

Two claims are the same figure when their value spans overlap (a value is counted once). Settings
(`configs/claim_models.yaml`, `merge`):
- `prefer`: whose claim is kept when both read the same value (`rule` or `model`);
- `rule_yields_below`: with `prefer: rule`, a rule claim less sure than this (the rules' own
  confidence: a fall-back reading, an over-long metric) gives way to the model's claim on that
  value;
- `add_uncovered`: whether a model claim on a value no rule claim reads is added;
- `min_confidence`: model claims below it are dropped first;
- `confirm`: the model checks every rule claim (it reads the stretch around each, `model_focus`): a
  rule claim the model reads the same way gets at least `confirmed_confidence`, one it reads
  otherwise or not at all has its confidence multiplied by `unconfirmed_factor` (before
  `rule_yields_below` is applied). The confidence then tells a reviewer which claims to look at
  first (on dev and blind, rule claims the model confirms are right about 95 % of the time, the
  others 64–86 %: `models/README.md`).
Without `confirm`, when the two agree on metric and value the kept claim's confidence is raised a little.
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


def model_focus(rule_claims: Sequence[Claim]) -> Optional[list[tuple[int, int]]]:
    """Where the model's claims can change the merged result: with `prefer: rule` and
    `add_uncovered: false` only around the rule claims it checks (`confirm`: all) or may replace (less
    sure than `rule_yields_below`), so the model needs to read only those stretches: each claim's
    span widened by `focus_margin` characters on both sides, within its sentence (the same merged
    claims and confidences, a fraction of the model time; the margin is far wider than what the
    model's encoder sees around a character, and than a metric reaches beyond the rules' one).
    None: everywhere."""
    cfg = _settings()
    if cfg.get("prefer", "rule") != "rule" or bool(cfg.get("add_uncovered", True)):
        return None
    if cfg.get("confirm", False):
        asked = list(rule_claims)  # every rule claim is checked
    else:
        below = float(cfg.get("rule_yields_below", 0.0))
        asked = [c for c in rule_claims if c.confidence < below]
    margin = int(cfg.get("focus_margin", 24))
    return [(max(0, c.start - margin), c.end + margin) for c in asked]


def merge(
    rule_claims: Sequence[Claim],
    model_claims: Sequence[Claim],
    prefer: Optional[str] = None,
    min_confidence: Optional[float] = None,
    rule_yields_below: Optional[float] = None,
    add_uncovered: Optional[bool] = None,
    confirm: Optional[bool] = None,
) -> list[Claim]:
    """One claim per value span, sorted by position."""
    cfg = _settings()
    prefer = prefer or cfg.get("prefer", "rule")
    min_conf = cfg.get("min_confidence", 0.0) if min_confidence is None else min_confidence
    yields_below = float(cfg.get("rule_yields_below", 0.0) if rule_yields_below is None else rule_yields_below)
    add = bool(cfg.get("add_uncovered", True) if add_uncovered is None else add_uncovered)
    if cfg.get("confirm", False) if confirm is None else confirm:
        rule_claims = _confirmed(rule_claims, model_claims, float(cfg.get("confirmed_confidence", 0.95)),
                                 float(cfg.get("unconfirmed_factor", 0.7)))
        agreed_bonus = 0.0
    else:
        agreed_bonus = 0.05
    model_claims = [c for c in model_claims if c.confidence >= min_conf]
    if prefer == "rule":
        first, second, weak = list(rule_claims), model_claims, yields_below
    else:
        first, second, weak = list(model_claims), list(rule_claims), 0.0
    kept: list[Claim] = first
    for c in second:
        clash = [i for i, k in enumerate(kept) if _overlap(tuple(k.value_span), tuple(c.value_span))]
        if not clash:
            if add or prefer != "rule":
                kept.append(c)
            continue
        for i in clash:
            if _agree(kept[i], c) and agreed_bonus:
                kept[i] = kept[i].model_copy(update={"confidence": round(min(1.0, max(kept[i].confidence, c.confidence) + agreed_bonus), 2)})
        if len(clash) == 1 and not _agree(kept[clash[0]], c) and kept[clash[0]].confidence < weak:
            kept[clash[0]] = c
    return sorted(kept, key=lambda c: (c.start, c.end, c.source))


def _confirmed(rule_claims: Sequence[Claim], model_claims: Sequence[Claim], confirmed: float, factor: float) -> list[Claim]:
    """Rule claims with their confidence set by the model's reading of the same value (any model
    confidence: a weak reading that agrees still confirms)."""
    out = []
    for r in rule_claims:
        same = any(_agree(r, m) for m in model_claims if _overlap(tuple(m.value_span), tuple(r.value_span)))
        conf = max(r.confidence, confirmed) if same else r.confidence * factor
        out.append(r.model_copy(update={"confidence": round(min(1.0, conf), 2)}))
    return out
