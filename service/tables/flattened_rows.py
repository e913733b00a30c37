"""Where each template row's label sits in a flattened table's text (labels may be broken by punctuation
and spaces), and the digit run that follows it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from service.tables.digit_runs import Run, read_run
from service.tables.rows import RowSpec, clean_label


@dataclass
class Located:
    """A row label found in the text (`start`..`label_end`) and the digit run after it."""

    spec: RowSpec
    start: int
    label_end: int
    run: Optional[Run] = None


def phrase_re(phrase: str) -> re.Pattern:
    # punctuation and spaces may stand between a label's characters in the flattened text
    return re.compile(r"[^\w]*".join(re.escape(c) for c in phrase))


def alias_patterns(spec: RowSpec) -> list[re.Pattern]:
    phrases = [clean_label(a[1:]) if a.startswith("=") else a for a in spec.aliases] + [spec.label]
    return [phrase_re(p) for p in dict.fromkeys(p for p in phrases if p)]


def first_phrase(text: str, phrases: Sequence[str], start: int, end: int) -> Optional[re.Match]:
    hits = [m for p in phrases if (m := phrase_re(p).search(text, start, end))]
    return min(hits, key=lambda m: (m.start(), -m.end())) if hits else None


def search_row(spec: RowSpec, text: str, pos: int, end: int) -> Optional[re.Match]:
    hits = [m for p in alias_patterns(spec) if (m := p.search(text, pos, end))]
    return min(hits, key=lambda h: (h.start(), -h.end())) if hits else None


def locate_rows(text: str, start: int, end: int, specs: list[RowSpec], lookahead: int = 3,
            signed: bool = False) -> list[Located]:
    """Each template row's label, searched in template order; a row not found is skipped. A label found
    after the labels of the rows that follow it in the template is taken to be other text (not the row)."""
    found: list[Located] = []
    pos = start
    for i, spec in enumerate(specs):
        m = search_row(spec, text, pos, end)
        if m is None:
            continue
        later = [h.start() for s in specs[i + 1:i + 1 + lookahead] if (h := search_row(s, text, pos, end))]
        if later and min(later) < m.start():
            continue
        found.append(Located(spec, m.start(), m.end()))
        pos = m.end()
    for i, loc in enumerate(found):
        seg_end = found[i + 1].start if i + 1 < len(found) else end
        loc.run = read_run(text, loc.label_end, seg_end, signed)
    return found
