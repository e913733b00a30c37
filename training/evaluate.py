"""Evaluate claim extractors on a split of the gold data: rules alone, spaCy, HF, and merged
(rules + the model, exactly as the pipeline runs it).

Per system:
- per-label P/R/F1 for METRIC, VALUE and CLAIM spans, exact (same offsets) and partial
  (overlapping, one-to-one);
- claim-level P/R/F1: a predicted claim is right when a gold claim at an overlapping position has
  the same metric, value, unit and comparator (gold values through the shared `parse_value`);
- speed (characters of test text per second) and model size on disk;
- the common errors: entity confusion (gold METRIC/VALUE/none × predicted) and claim error kinds.

Writes `<out>/report.md`, `<out>/metrics.json` and PNG charts.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

from annotations.standoff import GOLD_DIR, REPO, StandoffDoc, claims_of, load_source_text
from service.record import Claim

REPORT_DIR = REPO / "training" / "reports"


@dataclass(frozen=True)
class GoldClaim:
    start: int
    end: int
    metric_span: tuple[int, int]
    value_span: tuple[int, int]
    metric: str
    value: Optional[float]
    unit: Optional[str]
    comparator: Optional[str]


@dataclass
class DocCase:
    source: str
    text: str
    sections: list
    exclude: list
    gold: list[GoldClaim]


_RANK = re.compile(r"^第\s*([0-9]+|[零〇一二两三四五六七八九十百]+)\s*(位|名)?$")
_WS = re.compile(r"\s+")


def gold_value(value_text: str) -> tuple[Optional[float], Optional[str], Optional[str]]:
    """(value, unit, comparator) of a gold VALUE through the shared `parse_value`; a rank
    (`第5`, `第3位`, `第一`) is the number with unit 位/名 (guidelines: "A rank is a claim with unit
    位/名"; 名 when the text names none, as the extractor does)."""
    from service.claims.values import cn_to_decimal, parse_value

    p = parse_value(value_text)
    if p is not None:
        return p.as_float(), p.unit, p.comparator
    m = _RANK.match(value_text.strip())
    if m:
        n = m.group(1)
        try:
            return float(n) if n.isdigit() else float(cn_to_decimal(n)), m.group(2) or "名", "="
        except ValueError:
            pass
    return None, None, None


def gold_claims(doc: StandoffDoc, text: str) -> list[GoldClaim]:
    out = []
    for c, m, v in claims_of(doc):
        value, unit, comparator = gold_value(text[v.start : v.end])
        # a metric's text is compared without whitespace: a PDF line wrap inside it is layout
        out.append(GoldClaim(c.start, c.end, (m.start, m.end), (v.start, v.end), _WS.sub("", text[m.start : m.end]),
                             value, unit, comparator))
    return out


def doc_context(text: str) -> tuple[list, list]:
    """Sections and table regions, as the pipeline finds them (claims never come from tables)."""
    from service.sections import find_sections
    from service.tables import parse_tables

    sections = find_sections(text)
    return sections, list(parse_tables(text, sections).spans)


def load_cases(docs: Sequence[StandoffDoc]) -> list[DocCase]:
    cases = []
    for d in docs:
        text = load_source_text(d.source)
        sections, exclude = doc_context(text)
        cases.append(DocCase(d.source, text, sections, exclude, gold_claims(d, text)))
    return cases


# ---------------------------------------------------------------- matching


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def match_spans(pred: list[tuple[int, int]], gold: list[tuple[int, int]], partial: bool) -> int:
    """True positives, one-to-one (exact: same offsets; partial: overlapping)."""
    if not partial:
        return len(set(pred) & set(gold))
    used: set[int] = set()
    tp = 0
    for p in sorted(set(pred)):
        for i, g in enumerate(gold):
            if i not in used and _overlap(p, g):
                used.add(i)
                tp += 1
                break
    return tp


def claim_correct(c: Claim, g: GoldClaim) -> bool:
    return (
        g.value is not None
        and c.value is not None
        and _WS.sub("", c.metric) == g.metric
        and abs(c.value - g.value) <= 1e-6 * max(1.0, abs(g.value))
        and (c.unit or None) == (g.unit or None)
        and c.comparator == g.comparator
    )


def claim_error(c: Claim, g: GoldClaim) -> str:
    if _WS.sub("", c.metric) != g.metric:
        return "wrong metric"
    if g.value is None or c.value is None or abs(c.value - g.value) > 1e-6 * max(1.0, abs(g.value)):
        return "wrong value"
    if (c.unit or None) != (g.unit or None):
        return "wrong unit"
    return "wrong comparator"


@dataclass
class Tally:
    claims_tp: int = 0
    claims_pred: int = 0
    claims_gold: int = 0
    spans: dict = field(default_factory=dict)  # (label, mode) -> [tp, pred, gold]
    errors: Counter = field(default_factory=Counter)
    confusion: Counter = field(default_factory=Counter)  # (gold label, predicted label)
    examples: dict = field(default_factory=dict)  # error kind -> a few (gold, predicted) strings
    chars: int = 0
    seconds: float = 0.0
    by_confidence: Counter = field(default_factory=Counter)  # (confidence band, right?) -> predicted claims


def _ent_confusion(t: Tally, pred: list[tuple[str, tuple[int, int]]], gold: list[tuple[str, tuple[int, int]]]) -> None:
    matched_pred: set[int] = set()
    for gl, gs in gold:
        hit = None
        for i, (pl, ps) in enumerate(pred):
            if i not in matched_pred and _overlap(ps, gs):
                hit = i
                break
        if hit is None:
            t.confusion[(gl, "none")] += 1
        else:
            matched_pred.add(hit)
            t.confusion[(gl, pred[hit][0])] += 1
    for i, (pl, _) in enumerate(pred):
        if i not in matched_pred:
            t.confusion[("none", pl)] += 1


@dataclass
class ClaimMatch:
    """One-to-one pairing of predicted and gold claims: exact matches first (overlapping, all of
    metric/value/unit/comparator right), then the wrong ones that read the same value."""

    right: list[tuple[int, int]] = field(default_factory=list)  # (predicted index, gold index)
    wrong: list[tuple[int, int]] = field(default_factory=list)
    spurious: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)


def match_claims(claims: Sequence, gold: Sequence[GoldClaim]) -> ClaimMatch:
    """`claims`: anything with start, end, value_span, metric, value, unit, comparator (a `Claim`,
    or a second annotator's `GoldClaim`)."""
    out = ClaimMatch()
    used_g: set[int] = set()
    used_p: set[int] = set()
    for i, c in enumerate(claims):
        for j, g in enumerate(gold):
            if j not in used_g and _overlap((c.start, c.end), (g.start, g.end)) and claim_correct(c, g):
                used_g.add(j)
                used_p.add(i)
                out.right.append((i, j))
                break
    for i, c in enumerate(claims):
        if i in used_p:
            continue
        j = next((j for j, g in enumerate(gold) if j not in used_g and _overlap(tuple(c.value_span), g.value_span)), None)
        if j is None:
            out.spurious.append(i)
        else:
            used_g.add(j)
            out.wrong.append((i, j))
    out.missed = [j for j in range(len(gold)) if j not in used_g]
    return out


def _example(t: Tally, kind: str, line: str) -> None:
    t.errors[kind] += 1
    t.examples.setdefault(kind, [])
    if len(t.examples[kind]) < 6:
        t.examples[kind].append(line)


def score_doc(t: Tally, case: DocCase, claims: list[Claim]) -> None:
    gold = case.gold
    text = case.text
    m = match_claims(claims, gold)
    t.claims_tp += len(m.right)
    for i, j in m.wrong:
        c, g = claims[i], gold[j]
        _example(t, claim_error(c, g), f"gold `{text[g.start:g.end]}` ({g.metric} {g.value} {g.unit} {g.comparator}) → "
                                       f"got ({c.metric} {c.value} {c.unit} {c.comparator})")
    for i in m.spurious:
        c = claims[i]
        _example(t, "spurious", f"`{c.text}` ({c.metric} {c.value} {c.unit})")
    for j in m.missed:
        g = gold[j]
        _example(t, "missed", f"`{text[g.start:g.end]}`")
    t.claims_pred += len(claims)
    t.claims_gold += len(gold)
    right = {i for i, _ in m.right}
    for i, c in enumerate(claims):
        t.by_confidence[(confidence_band(c.confidence), i in right)] += 1
    # spans
    for label, pget, gget in (
        ("METRIC", lambda c: tuple(c.metric_span), lambda g: g.metric_span),
        ("VALUE", lambda c: tuple(c.value_span), lambda g: g.value_span),
        ("CLAIM", lambda c: (c.start, c.end), lambda g: (g.start, g.end)),
    ):
        ps = sorted({pget(c) for c in claims})
        gs = sorted({gget(g) for g in gold})
        for mode in ("exact", "partial"):
            acc = t.spans.setdefault(f"{label}/{mode}", [0, 0, 0])
            acc[0] += match_spans(ps, gs, mode == "partial")
            acc[1] += len(ps)
            acc[2] += len(gs)
    pe = sorted({("METRIC", tuple(c.metric_span)) for c in claims} | {("VALUE", tuple(c.value_span)) for c in claims},
                key=lambda x: x[1])
    ge = sorted({("METRIC", g.metric_span) for g in gold} | {("VALUE", g.value_span) for g in gold}, key=lambda x: x[1])
    _ent_confusion(t, pe, ge)


def run_system(name: str, fn: Callable[[DocCase], list[Claim]], cases: Sequence[DocCase]) -> Tally:
    t = Tally()
    for case in cases:
        t0 = time.perf_counter()
        claims = fn(case)
        t.seconds += time.perf_counter() - t0
        t.chars += len(case.text)
        score_doc(t, case, claims)
    return t


# confidence bands of a predicted claim, for "is the confidence a useful review order?"
CONFIDENCE_BANDS = ((0.9, ">= 0.9"), (0.7, "0.7-0.9"), (0.0, "< 0.7"))


def confidence_band(conf: float) -> str:
    return next(name for low, name in CONFIDENCE_BANDS if conf >= low)


def summarise(t: Tally, size_bytes: Optional[int]) -> dict:
    bands = {}
    for _, name in CONFIDENCE_BANDS:
        n_right, n_wrong = t.by_confidence[(name, True)], t.by_confidence[(name, False)]
        if n_right + n_wrong:
            bands[name] = {"claims": n_right + n_wrong, "right": round(n_right / (n_right + n_wrong), 3)}
    return {
        "claims": prf(t.claims_tp, t.claims_pred, t.claims_gold),
        "confidence": bands,
        "spans": {k: prf(*v) for k, v in sorted(t.spans.items())},
        "errors": dict(t.errors.most_common()),
        "examples": t.examples,
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(t.confusion.items())},
        "chars_per_second": round(t.chars / t.seconds) if t.seconds else None,
        "model_bytes": size_bytes,
    }


def _repo_relative(path: Path) -> str:
    """A path as the report records it: relative to the repo when inside it (the same in every clone)."""
    p = path.resolve()
    return str(p.relative_to(REPO)) if p.is_relative_to(REPO) else str(path)


def dir_size(path: Optional[Path]) -> Optional[int]:
    if path is None:
        return None
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


# ---------------------------------------------------------------- systems


def systems(spacy_model=None, hf_model=None, rules: bool = True, merged_with=None) -> dict[str, Callable]:
    from service.claims.extractor import extract_claims

    out: dict[str, Callable] = {}
    if rules:
        out["rules"] = lambda c: extract_claims(c.text, c.sections, c.exclude, model=None)
    if spacy_model is not None:
        out["spacy"] = lambda c: spacy_model.predict(c.text, c.sections, c.exclude)
    if hf_model is not None:
        out["hf"] = lambda c: hf_model.predict(c.text, c.sections, c.exclude)
    for name, m in (merged_with or {}).items():
        out[name] = (lambda mm: lambda c: extract_claims(c.text, c.sections, c.exclude, model=mm))(m)
    return out


def speedup(model, cases: Sequence[DocCase]) -> dict:
    """Time of the model on every sentence vs only on sentences that hold a number."""
    t0 = time.perf_counter()
    for c in cases:
        model.spans(c.text, c.exclude, all_sentences=True)
    t_all = time.perf_counter() - t0
    t0 = time.perf_counter()
    for c in cases:
        model.spans(c.text, c.exclude)
    t_num = time.perf_counter() - t0
    return {"all_sentences_s": round(t_all, 3), "number_sentences_s": round(t_num, 3),
            "speedup": round(t_all / t_num, 2) if t_num else None}


# ---------------------------------------------------------------- report


def _charts(results: dict, out: Path, split: str = "test") -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    files = []
    names = list(results)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    w = 0.25
    for k, key in enumerate(("p", "r", "f1")):
        ax.bar([i + (k - 1) * w for i in range(len(names))], [results[n]["claims"][key] for n in names], w,
               label={"p": "precision", "r": "recall", "f1": "F1"}[key])
    ax.set_xticks(range(len(names)), names)
    ax.set_ylim(0, 1)
    ax.axhline(0.9, color="grey", lw=0.8, ls="--")
    ax.set_title(f"claim-level P/R/F1 ({split} split)")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "claims_prf.png", dpi=100)
    plt.close(fig)
    files.append("claims_prf.png")

    kinds = ["missed", "spurious", "wrong metric", "wrong value", "wrong unit", "wrong comparator"]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    bottom = [0] * len(names)
    for k in kinds:
        vals = [results[n]["errors"].get(k, 0) for n in names]
        ax.bar(names, vals, bottom=bottom, label=k)
        bottom = [a + b for a, b in zip(bottom, vals)]
    ax.set_title(f"claim errors by kind ({split} split)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "claim_errors.png", dpi=100)
    plt.close(fig)
    files.append("claim_errors.png")

    labels = ["METRIC", "VALUE", "none"]
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 3.2))
    axes = axes if len(names) > 1 else [axes]
    for ax, n in zip(axes, names):
        conf = results[n]["confusion"]
        m = [[conf.get(f"{g}->{p}", 0) for p in labels] for g in labels]
        ax.imshow(m, cmap="Blues")
        for i in range(3):
            for j in range(3):
                ax.text(j, i, m[i][j], ha="center", va="center", fontsize=9)
        ax.set_xticks(range(3), labels, fontsize=7)
        ax.set_yticks(range(3), labels, fontsize=7)
        ax.set_xlabel("predicted", fontsize=8)
        ax.set_ylabel("gold", fontsize=8)
        ax.set_title(n, fontsize=9)
    fig.suptitle("entity confusion (overlapping spans)", fontsize=9)
    fig.tight_layout()
    fig.savefig(out / "entity_confusion.png", dpi=100)
    plt.close(fig)
    files.append("entity_confusion.png")
    return files


def _size(b: Optional[int]) -> str:
    return "—" if b is None else f"{b / 1e6:.1f} MB"


def split_note(meta: dict) -> str:
    """Which of the gold folder's documents were scored, and why the others were not."""
    counts = meta["split_counts"]
    held = ", ".join(f"{k} {n}" for k, n in counts.items())
    note = (f"The gold folder holds {sum(counts.values())} documents ({held}); "
            + ("all are scored" if meta["split"] == "all" else f"only the `{meta['split']}` ones are scored "
               "(`--split all` scores every one)") + ".")
    if meta.get("unrecorded"):
        note += (f" {meta['unrecorded']} of them are not in `annotations/split.json`: their split comes from the "
                 "seeded hash of their source (`training/convert.py`), as `nianbao train` would assign it.")
    if meta["split"] == "all" and counts.keys() & {"train", "dev"}:
        note += " Documents of `train`/`dev` may have been used to train or tune the shipped model and rules: their scores flatter them."
    return note


def write_report(results: dict, meta: dict, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    _charts(results, out, meta["split"])
    names = list(results)
    lines = [
        f"# Claim extraction: evaluation on the {meta['split']} split",
        "",
        f"Data: {meta['docs']} gold documents, {meta['gold_claims']} gold claims (split `{meta['split']}` of "
        f"`annotations/split.json`, gold from `{meta['gold_dir']}`). Generated by `nianbao evaluate` on {meta['date']}.",
        "",
        *([split_note(meta), ""] if meta.get("split_counts") else []),
        "## Claim level (metric, value, unit and comparator all right)",
        "",
        "| system | P | R | F1 | predicted | gold | speed (chars/s) | model size |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in names:
        r = results[n]
        c = r["claims"]
        lines.append(f"| {n} | {c['p']:.3f} | {c['r']:.3f} | **{c['f1']:.3f}** | {c['pred']} | {c['gold']} | "
                     f"{r['chars_per_second'] or '—'} | {_size(r['model_bytes'])} |")
    lines += ["", "## Confidence as a review order", "",
              "Share of a system's claims that are right, by the claim's confidence (a reviewer who works "
              "from the least sure claims up finds the errors first when the lower bands hold fewer right claims).", "",
              "| system | " + " | ".join(name for _, name in CONFIDENCE_BANDS) + " |",
              "|---|" + "---|" * len(CONFIDENCE_BANDS)]
    for n in names:
        bands = results[n].get("confidence", {})
        cells = [f"{bands[b]['right']:.2f} of {bands[b]['claims']}" if b in bands else "—" for _, b in CONFIDENCE_BANDS]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    lines += ["", "![claim P/R/F1](claims_prf.png)", "", "## Spans per label (F1; exact / partial)", "",
              "| system | " + " | ".join(f"{l} exact | {l} partial" for l in ("METRIC", "VALUE", "CLAIM")) + " |",
              "|---" * 7 + "|"]
    for n in names:
        s = results[n]["spans"]
        cells = []
        for l in ("METRIC", "VALUE", "CLAIM"):
            for mode in ("exact", "partial"):
                x = s.get(f"{l}/{mode}", {"p": 0, "r": 0, "f1": 0})
                cells.append(f"{x['f1']:.3f} (P {x['p']:.2f} R {x['r']:.2f})")
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    lines += ["", "## Common errors", "", "![claim errors](claim_errors.png)", "", "![entity confusion](entity_confusion.png)", ""]
    for n in names:
        lines.append(f"### {n}")
        lines.append("")
        lines.append(", ".join(f"{k}: {v}" for k, v in results[n]["errors"].items()) or "no errors")
        lines.append("")
        for k, ex in results[n]["examples"].items():
            for e in ex[:3]:
                lines.append(f"- {k}: {e}")
        lines.append("")
    if meta.get("speedup"):
        s = meta["speedup"]
        lines += ["## Running the model only on sentences that hold a number", "",
                  f"spaCy model over the test documents: every sentence {s['all_sentences_s']} s, only sentences with a "
                  f"number {s['number_sentences_s']} s (×{s['speedup']}).", ""]
    if meta.get("models"):
        lines += ["## Models", ""] + [f"- {k}: `{v}`" for k, v in meta["models"].items()] + [""]
    path = out / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    return path


def evaluate(
    gold_dir: Path = GOLD_DIR,
    split: str = "test",
    spacy_path: Optional[Path] = None,
    hf_path: Optional[Path] = None,
    out: Path = REPORT_DIR,
    rules: bool = True,
) -> dict:
    """Evaluate and write the report; returns {"meta":..., "results":...}."""
    from datetime import datetime, timezone

    from service.claims.model_loader import load_model
    from training.convert import load_split_docs, load_split_file

    by_split = load_split_docs(gold_dir)
    counts = {k: len(v) for k, v in by_split.items() if v}
    docs = [d for ds in by_split.values() for d in ds] if split == "all" else by_split.get(split, [])
    if not docs:
        held = ", ".join(f"{k} {n}" for k, n in counts.items()) or "none"
        raise ValueError(f"{gold_dir}: no gold document in split {split!r} (documents per split: {held}; "
                         "`--split all` scores every one)")
    recorded = load_split_file().get("docs", {})
    cases = load_cases(docs)
    spacy_model = load_model(spacy_path) if spacy_path else None
    hf_model = load_model(hf_path) if hf_path else None
    merged = {}
    if spacy_model is not None:
        merged["rules+spacy"] = spacy_model
    if hf_model is not None:
        merged["rules+hf"] = hf_model
    sizes = {"spacy": dir_size(spacy_path), "hf": dir_size(hf_path), "rules+spacy": dir_size(spacy_path),
             "rules+hf": dir_size(hf_path)}
    results = {}
    for name, fn in systems(spacy_model, hf_model, rules, merged).items():
        results[name] = summarise(run_system(name, fn, cases), sizes.get(name))
    meta = {
        "split": split,
        "gold_dir": str(gold_dir.relative_to(REPO)) if gold_dir.resolve().is_relative_to(REPO) else str(gold_dir),
        "docs": len(cases),
        "gold_claims": sum(len(c.gold) for c in cases),
        "split_counts": counts,
        "unrecorded": sum(1 for ds in by_split.values() for d in ds if d.source not in recorded),
        "gold_values_unparsed": sum(1 for c in cases for g in c.gold if g.value is None),
        "chars": sum(len(c.text) for c in cases),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "models": {k: _repo_relative(Path(v)) for k, v in (("spacy", spacy_path), ("hf", hf_path)) if v},
    }
    if spacy_model is not None:
        meta["speedup"] = speedup(spacy_model, cases)
    write_report(results, meta, Path(out))
    return {"meta": meta, "results": results}
