"""The Hugging Face token classifier at run time: characters as words, BIO over METRIC/VALUE,
run only on sentences that hold a number; entities → claims through the shared assembler."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from service.claims.model_spans import ModelSpan, SpanModel, number_sentences

MAX_CHARS = 250  # a longer sentence is cut into pieces of this many characters (model max 256 tokens)


class HFClaimModel(SpanModel):
    kind = "hf"

    def __init__(self, model, tokenizer, path: Path | None = None, batch_size: int = 32) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.path = path
        self.batch_size = batch_size
        self.id2label = {int(k): v for k, v in model.config.id2label.items()}

    @classmethod
    def load(cls, path: Path | str) -> "HFClaimModel":
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        path = Path(path)
        tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForTokenClassification.from_pretrained(path, local_files_only=True, use_safetensors=True)
        return cls(model, tok, path)

    def _pieces(self, text: str, exclude_spans, all_sentences: bool, focus=None):
        if all_sentences:
            from training.convert import sentences

            sents = sentences(text)
        else:
            sents = number_sentences(text, exclude_spans, focus)
        for s in sents:
            for k in range(0, len(s.text), MAX_CHARS):
                yield s.start + k, s.text[k : k + MAX_CHARS]

    def spans(self, text: str, exclude_spans: Sequence[tuple[int, int]] = (), all_sentences: bool = False,
              focus: Optional[Sequence[tuple[int, int]]] = None) -> list[ModelSpan]:
        import torch

        pieces = list(self._pieces(text, exclude_spans, all_sentences, focus))
        out: list[ModelSpan] = []
        for b in range(0, len(pieces), self.batch_size):
            batch = pieces[b : b + self.batch_size]
            enc = self.tokenizer([list(t) for _, t in batch], is_split_into_words=True, truncation=True,
                                 max_length=MAX_CHARS + 6, padding=True, return_tensors="pt")
            with torch.inference_mode():
                probs = self.model(**enc).logits.softmax(-1)
            best = probs.argmax(-1)
            for i, (off, t) in enumerate(batch):
                labels = ["O"] * len(t)
                scores = [1.0] * len(t)
                prev = None
                for j, w in enumerate(enc.word_ids(batch_index=i)):
                    if w is None or w == prev:
                        prev = w
                        continue
                    prev = w
                    labels[w] = self.id2label[int(best[i, j])]
                    scores[w] = float(probs[i, j, best[i, j]])
                for k in range(1, len(t) - 1):  # a space has no token: it continues an entity around it
                    if labels[k] == "O" and t[k].isspace() and labels[k - 1] != "O" and labels[k + 1].startswith("I-") \
                            and labels[k - 1][2:] == labels[k + 1][2:]:
                        labels[k] = labels[k + 1]
                out.extend(_bio_spans(labels, scores, off))
        return out


def _bio_spans(labels: list[str], scores: list[float], offset: int) -> list[ModelSpan]:
    """Entity spans from per-character BIO labels (an I- without a B- starts a span)."""
    out = []
    start, cur, sc = None, None, []
    for i, lab in enumerate(labels + ["O"]):
        tag, _, typ = lab.partition("-")
        if start is not None and (tag != "I" or typ != cur):
            out.append(ModelSpan(offset + start, offset + i, cur, min(sc)))
            start, cur, sc = None, None, []
        if tag in ("B", "I") and start is None:
            start, cur, sc = i, typ, []
        if start is not None:
            sc.append(scores[i] if i < len(scores) else 1.0)
    return out
