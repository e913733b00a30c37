"""分别/均为/各 constructions, skipped whole (annotations/NOTES.md §5): one value list shared by
several metrics names no single claim."""

from __future__ import annotations

from typing import Sequence

from service.claims.rules_config import RulesConfig
from service.claims.values import ValueSpan


def distributive_values(text: str, values: Sequence[ValueSpan], cfg: RulesConfig) -> set[int]:
    """Indices of values inside a 分别/均为/各 construction (NOTES §5: skipped whole):
    `办结率、满意度分别为99%、100%`, `A和B均为100%`, `A各3件`."""
    out: set[int] = set()
    prev_end = 0
    for i, v in enumerate(values):
        if i - 1 in out and cfg.distributive_chain.match(text[values[i - 1].end : v.start]):
            out.add(i)
        else:
            m = cfg.distributive.search(text, max(prev_end, v.start - 16), v.start)
            if m and m.group(0).startswith("均"):
                fs = max(text.rfind(ch, 0, m.start()) for ch in ",，。;；:：\n")
                if not cfg.distributive_shared.search(text, fs + 1, m.start()):
                    m = None
            if m:
                out.add(i)
        prev_end = v.end
    return out

