"""Agreement between two annotations of the same documents (a second annotator against the gold):
the human ceiling that a claim extractor's figures should be read against.

Measured exactly as `nianbao evaluate` scores an extractor, with the second annotation in the
extractor's place: a claim agrees when a claim of the other annotation at an overlapping position
has the same metric text (whitespace ignored), value, unit and comparator (values through the
shared `parse_value`), one-to-one; METRIC and VALUE spans agree when their offsets are the same.
Only the documents both annotations hold are compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from annotations.standoff import StandoffDoc, iter_gold, load_source_text, read_json


@dataclass
class Disagreement:
    source: str
    kind: str  # "metric", "value" (value, unit or comparator), "only_a", "only_b"
    a: str = ""
    b: str = ""
    context: str = ""


@dataclass
class Agreement:
    docs: int = 0
    claims_a: int = 0
    claims_b: int = 0
    claims_agree: int = 0
    metric_spans: list[int] = field(default_factory=lambda: [0, 0, 0])  # same offsets, in a, in b
    value_spans: list[int] = field(default_factory=lambda: [0, 0, 0])
    disagreements: list[Disagreement] = field(default_factory=list)

    @staticmethod
    def _f1(tp: int, na: int, nb: int) -> float:
        return round(2 * tp / (na + nb), 4) if na + nb else 1.0

    @property
    def claim_f1(self) -> float:
        """F1 with either annotation as the reference (symmetric: 2·agree / (a + b))."""
        return self._f1(self.claims_agree, self.claims_a, self.claims_b)

    def summary(self) -> dict:
        kinds: dict[str, int] = {}
        for d in self.disagreements:
            kinds[d.kind] = kinds.get(d.kind, 0) + 1
        return {
            "docs": self.docs, "claims_a": self.claims_a, "claims_b": self.claims_b, "claims_agree": self.claims_agree,
            "claim_f1": self.claim_f1, "metric_span_f1": self._f1(*self.metric_spans),
            "value_span_f1": self._f1(*self.value_spans), "disagreements": kinds,
        }


def compare_doc(doc_a: StandoffDoc, doc_b: StandoffDoc, text: str, res: Agreement) -> None:
    """Add one document's figures and disagreements to `res` (b is matched against a exactly as
    `nianbao evaluate` matches an extractor's claims against the gold)."""
    from training.evaluate import gold_claims, match_claims

    ga, gb = gold_claims(doc_a, text), gold_claims(doc_b, text)
    res.docs += 1
    res.claims_a += len(ga)
    res.claims_b += len(gb)
    for label, tally in (("METRIC", res.metric_spans), ("VALUE", res.value_spans)):
        sa = {(s.start, s.end) for s in doc_a.spans if s.label == label}
        sb = {(s.start, s.end) for s in doc_b.spans if s.label == label}
        tally[0] += len(sa & sb)
        tally[1] += len(sa)
        tally[2] += len(sb)
    m = match_claims(gb, ga)
    res.claims_agree += len(m.right)

    def ctx(s: int, e: int) -> str:
        return text[max(0, s - 12) : e + 6].replace("\n", " ")

    def show(c) -> str:
        return f"{c.metric} {text[slice(*c.value_span)]}"

    for i, j in m.wrong:
        b, a = gb[i], ga[j]
        res.disagreements.append(Disagreement(doc_a.source, "metric" if a.metric != b.metric else "value", show(a), show(b),
                                              ctx(min(a.start, b.start), max(a.end, b.end))))
    for j in m.missed:
        res.disagreements.append(Disagreement(doc_a.source, "only_a", show(ga[j]), "", ctx(ga[j].start, ga[j].end)))
    for i in m.spurious:
        res.disagreements.append(Disagreement(doc_a.source, "only_b", "", show(gb[i]), ctx(gb[i].start, gb[i].end)))


def agreement(docs_a: Iterable[StandoffDoc], docs_b: Iterable[StandoffDoc]) -> Agreement:
    """Agreement of two annotations over the sources both hold."""
    by_source = {d.source: d for d in docs_b}
    res = Agreement()
    for a in docs_a:
        b = by_source.get(a.source)
        if b is not None:
            compare_doc(a, b, load_source_text(a.source), res)
    return res


def load_annotation(path: Path) -> list[StandoffDoc]:
    """Stand-off documents from a directory of stand-off files or from one authoring file
    (`annotations/author.py` format; its problems raise ValueError)."""
    path = Path(path)
    if path.is_dir():
        return [d for _, d in iter_gold(path)]
    from annotations.author import build_doc

    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("docs"), list):
        hint = "a stand-off file: give the folder holding it" if isinstance(data, dict) and "spans" in data else \
            'neither an authoring file (an object with a "docs" list) nor a folder of stand-off files'
        raise ValueError(f"{path}: {hint}")
    out = []
    for i, d in enumerate(data["docs"]):
        if not isinstance(d, dict) or "source" not in d or "claims" not in d:
            raise ValueError(f'{path}: docs[{i}] has no "source" and "claims"')
        doc, problems = build_doc(d["source"], d["claims"], annotator=data.get("annotator"))
        if problems:
            raise ValueError(f"{path}: {len(problems)} problems, first: {problems[0]}")
        out.append(doc)
    return out


def report_markdown(res: Agreement, name_a: str, name_b: str, disagreements: Sequence[Disagreement] | None = None) -> str:
    s = res.summary()
    lines = [f"# Agreement: {name_a} vs {name_b}", "",
             f"{s['docs']} documents; claims: {s['claims_a']} ({name_a}), {s['claims_b']} ({name_b}), {s['claims_agree']} agree.", "",
             "| measure | F1 |", "|---|---|",
             f"| claim (metric, value, unit, comparator) | {s['claim_f1']:.3f} |",
             f"| METRIC span, exact | {s['metric_span_f1']:.3f} |",
             f"| VALUE span, exact | {s['value_span_f1']:.3f} |", "",
             "Disagreements: " + ", ".join(f"{k} {v}" for k, v in sorted(s["disagreements"].items())), "",
             f"| source | kind | {name_a} | {name_b} | context |", "|---|---|---|---|---|"]
    for d in disagreements if disagreements is not None else res.disagreements:
        lines.append(f"| {d.source.split(':', 1)[-1]} | {d.kind} | {d.a} | {d.b} | {d.context.replace('|', '¦')} |")
    return "\n".join(lines) + "\n"
