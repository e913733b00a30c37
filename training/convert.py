"""Stand-off gold files → training data: spaCy `DocBin`s and a `datasets.Dataset`, with the
document-level train/dev/test split.

- Sentences: the text is cut at 。！？!?；; and at line breaks that end a line (see
  `sentences`); the model is trained on, and at run time only runs on, sentences that hold a
  number (`has_number`).
- spaCy: one `Doc` per sentence (blank `zh`, one token per character); `doc.ents` hold
  METRIC/VALUE, `doc.spans["claims"]` hold CLAIM.
- HF: one row per sentence, `tokens` = the sentence's characters, `ner_tags` = BIO over
  METRIC/VALUE (CLAIM spans may overlap and are assembled from the entities at run time).
- Split: whole documents, grouped by the report they come from (excerpts of one report share its
  URL), assigned by a seeded hash and recorded in `annotations/split.json`.

`python -m training.convert --gold DIR --out DIR` writes train/dev/test `.spacy` files and a
`hf/` dataset folder, and refreshes `annotations/split.json`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from annotations.standoff import GOLD_DIR, REPO, Span, StandoffDoc, _resolve, iter_gold, load_source_text

SPLIT_FILE = REPO / "annotations" / "split.json"
SPLIT_SEED = 20261124
SPLIT_FRACTIONS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
SPANS_KEY = "claims"
ENT_LABELS = ("METRIC", "VALUE")
BIO_LABELS = ("O", "B-METRIC", "I-METRIC", "B-VALUE", "I-VALUE")

_SENT_END = "。！？!?；;"
# a number worth running the model on: an Arabic digit, 百分之, or a Chinese numeral with a
# magnitude or a counting word after it (一 alone is far too common in prose to count)
_NUMBER = re.compile(
    r"[0-9]|百分之|[零〇一二两三四五六七八九十][十百千万亿]|[十百千万亿][余多]|[一二两三四五六七八九十]+[余多]?"
    r"[个件条人家项次名位户场期篇份类批所座万亿元]"
)
# a line break is a sentence end unless the line before is long and runs straight on into the
# next one: PDF text wraps mid-sentence at a fixed width, headings and paragraph ends do not
_WRAP_MIN_LINE = 25


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def has_number(text: str) -> bool:
    return _NUMBER.search(text) is not None


def sentences(text: str) -> list[Sentence]:
    """Cut `text` into sentences with offsets (whitespace-only pieces dropped)."""
    out: list[Sentence] = []
    start = 0
    line_start = 0
    n = len(text)
    for i, ch in enumerate(text):
        cut = False
        if ch in _SENT_END:
            cut = True
        elif ch == "\n":
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 1] if i + 1 < n else ""
            # a long line that runs on into the next one is a PDF wrap, not a sentence end
            cut = not (i - line_start >= _WRAP_MIN_LINE and prev.strip() and nxt.strip()
                       and not _is_heading_start(text, i + 1))
            line_start = i + 1
        if cut:
            _add(out, text, start, i + 1)
            start = i + 1
    _add(out, text, start, n)
    return out


def _is_heading_start(text: str, i: int) -> bool:
    """The next line starts like a list or section marker (一、 (三) 1. 第二), so the break is real."""
    return re.match(r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[.、]|第[一二三四五六七八九十]+)", text[i : i + 8]) is not None


def _add(out: list[Sentence], text: str, s: int, e: int) -> None:
    # trim whitespace at both ends so offsets point at the first and last real character
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(s, e, text[s:e]))


# ---------------------------------------------------------------- the split


def group_key(source: str) -> str:
    """The document an annotated source belongs to: excerpts of one report share its URL."""
    path, frag = _resolve(source)
    if frag and path.suffix == ".jsonl" and path.exists():
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                rec = json.loads(line)
                if rec.get("id") == frag or (frag.startswith("L") and frag[1:].isdigit() and n == int(frag[1:])):
                    return rec.get("url") or source
    return source.split("#", 1)[0]


def split_of(group: str, seed: int = SPLIT_SEED) -> str:
    """train/dev/test for a document group, from a seeded hash (stable across runs and machines)."""
    h = int(hashlib.sha256(f"{seed}:{group}".encode("utf-8")).hexdigest()[:12], 16) / float(16**12)
    acc = 0.0
    for name, frac in SPLIT_FRACTIONS:
        acc += frac
        if h < acc:
            return name
    return SPLIT_FRACTIONS[-1][0]


def assign_splits(sources: Iterable[str], seed: int = SPLIT_SEED) -> dict[str, dict[str, str]]:
    """{source: {"group": ..., "split": ...}}; sources already in `annotations/split.json` keep
    their recorded split, new ones get the hash's."""
    recorded = load_split_file().get("docs", {})
    out: dict[str, dict[str, str]] = {}
    for src in sorted(set(sources)):
        if src in recorded:
            out[src] = recorded[src]
            continue
        g = group_key(src)
        out[src] = {"group": g, "split": split_of(g, seed)}
    return out


def load_split_file(path: Path = SPLIT_FILE) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_split_file(assignment: dict[str, dict[str, str]], path: Path = SPLIT_FILE, seed: int = SPLIT_SEED) -> None:
    data = {
        "seed": seed,
        "fractions": dict(SPLIT_FRACTIONS),
        "how": "sha256(f'{seed}:{group}') / 16**12 < cumulative fraction; group = the report's URL "
        "(excerpts) or file (whole documents); a source keeps its split once recorded here",
        "docs": {k: assignment[k] for k in sorted(assignment)},
    }
    if load_split_file(path) == data:  # nothing new: leave the file (and its order) as it is, no spurious diff
        return
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- examples


@dataclass
class SentenceExample:
    source: str
    sentence: Sentence
    ents: list[Span] = field(default_factory=list)  # offsets relative to the sentence
    claims: list[Span] = field(default_factory=list)


@dataclass
class ConvertStats:
    docs: int = 0
    sentences: int = 0
    claims: int = 0
    claims_dropped_crossing: int = 0  # a claim that crosses a sentence cut (not trainable)
    claims_outside_number_sentences: int = 0


def sentence_examples(doc: StandoffDoc, text: str | None = None, only_numbers: bool = True,
                      stats: ConvertStats | None = None) -> Iterator[SentenceExample]:
    text = load_source_text(doc.source) if text is None else text
    stats = stats or ConvertStats()
    stats.docs += 1
    sents = sentences(text)
    by_sent: dict[int, SentenceExample] = {}
    import bisect

    starts = [s.start for s in sents]

    def locate(sp: Span) -> int | None:
        k = bisect.bisect_right(starts, sp.start) - 1
        if k < 0 or sp.end > sents[k].end:
            return None
        return k

    for sp in sorted(doc.spans, key=lambda s: (s.start, s.end)):
        k = locate(sp)
        if sp.label == "CLAIM":
            stats.claims += 1
        if k is None:
            if sp.label == "CLAIM":
                stats.claims_dropped_crossing += 1
            continue
        s = sents[k]
        ex = by_sent.setdefault(k, SentenceExample(doc.source, s))
        rel = Span(sp.start - s.start, sp.end - s.start, sp.label, sp.text)
        (ex.claims if sp.label == "CLAIM" else ex.ents).append(rel)
    for k, s in enumerate(sents):
        if only_numbers and not has_number(s.text):
            if k in by_sent:
                stats.claims_outside_number_sentences += len(by_sent[k].claims)
            continue
        stats.sentences += 1
        yield by_sent.get(k, SentenceExample(doc.source, s))


def load_split_docs(gold_dir: Path = GOLD_DIR, record: bool = False) -> dict[str, list[StandoffDoc]]:
    """The gold docs of each split; `record=True` writes `annotations/split.json`."""
    docs = [d for _, d in iter_gold(gold_dir)]
    assignment = assign_splits(d.source for d in docs)
    if record:
        write_split_file({**load_split_file().get("docs", {}), **assignment})
    out: dict[str, list[StandoffDoc]] = {"train": [], "dev": [], "test": []}
    for d in docs:  # a split recorded by hand (`blind` … `blind5`: texts written after the rules were tuned) joins these
        out.setdefault(assignment[d.source]["split"], []).append(d)
    return out


# ---------------------------------------------------------------- spaCy


def blank_nlp():
    import spacy

    return spacy.blank("zh")  # default segmenter "char": one token per character


def to_spacy_doc(nlp, ex: SentenceExample):
    from spacy.tokens import Span as SpacySpan

    doc = nlp.make_doc(ex.sentence.text)
    ents = []
    for e in ex.ents:
        sp = doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
        if sp is not None:
            ents.append(sp)
    # METRIC/VALUE never overlap in valid gold; filter_spans guards against a bad file
    from spacy.util import filter_spans

    doc.ents = filter_spans(ents)
    claims = [doc.char_span(c.start, c.end, label="CLAIM", alignment_mode="expand") for c in ex.claims]
    doc.spans[SPANS_KEY] = [SpacySpan(doc, c.start, c.end, label="CLAIM") for c in claims if c is not None]
    return doc


def to_docbin(docs: Iterable[StandoffDoc], nlp=None, stats: ConvertStats | None = None):
    from spacy.tokens import DocBin

    nlp = nlp or blank_nlp()
    db = DocBin(store_user_data=False)
    for d in docs:
        for ex in sentence_examples(d, stats=stats):
            db.add(to_spacy_doc(nlp, ex))
    return db


# ---------------------------------------------------------------- HF datasets


def bio_tags(ex: SentenceExample) -> list[int]:
    tags = [0] * len(ex.sentence.text)
    for e in ex.ents:
        if e.label not in ENT_LABELS:
            continue
        tags[e.start] = BIO_LABELS.index(f"B-{e.label}")
        for i in range(e.start + 1, e.end):
            tags[i] = BIO_LABELS.index(f"I-{e.label}")
    return tags


def to_hf_rows(docs: Iterable[StandoffDoc], stats: ConvertStats | None = None) -> list[dict]:
    rows = []
    for d in docs:
        for ex in sentence_examples(d, stats=stats):
            rows.append({
                "source": d.source,
                "start": ex.sentence.start,
                "tokens": list(ex.sentence.text),
                "ner_tags": bio_tags(ex),
            })
    return rows


def to_hf_dataset(docs: Iterable[StandoffDoc], stats: ConvertStats | None = None):
    import datasets

    features = datasets.Features({
        "source": datasets.Value("string"),
        "start": datasets.Value("int32"),
        "tokens": datasets.Sequence(datasets.Value("string")),
        "ner_tags": datasets.Sequence(datasets.ClassLabel(names=list(BIO_LABELS))),
    })
    return datasets.Dataset.from_list(to_hf_rows(docs, stats=stats), features=features)


def convert(gold_dir: Path, out_dir: Path, record_split: bool = True) -> dict[str, ConvertStats]:
    """Write `<out>/{train,dev,test}.spacy` and `<out>/hf/` (a DatasetDict)."""
    import datasets

    out_dir.mkdir(parents=True, exist_ok=True)
    splits = load_split_docs(gold_dir, record=record_split)
    nlp = blank_nlp()
    stats: dict[str, ConvertStats] = {}
    dd = {}
    for name, docs in splits.items():
        st = ConvertStats()
        to_docbin(docs, nlp, stats=st).to_disk(out_dir / f"{name}.spacy")
        dd[name] = to_hf_dataset(docs)
        stats[name] = st
    datasets.DatasetDict(dd).save_to_disk(str(out_dir / "hf"))
    return stats


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="stand-off gold -> DocBin + datasets, with the split")
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--out", type=Path, default=REPO / "training" / "data")
    ap.add_argument("--no-record", action="store_true", help="do not update annotations/split.json")
    a = ap.parse_args()
    for name, st in convert(a.gold, a.out, record_split=not a.no_record).items():
        print(name, st)
