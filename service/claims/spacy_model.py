"""The spaCy claim model at run time: `ner` (METRIC/VALUE) + `span_finder` → `spancat`
(CLAIM in `doc.spans["claims"]`), run only on the sentences that hold a number."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Sequence

from service.claims.model_spans import ModelSpan, SpanModel, number_sentences

SPANS_KEY = "claims"


def import_spacy_without_torch():
    """spaCy, imported so that thinc does not import torch: thinc imports torch whenever it is installed
    (about 1.3 s, half of a `nianbao batch` start-up with the model), though the shipped pipeline runs on
    thinc's numpy ops. Written here because neither thinc nor spaCy has a switch for it. Only when
    neither is imported yet; torch stays importable afterwards (the transformers path imports it)."""
    if "thinc" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError meanwhile
    try:
        import spacy
        import thinc.api  # noqa: F401  # everything that looks for torch at import time
    finally:
        del sys.modules["torch"]
    return spacy


class SpacyClaimModel(SpanModel):
    kind = "spacy"

    def __init__(self, nlp, path: Path | None = None, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.path = path
        self.batch_size = batch_size

    @classmethod
    def load(cls, path: Path | str) -> "SpacyClaimModel":
        spacy = import_spacy_without_torch()
        return cls(spacy.load(Path(path)), Path(path))

    def spans(self, text: str, exclude_spans: Sequence[tuple[int, int]] = (), all_sentences: bool = False,
              focus: Optional[Sequence[tuple[int, int]]] = None) -> list[ModelSpan]:
        """Model spans over `text` (absolute offsets). `all_sentences=True` runs the model on
        every sentence (to measure what running only on sentences with a number saves)."""
        if all_sentences:
            from training.convert import sentences

            sents = sentences(text)
        else:
            sents = number_sentences(text, exclude_spans, focus)
        out: list[ModelSpan] = []
        for s, doc in zip(sents, self.nlp.pipe((s.text for s in sents), batch_size=self.batch_size)):
            for e in doc.ents:
                out.append(ModelSpan(s.start + e.start_char, s.start + e.end_char, e.label_))
            group = doc.spans.get(SPANS_KEY) if hasattr(doc.spans, "get") else None
            if group is not None:
                scores = getattr(group, "attrs", {}).get("scores")
                for i, sp in enumerate(group):
                    score = float(max(scores[i].ravel())) if scores is not None and i < len(scores) else 1.0
                    out.append(ModelSpan(s.start + sp.start_char, s.start + sp.end_char, "CLAIM", score))
        return out
