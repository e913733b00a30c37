"""Train the Hugging Face token classifier (METRIC/VALUE, character-level BIO) with `Trainer`.

- `base_model=DIR`: fine-tune any local Hugging Face encoder (e.g. a Chinese RoBERTa on disk);
  nothing is ever downloaded.
- Without one: a small character-level BERT built from a config, with a character vocabulary
  made from the training text (plus, optionally, masked-LM pretraining on all the unannotated
  narrative text under ../shared, `mlm_steps`).

Characters are passed as words (`is_split_into_words=True`) and labels aligned with
`word_ids()`, so digits and Latin letters keep their own ids instead of becoming [UNK]
word pieces. Weights are saved as safetensors.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional, Sequence

from annotations.standoff import GOLD_DIR, shared_root
from training.convert import BIO_LABELS, ConvertStats, load_split_docs, to_hf_dataset

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MAX_LENGTH = 256
TINY = dict(hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=256)


def id2label() -> dict[int, str]:
    return dict(enumerate(BIO_LABELS))


def build_tokenizer(texts: Iterable[str], min_count: int = 1):
    """A character vocabulary tokenizer (transformers 5: `vocab=` a dict; `vocab_file=` is ignored)."""
    from collections import Counter

    from transformers import BertTokenizer

    counts = Counter(ch for t in texts for ch in t if not ch.isspace())
    chars = sorted(c for c, n in counts.items() if n >= min_count)
    vocab = {t: i for i, t in enumerate(SPECIAL_TOKENS + [c for c in chars if c not in SPECIAL_TOKENS])}
    return BertTokenizer(vocab=vocab, do_lower_case=False, tokenize_chinese_chars=True)


def build_tiny_model(tokenizer, size: Optional[dict] = None, masked_lm: bool = False):
    from transformers import BertConfig, BertForMaskedLM, BertForTokenClassification

    cfg = BertConfig(
        vocab_size=len(tokenizer),
        max_position_embeddings=MAX_LENGTH + 2,
        pad_token_id=tokenizer.pad_token_id,
        id2label=id2label(),
        label2id={v: k for k, v in id2label().items()},
        **(size or TINY),
    )
    return BertForMaskedLM(cfg) if masked_lm else BertForTokenClassification(cfg)


def unannotated_texts(root: Optional[Path] = None) -> list[str]:
    """All narrative text we have (excerpts and text reports under ../shared), normalised."""
    from service.normalise import normalise
    from training.convert import sentences

    root = root or shared_root()
    out: list[str] = []
    for p in sorted((root / "corpus" / "narrative").glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.extend(s.text for s in sentences(normalise(json.loads(line)["text"]).text))
    for p in sorted((root / "corpus" / "text").glob("*.txt")) + sorted((root / "seeds").glob("*.txt")):
        out.extend(s.text for s in sentences(normalise(p.read_text(encoding="utf-8")).text))
    return [t[:MAX_LENGTH] for t in out if len(t) >= 4]


def tokenize_and_align(batch: dict, tokenizer) -> dict:
    enc = tokenizer(batch["tokens"], is_split_into_words=True, truncation=True, max_length=MAX_LENGTH)
    labels = []
    for i, tags in enumerate(batch["ner_tags"]):
        prev = None
        row = []
        for w in enc.word_ids(batch_index=i):
            row.append(-100 if w is None or w == prev else tags[w])
            prev = w
        labels.append(row)
    enc["labels"] = labels
    return enc


def _args(out: Path, steps: Optional[int], epochs: float, batch_size: int, lr: float, seed: int):
    from transformers import TrainingArguments

    kw = dict(
        output_dir=str(out / "checkpoints"),
        per_device_train_batch_size=batch_size,
        learning_rate=lr,
        seed=seed,
        data_seed=seed,
        save_strategy="no",
        report_to=[],
        logging_steps=50,
        use_cpu=True,
        dataloader_num_workers=0,
        disable_tqdm=True,
    )
    if steps:
        kw["max_steps"] = steps
    else:
        kw["num_train_epochs"] = epochs
    return TrainingArguments(**kw)


def pretrain_mlm(model_dir: Path, tokenizer, texts: Sequence[str], steps: int, seed: int = 13) -> Path:
    """Masked-LM pretraining of the tiny BERT on unannotated text; returns the saved encoder dir."""
    import datasets
    from transformers import DataCollatorForLanguageModeling, Trainer, set_seed

    set_seed(seed)
    model = build_tiny_model(tokenizer, masked_lm=True)
    ds = datasets.Dataset.from_dict({"tokens": [list(t) for t in texts]})
    ds = ds.map(lambda b: tokenizer(b["tokens"], is_split_into_words=True, truncation=True, max_length=MAX_LENGTH),
                batched=True, remove_columns=["tokens"])
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15)
    Trainer(model=model, args=_args(model_dir, steps, 1, 32, 5e-4, seed), train_dataset=ds, data_collator=collator).train()
    model.save_pretrained(model_dir, safe_serialization=True)
    tokenizer.save_pretrained(model_dir)
    return model_dir


def train_hf(
    out: Path,
    gold_dir: Path = GOLD_DIR,
    base_model: Optional[Path] = None,
    steps: Optional[int] = None,
    epochs: float = 20,
    batch_size: int = 16,
    lr: Optional[float] = None,
    seed: int = 13,
    mlm_steps: int = 0,
    size: Optional[dict] = None,
    train_docs=None,
    extra_vocab_texts: Sequence[str] = (),
) -> Path:
    """Train and save (safetensors) into `<out>/model`; returns that directory."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer, DataCollatorForTokenClassification, Trainer, set_seed

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    set_seed(seed)
    out = Path(out)
    model_dir = out / "model"
    if train_docs is None:
        train_docs = load_split_docs(gold_dir)["train"]
    stats = ConvertStats()
    train_ds = to_hf_dataset(train_docs, stats=stats)
    if base_model is not None:
        tokenizer = AutoTokenizer.from_pretrained(base_model, local_files_only=True)
        model = AutoModelForTokenClassification.from_pretrained(
            base_model, local_files_only=True, num_labels=len(BIO_LABELS), id2label=id2label(),
            label2id={v: k for k, v in id2label().items()}, ignore_mismatched_sizes=True,
        )
        lr = lr or 3e-5
    else:
        texts = ["".join(r) for r in train_ds["tokens"]] + list(extra_vocab_texts)
        # the vocabulary covers all narrative text we have (so test-time characters are known)
        unlabelled = unannotated_texts() if (shared_root() / "corpus").is_dir() else []
        texts += unlabelled
        tokenizer = build_tokenizer(texts)
        if mlm_steps:
            enc_dir = pretrain_mlm(out / "mlm", tokenizer, unlabelled, mlm_steps, seed)
            model = AutoModelForTokenClassification.from_pretrained(
                enc_dir, num_labels=len(BIO_LABELS), id2label=id2label(), label2id={v: k for k, v in id2label().items()}
            )
        else:
            model = build_tiny_model(tokenizer, size)
        lr = lr or 5e-4
    ds = train_ds.map(lambda b: tokenize_and_align(b, tokenizer), batched=True, remove_columns=train_ds.column_names)
    trainer = Trainer(
        model=model,
        args=_args(out, steps, epochs, batch_size, lr, seed),
        train_dataset=ds,
        data_collator=DataCollatorForTokenClassification(tokenizer),
    )
    trainer.train()
    model_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(model_dir, safe_serialization=True)
    tokenizer.save_pretrained(model_dir)
    meta = {
        "kind": "hf",
        "trained": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "base_model": str(base_model) if base_model else None,
        "mlm_steps": mlm_steps,
        "steps": steps,
        "epochs": None if steps else epochs,
        "seed": seed,
        "train_docs": len(train_docs),
        "train_sentences": stats.sentences,
        "train_claims": stats.claims,
        "labels": list(BIO_LABELS),
    }
    (model_dir / "nianbao.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return model_dir

