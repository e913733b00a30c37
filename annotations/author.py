"""Turn hand-written authoring files into stand-off gold files.

Annotators write, per source document, the claims in reading order as triples
`[claim_text, metric_text, value_text]` (`annotations/authoring/*.json`)::

    {"docs": [{"source": "shared:corpus/narrative/excerpts_a.jsonl#exc001",
               "claims": [["即办率提高至50%以上", "即办率", "50%以上"], ...]}]}

This module finds each claim in the source's normalised text (in order, whitespace and line
breaks in the source ignored, so PDF line wraps do not matter), the metric and value inside it,
and writes `annotations/gold/<slug>.json` with METRIC, VALUE and CLAIM spans.
Written here because no library maps hand-written span strings onto offsets this way.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from annotations.standoff import GOLD_DIR, Span, StandoffDoc, load_source_text, save, text_sha256
from service.normalise import normalise

AUTHORING_DIR = Path(__file__).resolve().parent / "authoring"
_WS = re.compile(r"\s+")


@dataclass
class Problem:
    source: str
    claim: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.claim!r}: {self.reason}"


class _Squeezed:
    """The text without whitespace, with a map back to original offsets."""

    def __init__(self, text: str):
        self.index = [i for i, c in enumerate(text) if not c.isspace()]
        self.text = "".join(text[i] for i in self.index)

    def find(self, needle: str, start: int) -> tuple[int, int] | None:
        """Find `needle` (whitespace removed) at or after original offset `start`; original span."""
        n = _WS.sub("", normalise(needle).text)
        if not n:
            return None
        import bisect

        k = bisect.bisect_left(self.index, start)
        j = self.text.find(n, k)
        if j < 0:
            return None
        return self.index[j], self.index[j + len(n) - 1] + 1


def slug_for(source: str) -> str:
    s = source.split(":", 1)[1]
    s = re.sub(r"\.(jsonl|txt|pdf|html?|docx)(#|$)", r"\2", s)
    return re.sub(r"[^0-9A-Za-z_\-]+", "_", s).strip("_")


def build_doc(source: str, claims: list[list[str]], annotator: str | None = None) -> tuple[StandoffDoc, list[Problem]]:
    text = load_source_text(source)
    sq = _Squeezed(text)
    spans: dict[tuple[int, int, str], Span] = {}
    problems: list[Problem] = []
    cursor = 0
    for triple in claims:
        if len(triple) != 3:
            problems.append(Problem(source, str(triple), "want [claim, metric, value]"))
            continue
        claim, metric, value = triple
        loc = sq.find(claim, cursor)
        if loc is None:
            loc = sq.find(claim, 0)
            if loc is None:
                problems.append(Problem(source, claim, "claim text not found in source"))
                continue
            problems.append(Problem(source, claim, "claim found only before the previous claim (order?)"))
        cs, ce = loc
        cursor = cs
        sub = _Squeezed(text[cs:ce])
        v = sub.find(value, 0)
        if v is None:
            problems.append(Problem(source, claim, f"value {value!r} not inside claim"))
            continue
        # the metric must not overlap the value: try every occurrence inside the claim
        m = None
        pos = 0
        while True:
            cand = sub.find(metric, pos)
            if cand is None:
                break
            if cand[1] <= v[0] or cand[0] >= v[1]:
                m = cand
                break
            pos = cand[0] + 1
        if m is None:
            problems.append(Problem(source, claim, f"metric {metric!r} not inside claim apart from the value"))
            continue
        ms, me = cs + m[0], cs + m[1]
        vs, ve = cs + v[0], cs + v[1]
        c0, c1 = min(ms, vs), max(me, ve)  # the smallest stretch holding both
        for s, e, lab in ((ms, me, "METRIC"), (vs, ve, "VALUE"), (c0, c1, "CLAIM")):
            spans[(s, e, lab)] = Span(s, e, lab, text[s:e])
    doc = StandoffDoc(source=source, sha256=text_sha256(text), spans=list(spans.values()), annotator=annotator, status="gold")
    return doc, problems


def build_all(authoring_dir: Path = AUTHORING_DIR, gold_dir: Path = GOLD_DIR, files: list[Path] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for f in files or sorted(authoring_dir.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        for d in data["docs"]:
            doc, probs = build_doc(d["source"], d["claims"], annotator=data.get("annotator"))
            problems.extend(probs)
            save(doc, gold_dir / f"{slug_for(d['source'])}.json")
    return problems


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="authoring files -> stand-off gold files")
    ap.add_argument("files", nargs="*", type=Path, help="authoring files (default: all in annotations/authoring)")
    ap.add_argument("--out", type=Path, default=GOLD_DIR, help="output folder (default annotations/gold)")
    args = ap.parse_args()
    probs = build_all(gold_dir=args.out, files=args.files or None)
    for p in probs:
        print(p)
    print(f"{len(probs)} problems", file=sys.stderr)
