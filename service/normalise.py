"""Text normalisation: traditional → simplified (OpenCC t2s, after a one-character table of the Hong
Kong variant forms t2s leaves as they are) and full-width forms → ASCII through a one-character NFKC
table.

Both steps are length-preserving, so an offset in the normalised text is the same offset in
the original (extracted) text. `NormalisedText.to_original` maps a span back and is the one
place that would change if a non length-preserving step were ever added.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _converter() -> "opencc.OpenCC":
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _hk_variant_table() -> dict[int, str]:
    """The Hong Kong variant forms that HK-style converters and 港澳 sites print and t2s leaves as they
    are (青禾市衞生健康委员会 would stay half-traditional): one character each, so the length is kept.
    These are the only single characters where OpenCC's hk2s and t2s differ (configs/ingest.yaml)."""
    from service.config import load_config

    return {ord(k): v for k, v in load_config("ingest.yaml")["normalise"]["hk_variants"].items()}


@lru_cache(maxsize=1)
def _nfkc_table() -> dict[int, str]:
    """Characters whose NFKC form is exactly one other character (full-width ASCII, ideographic
    space, compatibility ideographs...). Multi-character expansions (e.g. ㈠ → (一)) are left as they
    are, so the table never changes the text's length."""
    table: dict[int, str] = {}
    for cp in range(0x80, 0x30000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        norm = unicodedata.normalize("NFKC", ch)
        if norm != ch and len(norm) == 1:
            table[cp] = norm
    return table


def nfkc_one_char(text: str) -> str:
    """Apply the one-character NFKC table (length-preserving)."""
    return text.translate(_nfkc_table())


def to_simplified(text: str) -> str:
    """The Hong Kong variant table, then OpenCC t2s, applied line by line; a line whose length would
    change is kept as it was (OpenCC t2s is length-preserving in practice; this guard keeps offsets
    exact regardless)."""
    conv = _converter()
    text = text.translate(_hk_variant_table())
    lines = text.split("\n")
    # one call for the whole text when no line changes length (t2s matches no phrase across a line break)
    whole = conv.convert(text)
    if len(whole) == len(text) and [len(x) for x in whole.split("\n")] == [len(x) for x in lines]:
        return whole
    out = []
    for line in lines:
        s = conv.convert(line) if line else line
        out.append(s if len(s) == len(line) else line)
    return "\n".join(out)


@dataclass(frozen=True)
class NormalisedText:
    original: str
    text: str

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"span ({start}, {end}) outside text of length {len(self.text)}")
        return start, end  # both normalisation steps are length-preserving

    def original_span_text(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]


def normalise(original: str) -> NormalisedText:
    """Normalise a document's text: t2s, then one-character NFKC; also unify line ends."""
    text = to_simplified(nfkc_one_char(original))
    assert len(text) == len(original)
    return NormalisedText(original=original, text=text)


def detect_script(norm: NormalisedText) -> str:
    """`simplified`, `traditional` or `mixed`, from how many Han characters t2s changed."""
    if norm.original == norm.text:
        return "simplified"
    han = changed = 0
    for a, b in zip(norm.original, norm.text):
        if "\u4e00" <= a <= "\u9fff":
            han += 1
            changed += a != b
    if not han:
        return "simplified"
    ratio = changed / han
    if ratio == 0:
        return "simplified"
    if ratio > 0.05:
        return "traditional"
    return "mixed"
