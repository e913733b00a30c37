"""Experiment: every merge setting of `configs/claim_models.yaml` against one split, for one or more
models (the protocol and results: `training/experiments/merge_on_unseen.md`).

The rules and each model run once per document (the model on every sentence with a number, no
focus), then `service.claims.merge.merge` is applied with each setting and scored with the
evaluation's own claim matching, so every row is what `nianbao evaluate` would print for the
merged extractor with that setting.

    python -m training.experiments.merge_sweep --split blind5 --model models/claims-spacy --model DIR
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Sequence

from annotations.standoff import GOLD_DIR
from service.claims.extractor import extract_claims
from service.claims.merge import merge
from service.claims.model_loader import load_model
from training.convert import iter_gold, load_split_docs
from training.evaluate import DocCase, load_cases, match_claims, prf

ADD_UNCOVERED = (False, True)
MIN_CONFIDENCE = (0.5, 0.8, 0.9, 0.95)
RULE_YIELDS_BELOW = (0.0, 0.5, 0.6, 0.7)
SHIPPED = (False, 0.8, 0.0)


def _score(per_doc: Sequence[tuple[DocCase, list]]) -> dict:
    tp = n_pred = n_gold = 0
    for case, claims in per_doc:
        tp += len(match_claims(claims, case.gold).right)
        n_pred += len(claims)
        n_gold += len(case.gold)
    return prf(tp, n_pred, n_gold)


def sweep(split: str, model_paths: Sequence[Path], gold: Path = GOLD_DIR) -> dict:
    # `all`: every document of `gold` (as `nianbao evaluate --split all`), e.g. a gold folder kept outside the repo
    docs = [d for _, d in iter_gold(gold)] if split == "all" else load_split_docs(gold)[split]
    cases = load_cases(docs)
    rules = [extract_claims(c.text, c.sections, c.exclude, model=None) for c in cases]
    out: dict = {"split": split, "docs": len(cases), "rules": _score(list(zip(cases, rules))), "models": {}}
    for path in model_paths:
        model = load_model(path)
        predicted = [model.predict(c.text, sections=c.sections, exclude_spans=c.exclude) for c in cases]
        rows = []
        for add, min_conf, yields in itertools.product(ADD_UNCOVERED, MIN_CONFIDENCE, RULE_YIELDS_BELOW):
            merged = [merge(r, m, prefer="rule", min_confidence=min_conf, rule_yields_below=yields,
                            add_uncovered=add, confirm=True) for r, m in zip(rules, predicted)]
            rows.append({"add_uncovered": add, "min_confidence": min_conf, "rule_yields_below": yields,
                         "shipped_setting": (add, min_conf, yields) == SHIPPED,
                         **_score(list(zip(cases, merged)))})
        out["models"][str(path)] = {"alone": _score(list(zip(cases, predicted))), "merged": rows}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", required=True, help="a split of annotations/split.json, or all (every document of --gold)")
    ap.add_argument("--model", action="append", type=Path, required=True)
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args()
    res = sweep(a.split, a.model, a.gold)
    r = res["rules"]
    print(f"{res['split']}: {res['docs']} documents; rules P {r['p']:.3f} R {r['r']:.3f} F1 {r['f1']:.3f}")
    for path, m in res["models"].items():
        al = m["alone"]
        print(f"\n{path}: alone P {al['p']:.3f} R {al['r']:.3f} F1 {al['f1']:.3f}")
        print("add_uncovered min_conf yields_below    P      R      F1    tp")
        for row in m["merged"]:
            mark = "  <- shipped" if row["shipped_setting"] else ""
            print(f"{str(row['add_uncovered']):13s} {row['min_confidence']:8.2f} {row['rule_yields_below']:12.2f}"
                  f"  {row['p']:.3f}  {row['r']:.3f}  {row['f1']:.3f}  {row['tp']}{mark}")
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
