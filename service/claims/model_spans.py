"""Model spans → claims, shared by the spaCy and the HF model.

A model finds METRIC and VALUE spans (and, for spaCy, CLAIM spans); this module assembles them
into `Claim`s through the shared value normaliser (`service.claims.values.parse_value`):

- a CLAIM span holding exactly one METRIC and one VALUE is a claim (the guidelines' definition);
- METRIC/VALUE pairs no CLAIM span accounts for are paired by distance (nearest first, a
  clause break `，,；` in between costs extra), each span used once.

Also the text chunking both models share: they run only on sentences that hold a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from service.claims.values import parse_value
from service.record import Claim, Section

MAX_PAIR_GAP = 16  # characters between a metric and its value when no CLAIM span pairs them
CLAUSE_BREAK_COST = 12
_CLAUSE_BREAKS = "，,；;。：:"


@dataclass(frozen=True)
class ModelSpan:
    start: int  # absolute offsets in the document's normalised text
    end: int
    label: str  # METRIC, VALUE or CLAIM
    score: float = 1.0


def number_sentences(text: str, exclude_spans: Sequence[tuple[int, int]] = (),
                     focus: Optional[Sequence[tuple[int, int]]] = None):
    """The sentences of `text` that hold a number, with the excluded regions (statistical tables)
    cut out of them: a sentence running into a table (pingtan's flattened tables sit inside a
    paragraph) gives the model only its narrative pieces. With `focus`, only the parts of the pieces
    inside those stretches (merged where they overlap): the model is consulted only there."""
    from training.convert import Sentence, has_number, sentences

    regions = sorted(exclude_spans)
    out = []
    for s in sentences(text):
        if not has_number(s.text):
            continue
        pieces = [(s.start, s.end)]
        for a, b in regions:
            if b <= s.start or a >= s.end:
                continue
            pieces = [q for p0, p1 in pieces for q in ((p0, min(p1, a)), (max(p0, b), p1)) if q[1] > q[0]]
        for p0, p1 in pieces:
            while p0 < p1 and text[p0].isspace():
                p0 += 1
            while p1 > p0 and text[p1 - 1].isspace():
                p1 -= 1
            if focus is not None:
                spans = _merged([(max(p0, a), min(p1, b)) for a, b in focus if a < p1 and p0 < b])
            else:
                spans = [(p0, p1)]
            for q0, q1 in spans:
                piece = text[q0:q1]
                if piece.strip() and has_number(piece):
                    out.append(Sentence(q0, q1, piece))
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def section_at(sections: Optional[Sequence[Section]], pos: int) -> Optional[str]:
    for s in sections or ():
        if s.start <= pos < s.end:
            return s.key
    return None


def _in_excluded(start: int, end: int, exclude_spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in exclude_spans)


_EDGE = "，,、；;。：:"  # punctuation never opens or closes a METRIC
_LINKS = "和及与或"  # nor does a conjunction (街道办事处便民服务中心和 → 街道办事处便民服务中心)


def _metric_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """A model METRIC span trimmed of what the guidelines never put at its edges (whitespace,
    punctuation, conjunctions, a list-closing 等)."""
    while a < b and (text[a].isspace() or text[a] in _EDGE or text[a] in _LINKS):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _EDGE or text[b - 1] in _LINKS or text[b - 1] == "等"):
        b -= 1
    return a, b


def _claim(text: str, m: ModelSpan, v: ModelSpan, sections, confidence: float) -> Optional[Claim]:
    parsed = parse_value(text[v.start : v.end])
    if parsed is None:
        return None
    ma, mb = _metric_bounds(text, m.start, m.end)
    if mb - ma < 2:  # one character names nothing (as in the rules)
        return None
    m = ModelSpan(ma, mb, m.label, m.score)
    start, end = min(m.start, v.start), max(m.end, v.end)
    metric = text[m.start : m.end]
    return Claim(
        metric=metric,
        value=parsed.as_float(),
        unit=parsed.unit,
        comparator=parsed.comparator,
        text=text[start:end],
        start=start,
        end=end,
        metric_span=(m.start, m.end),
        value_span=(v.start, v.end),
        section=section_at(sections, start),
        source="model",
        confidence=round(max(0.0, min(1.0, confidence)), 4),
    )


def _gap_cost(text: str, a: ModelSpan, b: ModelSpan) -> Optional[int]:
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    if hi < lo:  # overlapping spans never pair
        return None
    gap = text[lo:hi]
    if len(gap) > MAX_PAIR_GAP or "\n\n" in gap:
        return None
    return len(gap) + CLAUSE_BREAK_COST * sum(gap.count(c) for c in _CLAUSE_BREAKS)


def assemble(
    text: str,
    spans: Iterable[ModelSpan],
    sections: Optional[Sequence[Section]] = None,
    exclude_spans: Sequence[tuple[int, int]] = (),
    pair_leftovers: bool = True,
) -> list[Claim]:
    """Claims from model spans over `text` (absolute offsets)."""
    spans = [s for s in spans if not _in_excluded(s.start, s.end, exclude_spans)]
    metrics = [s for s in spans if s.label == "METRIC"]
    values = [s for s in spans if s.label == "VALUE"]
    used: set[ModelSpan] = set()
    claims: list[Claim] = []
    for c in sorted((s for s in spans if s.label == "CLAIM"), key=lambda s: -s.score):
        ms = [m for m in metrics if c.start <= m.start and m.end <= c.end]
        vs = [v for v in values if c.start <= v.start and v.end <= c.end]
        if len(ms) != 1 or len(vs) != 1 or ms[0] in used or vs[0] in used:
            continue
        claim = _claim(text, ms[0], vs[0], sections, min(c.score, ms[0].score, vs[0].score))
        if claim is not None:
            claims.append(claim)
            used.update((ms[0], vs[0]))
    if pair_leftovers:
        pairs = []
        for v in values:
            if v in used:
                continue
            for m in metrics:
                if m in used:
                    continue
                cost = _gap_cost(text, m, v)
                if cost is not None:
                    pairs.append((cost, m.start, v.start, m, v))
        for _, _, _, m, v in sorted(pairs, key=lambda p: p[:3]):
            if m in used or v in used:
                continue
            claim = _claim(text, m, v, sections, min(m.score, v.score) * 0.9)
            if claim is not None:
                claims.append(claim)
                used.update((m, v))
    return sorted(claims, key=lambda c: (c.start, c.end))


class SpanModel:
    """Base of the run-time claim models: a subclass finds spans (`spans`), this turns them into claims."""

    def spans(self, text: str, exclude_spans: Sequence[tuple[int, int]] = (), all_sentences: bool = False,
              focus: Optional[Sequence[tuple[int, int]]] = None) -> list[ModelSpan]:  # pragma: no cover
        raise NotImplementedError

    def predict(
        self,
        text: str,
        sections: Optional[Sequence[Section]] = None,
        exclude_spans: Sequence[tuple[int, int]] = (),
        focus: Optional[Sequence[tuple[int, int]]] = None,
    ) -> list[Claim]:
        """Claims the model finds; with `focus`, only in the sentences overlapping those spans."""
        if focus is not None and not focus:
            return []
        return assemble(text, self.spans(text, exclude_spans, focus=focus), sections=sections, exclude_spans=exclude_spans)
