"""Validate stand-off gold files (`annotations/gold/*.json`).

Checks, per document:
- the source text still hashes to `doc.sha256` (offsets would be meaningless otherwise);
- every span lies inside the text, is non-empty, and its `text` equals `source_text[start:end]`;
- every label is one of the labelling config's labels (`configs/labelstudio.xml`);
- METRIC and VALUE spans never overlap one another (an identical duplicate is an error too),
  and no CLAIM is listed twice;
- every CLAIM holds exactly one METRIC and exactly one VALUE, and is the smallest stretch that
  holds them (it starts where the first of the two starts and ends where the last ends);
- every METRIC and VALUE lies inside some CLAIM (an orphan entity has no claim to belong to);
- no span crosses a sentence end: a `。！？!?；;` followed by more text inside the span, or a line
  break inside the span. PDF sources are exempt from the line-break rule only: their extracted
  text wraps lines in the middle of sentences, so `\n` there is layout, not a sentence end.

`python -m annotations.validate [gold_dir]` prints the problems and the counts and exits 1 when
there is any problem.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from annotations.standoff import GOLD_DIR, LABELS, REPO, Span, StandoffDoc, load, load_source_text, text_sha256

LABEL_CONFIG = REPO / "configs" / "labelstudio.xml"
ENTITY_LABELS = ("METRIC", "VALUE")
# the normalised text has ASCII `!?;` (one-char NFKC) but raw `。`; both forms are listed
SENTENCE_ENDS = frozenset("。！？!?；;")


@lru_cache(maxsize=4)
def allowed_labels(config: Path = LABEL_CONFIG) -> frozenset[str]:
    """The `value` of every `<Label>` in the Label Studio config; when the config is not there
    (yet), fall back to `annotations.standoff.LABELS` so the validator still runs."""
    if not config.exists():
        return frozenset(LABELS)
    root = ElementTree.parse(config).getroot()
    values = {el.get("value") for el in root.iter("Label") if el.get("value")}
    return frozenset(values) or frozenset(LABELS)


def _is_pdf(source: str) -> bool:
    return source.split("#", 1)[0].lower().endswith(".pdf")


def crosses_sentence(text: str, pdf: bool) -> str | None:
    """Why a span's text crosses a sentence end, or None."""
    for i, ch in enumerate(text):
        rest = text[i + 1 :]
        if ch in SENTENCE_ENDS and rest.strip():
            return f"sentence end {ch!r} inside the span"
        if ch == "\n" and not pdf and rest.strip() and text[:i].strip():
            return "line break inside the span"
    return None


def _fmt(s: Span) -> str:
    return f"{s.label}[{s.start}:{s.end}] {s.text!r}"


def validate_doc(doc: StandoffDoc) -> list[str]:
    """Every problem of one stand-off document, as readable strings prefixed by its source."""
    src = doc.source
    try:
        text = load_source_text(src)
    except Exception as e:  # a missing file or record is a problem to report, not a crash
        return [f"{src}: cannot load source text ({type(e).__name__}: {e})"]
    problems: list[str] = []
    if text_sha256(text) != doc.sha256:
        problems.append(f"{src}: sha256 of the source text does not match the file (source changed?)")
    labels = allowed_labels()
    pdf = _is_pdf(src)
    good: list[Span] = []
    for s in doc.spans:
        if s.label not in labels:
            problems.append(f"{src}: {_fmt(s)}: unknown label (allowed: {', '.join(sorted(labels))})")
            continue
        if not (0 <= s.start < s.end <= len(text)):
            problems.append(f"{src}: {_fmt(s)}: offsets outside the text (length {len(text)}) or empty")
            continue
        if text[s.start : s.end] != s.text:
            problems.append(f"{src}: {_fmt(s)}: text does not match source {text[s.start:s.end]!r}")
        why = crosses_sentence(text[s.start : s.end], pdf)
        if why:
            problems.append(f"{src}: {_fmt(s)}: {why}")
        good.append(s)

    ents = sorted((s for s in good if s.label in ENTITY_LABELS), key=lambda s: (s.start, s.end))
    for i, a in enumerate(ents):
        for b in ents[i + 1 :]:
            if b.start >= a.end:
                break
            kind = "duplicate" if (a.start, a.end) == (b.start, b.end) else "overlapping"
            problems.append(f"{src}: {kind} entities {_fmt(a)} and {_fmt(b)}")

    claims = sorted((s for s in good if s.label == "CLAIM"), key=lambda s: (s.start, s.end))
    for a, b in zip(claims, claims[1:]):
        if (a.start, a.end) == (b.start, b.end):
            problems.append(f"{src}: duplicate claims {_fmt(a)}")
    for c in claims:
        inside = [e for e in ents if c.start <= e.start and e.end <= c.end]
        ms = [e for e in inside if e.label == "METRIC"]
        vs = [e for e in inside if e.label == "VALUE"]
        if len(ms) != 1 or len(vs) != 1:
            problems.append(f"{src}: {_fmt(c)}: holds {len(ms)} METRIC and {len(vs)} VALUE (want 1 and 1)")
            continue
        lo, hi = min(ms[0].start, vs[0].start), max(ms[0].end, vs[0].end)
        if (c.start, c.end) != (lo, hi):
            problems.append(f"{src}: {_fmt(c)}: not the smallest stretch holding its METRIC and VALUE [{lo}:{hi}]")
    for e in ents:
        if not any(c.start <= e.start and e.end <= c.end for c in claims):
            problems.append(f"{src}: {_fmt(e)}: not inside any CLAIM")
    return problems


def validate_gold(gold_dir: Path = GOLD_DIR) -> tuple[list[str], dict]:
    """Validate every file in `gold_dir`: (problems, counts).

    counts = {"docs": n, "per_label": {label: n}, "per_source": {source: {label: n}}}."""
    problems: list[str] = []
    per_source: dict[str, Counter] = defaultdict(Counter)
    per_label: Counter = Counter()
    n_docs = 0
    if not Path(gold_dir).is_dir():
        problems.append(f"{gold_dir}: not a directory")
    elif not any(Path(gold_dir).glob("*.json")):
        problems.append(f"{gold_dir}: no stand-off files (*.json)")
    for path in sorted(Path(gold_dir).glob("*.json")):
        try:
            doc = load(path)
        except ValueError as e:  # a broken file is a problem to report, the others are still checked
            problems.append(f"{path.name}: {str(e).removeprefix(f'{path}: ')}")
            continue
        n_docs += 1
        problems.extend(f"{path.name}: {p}" for p in validate_doc(doc))
        c = Counter(s.label for s in doc.spans)
        per_source[doc.source].update(c)
        per_source[doc.source].setdefault("CLAIM", 0)
        per_label.update(c)
    counts = {
        "docs": n_docs,
        "per_label": dict(per_label),
        "per_source": {k: dict(v) for k, v in sorted(per_source.items())},
    }
    return problems, counts


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="validate stand-off gold files")
    ap.add_argument("gold_dir", nargs="?", type=Path, default=GOLD_DIR)
    args = ap.parse_args(argv)
    problems, counts = validate_gold(args.gold_dir)
    for p in problems:
        print(p)
    print(f"{counts['docs']} documents")
    for source, c in counts["per_source"].items():
        print(f"  {source}: " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())))
    print("total: " + ", ".join(f"{k}={v}" for k, v in sorted(counts["per_label"].items())))
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
