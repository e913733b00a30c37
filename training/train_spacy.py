"""Train the spaCy claim pipeline with spaCy's own training loop from `configs/spacy_claims.cfg`.

Gold stand-off files → DocBins (train/dev of the recorded split) → `spacy.cli.train.train`
(seeded through `[system] seed`) → `<out>/model-best`, copied to `<out>/model` with a
`nianbao.json` that says what it is and what it was trained on.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional, Sequence

from annotations.standoff import GOLD_DIR, REPO
from training.convert import ConvertStats, blank_nlp, load_split_docs, to_docbin

DEFAULT_CONFIG = REPO / "configs" / "spacy_claims.cfg"


def train_spacy(
    out: Path,
    gold_dir: Path = GOLD_DIR,
    config: Path = DEFAULT_CONFIG,
    max_steps: Optional[int] = None,
    seed: Optional[int] = None,
    record_split: bool = False,
    train_docs=None,
    dev_docs=None,
    train_splits: Sequence[str] = ("train",),
    dev_split: str = "dev",
) -> Path:
    """Train and return the model directory (`<out>/model`), on the gold of `train_splits`, with
    `dev_split` (default: the dev split) choosing the best checkpoint. `train_docs`/`dev_docs` (lists of
    StandoffDoc) override the split, for tests on invented data."""
    import spacy
    from spacy.cli.train import train as spacy_train

    if train_docs is None:
        splits = load_split_docs(gold_dir, record=record_split)
        if dev_split in train_splits or "test" in train_splits:
            raise ValueError(f"the {dev_split} split chooses the checkpoint and the test split measures: train on neither")
        if dev_split == "test":
            raise ValueError("the test split measures: it cannot choose the checkpoint")
        unknown = [s for s in [*train_splits, dev_split] if s not in splits]
        if unknown:
            raise ValueError(f"no gold documents in split(s) {', '.join(unknown)}")
        train_docs, dev_docs = [d for s in train_splits for d in splits[s]], splits[dev_split]
    if not dev_docs:  # tiny data sets: score on train rather than fail
        dev_docs = train_docs
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nlp = blank_nlp()
    stats = {"train": ConvertStats(), "dev": ConvertStats()}
    overrides: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        to_docbin(train_docs, nlp, stats=stats["train"]).to_disk(tmp / "train.spacy")
        to_docbin(dev_docs, nlp, stats=stats["dev"]).to_disk(tmp / "dev.spacy")
        overrides = {"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy")}
        if max_steps is not None:
            overrides["training.max_steps"] = max_steps
            overrides["training.eval_frequency"] = max(1, min(200, max_steps // 2))
        if seed is not None:
            overrides["system.seed"] = seed
        spacy.util.fix_random_seed(seed if seed is not None else 13)
        spacy_train(config, out, use_gpu=-1, overrides=overrides)
    best = out / "model-best"
    model = out / "model"
    if model.exists():
        shutil.rmtree(model)
    shutil.copytree(best, model)
    cfg = model / "config.cfg"  # the temporary corpus paths mean nothing outside this run
    cfg.write_text(re.sub(r'^(train|dev) = ".*"$', r"\1 = null", cfg.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    meta = {
        "kind": "spacy",
        "trained": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "config": str(Path(config).resolve().relative_to(REPO)) if Path(config).resolve().is_relative_to(REPO) else str(config),
        "overrides": {k: v for k, v in overrides.items() if not k.startswith("paths.")},
        "train_splits": list(train_splits),
        "dev_split": dev_split,
        "train_docs": len(train_docs),
        "dev_docs": len(dev_docs),
        "train_sentences": stats["train"].sentences,
        "train_claims": stats["train"].claims,
    }
    (model / "nianbao.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return model

