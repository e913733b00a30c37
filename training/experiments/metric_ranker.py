"""Experiment (not shipped): a learned re-ranker of the rules' metric boundaries.

Issue 5 asks the merged extractor to beat the rules; nearly all remaining rule errors are exact
metric boundaries (models/README.md). This tries the obvious learned fix: for each rule claim
whose metric stands before its value, every stretch of the same clause a few characters around
the rules' choice is a candidate; a conditional logit over the candidates (sparse features:
characters at and around both boundaries, the words added or cut relative to the rules' metric,
the gap to the value, the whole metric text, the rules' own choice) is fitted with AdaGrad + L2
on the train split and applied where it prefers another stretch by more than a margin.

Result (2026-11-24): on the third-round gold (rules dev claim F1 0.886), with weak L2 it fits
train to 0.97 and lowers dev (0.83-0.87); with strong L2 or a high margin it changes nothing.
Its few changes on dev were all wrong (e.g. 规范性文件 -> 制发规范性文件). On the fourth-round
gold (rules dev 0.903) the same: 0.865-0.900 on dev, never above the rules. The rules' residual
errors are idiosyncratic, not lexical patterns a model can learn from ~120 train errors. Not
shipped. Reproduce: `python -m training.experiments.metric_ranker` (under a minute).

Written here rather than with a library: a sparse dot product needs no estimator package.
"""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterable, Optional, Sequence

from service.record import Claim

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class RankerSettings:
    left: int = 10  # candidate starts this far either side of the rules' start
    right: int = 4  # candidate ends this far either side of the rules' end
    back: int = 30  # a candidate starts no further back than this from the value
    stops: str = "，,。；;：:！？!?（）()"
    min_margin: float = 0.0  # replace when P(best) - P(rules' metric) is above this



@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    features: tuple[str, ...]
    is_rule: bool


def _clip(n: int, lo: int, hi: int) -> int:
    return lo if n < lo else hi if n > hi else n


def _clause_start(text: str, pos: int, floor: int, cfg: RankerSettings) -> int:
    """First position of the clause ending at `pos` (not before `floor`)."""
    i = pos
    lo = max(floor, pos - cfg.back)
    while i > lo and text[i - 1] not in cfg.stops and not (text[i - 1] == "\n" and i >= 2 and text[i - 2] in "。；;：:"):
        i -= 1
    return i


def _bad_start(ch: str) -> bool:
    return ch.isspace() or ch in "、，,。）)”’》】"


def _bad_end(ch: str) -> bool:
    return ch.isspace() or ch in "、，,。（(“‘《【"


def candidates(text: str, claim: Claim, floor: int, cfg: RankerSettings) -> list[Candidate]:
    """The candidate metrics of a rule claim with a left metric (`floor`: where the previous
    claim's value ends); the rules' own metric is always one of them."""
    ms, me = claim.metric_span
    vs = claim.value_span[0]
    L = _clause_start(text, ms, floor, cfg)
    starts = [s for s in range(max(L, ms - cfg.left), min(me - 1, ms + cfg.left) + 1) if not _bad_start(text[s])]
    ends = [e for e in range(max(ms + 1, me - cfg.right), min(vs, me + cfg.right) + 1) if not _bad_end(text[e - 1])]
    if ms not in starts:
        starts.append(ms)
    if me not in ends:
        ends.append(me)
    sf = {s: _start_features(text, s, ms, L) for s in starts}
    ef = {e: _end_features(text, e, me, vs) for e in ends}
    unit = claim.unit or "-"
    out = []
    for s in starts:
        for e in ends:
            if e - s < 2:
                continue
            name = _WS.sub("", text[s:e])
            is_rule = s == ms and e == me
            joint = (f"len:{min(len(name), 24)}", f"m:{name}", f"m2:{name[-2:]}", f"u:{unit}|{'r' if is_rule else 'o'}")
            out.append(Candidate(s, e, sf[s] + ef[e] + joint + (("rule",) if is_rule else ()), is_rule))
    return out


def _start_features(text: str, s: int, ms: int, L: int) -> tuple[str, ...]:
    d = s - ms
    sign = "0" if d == 0 else "+" if d > 0 else "-"
    f = [f"ds:{_clip(d, -8, 8)}", f"b1:{text[s - 1] if s else '^'}", f"b2:{text[max(0, s - 2):s]}",
         f"f1:{text[s]}", f"f2:{text[s:s + 2]}", f"f3:{text[s:s + 3]}", f"f2{sign}:{text[s:s + 2]}"]
    if s == L:
        f.append("clause_start")
    if d < 0:
        add = _WS.sub("", text[s:ms])
        f += [f"add:{add}" if len(add) <= 6 else "add:long", f"add_end:{add[-2:]}"]
    elif d > 0:
        cut = _WS.sub("", text[ms:s])
        f += [f"cut:{cut}" if len(cut) <= 6 else "cut:long", f"cut_end:{cut[-2:]}"]
    return tuple(f)


def _end_features(text: str, e: int, me: int, vs: int) -> tuple[str, ...]:
    d = e - me
    gap = _WS.sub("", text[e:vs])
    f = [f"de:{_clip(d, -4, 4)}", f"l1:{text[e - 1]}", f"l2:{text[e - 2:e]}", f"a1:{text[e] if e < len(text) else '$'}",
         f"a2:{text[e:e + 2]}", f"gap:{gap}" if len(gap) <= 4 else "gap:long"]
    if d < 0:
        f.append(f"ecut:{_WS.sub('', text[e:me])}")
    elif d > 0:
        f.append(f"eadd:{_WS.sub('', text[me:e])}")
    return tuple(f)


def softmax(scores: Sequence[float]) -> list[float]:
    m = max(scores)
    ex = [math.exp(x - m) for x in scores]
    z = sum(ex)
    return [x / z for x in ex]


def rankable(claims: Sequence[Claim]) -> Iterable[tuple[int, Claim, int]]:
    """(index, claim, floor) of the rule claims the ranker looks at: a metric before the value."""
    prev_end = 0
    for i, c in enumerate(claims):
        if c.source == "rule" and c.metric_span[1] <= c.value_span[0] and c.metric_span[0] >= prev_end:
            yield i, c, prev_end
        prev_end = max(prev_end, c.value_span[1])


class MetricRanker:
    """Feature weights and the settings that make the candidates."""

    def __init__(self, weights: dict[str, float], settings: Optional[RankerSettings] = None):
        self.weights = weights
        self.settings = settings or RankerSettings()


    def score(self, cand: Candidate) -> float:
        w = self.weights
        return sum(w.get(f, 0.0) for f in cand.features)

    def best(self, text: str, claim: Claim, floor: int) -> tuple[Candidate, float, float]:
        """The best candidate, its probability and the rules' metric's probability."""
        cands = candidates(text, claim, floor, self.settings)
        probs = softmax([self.score(c) for c in cands])
        k = max(range(len(cands)), key=lambda i: (probs[i], cands[i].is_rule))
        p_rule = next(p for c, p in zip(cands, probs) if c.is_rule)
        return cands[k], probs[k], p_rule

    def apply(self, text: str, claims: Sequence[Claim]) -> list[Claim]:
        """The claims with re-ranked metrics (claims it does not change are returned as they are)."""
        out = list(claims)
        for i, c, floor in rankable(claims):
            cand, p, p_rule = self.best(text, c, floor)
            if cand.is_rule or p - p_rule <= self.settings.min_margin:
                continue
            start, end = min(cand.start, c.value_span[0]), max(cand.end, c.value_span[1])
            out[i] = c.model_copy(update={
                "metric": _WS.sub("", text[cand.start:cand.end]), "metric_span": (cand.start, cand.end),
                "start": start, "end": end, "text": text[start:end], "source": "model",
                "confidence": round(max(0.05, min(1.0, p)), 2),
            })
        return out


_WS = re.compile(r"\s+")


@dataclass
class Example:
    cands: list[Candidate]
    gold: int  # index of the gold candidate


@dataclass
class ExampleStats:
    claims: int = 0  # rankable rule claims with a gold claim on the same value
    covered: int = 0  # ...whose gold metric is a candidate
    rule_right: int = 0  # ...where the rules' metric is the gold one


def examples_from_cases(cases: Sequence, settings: RankerSettings) -> tuple[list[Example], ExampleStats]:
    from service.claims.rules import find_claims

    out: list[Example] = []
    st = ExampleStats()
    for case in cases:
        claims = find_claims(case.text, case.sections, case.exclude)
        for _, c, floor in rankable(claims):
            g = next((g for g in case.gold if g.value_span[0] < c.value_span[1] and c.value_span[0] < g.value_span[1]), None)
            if g is None or g.metric_span[1] > g.value_span[0]:
                continue
            st.claims += 1
            cands = candidates(case.text, c, floor, settings)
            k = next((i for i, cd in enumerate(cands) if (cd.start, cd.end) == g.metric_span), None)
            if k is None:
                k = next((i for i, cd in enumerate(cands) if _WS.sub("", case.text[cd.start:cd.end]) == g.metric), None)
            if k is None:
                continue
            st.covered += 1
            st.rule_right += cands[k].is_rule
            out.append(Example(cands, k))
    return out, st


def fit(examples: Sequence[Example], epochs: int = 12, lr: float = 0.3, l2: float = 1e-3, seed: int = 13) -> dict[str, float]:
    """AdaGrad on the conditional log-likelihood with L2 on the features an example touches."""
    w: dict[str, float] = defaultdict(float)
    g2: dict[str, float] = defaultdict(lambda: 1e-8)
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            ex = examples[i]
            probs = softmax([sum(w[f] for f in c.features) for c in ex.cands])
            grad: dict[str, float] = defaultdict(float)
            for c, p in zip(ex.cands, probs):
                for f in c.features:
                    grad[f] += p
            for f in ex.cands[ex.gold].features:
                grad[f] -= 1.0
            for f, gr in grad.items():
                gr += l2 * w[f]
                g2[f] += gr * gr
                w[f] -= lr * gr / math.sqrt(g2[f])
    return dict(w)


def main() -> None:
    """Fit on train, print dev claim F1 for a grid of L2 strengths and margins beside the rules."""
    from service.claims.rules import find_claims
    from training.convert import load_split_docs
    from training.evaluate import Tally, load_cases, score_doc, summarise

    docs = load_split_docs()
    train, dev = load_cases(docs["train"]), load_cases(docs["dev"])

    def f1(cases, preds) -> float:
        t = Tally()
        for c, p in zip(cases, preds):
            score_doc(t, c, p)
        return summarise(t, None)["claims"]["f1"]

    rules_dev = [find_claims(c.text, c.sections, c.exclude) for c in dev]
    print(f"rules: dev claim F1 {f1(dev, rules_dev):.4f}")
    settings = RankerSettings()
    examples, st = examples_from_cases(train, settings)
    print(f"train: {st.claims} rankable claims, gold metric a candidate in {st.covered}, rules right in {st.rule_right}")
    for l2 in (1e-3, 1e-2, 3e-2, 1e-1, 3e-1):
        weights = fit(examples, epochs=8, l2=l2)
        row = []
        for margin in (0.0, 0.2, 0.4, 0.6):
            ranker = MetricRanker(weights, settings=replace(settings, min_margin=margin))
            row.append(f"margin {margin}: {f1(dev, [ranker.apply(c.text, p) for c, p in zip(dev, rules_dev)]):.4f}")
        print(f"L2 {l2:g}: dev claim F1 " + ", ".join(row))


if __name__ == "__main__":
    main()
