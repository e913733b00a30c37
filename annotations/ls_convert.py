"""The one conversion between our spans (`annotations.standoff.Span`, `service.record.Claim`) and
Label Studio result dicts, both ways; used by push, pull and the ML backend alike.

Label names and the control (`from_name`) each label belongs to are read from the labelling
config `configs/labelstudio.xml`, so the config is the one place that defines them.

Offsets are code points of the normalised text, as Label Studio counts them (1.23.2, checked in
Chromium; regions drawn since 2022, label-studio-frontend #308; regions shown since mid-2024,
label-studio #6135; `\r` and `\n` count one each). Older screens counted UTF-16 code units, so
spans after a character outside the basic plane (𠀀, emoji) could come back shifted:
`results_to_spans` checks `text[start:end]` against the span text stored in the result and repairs
or rejects what does not match. Label Studio never checks that stored text itself; it is the
browser's rendering of the selection (see `_as_shown`).
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from annotations.standoff import Span
from service.config import config_path
from service.record import Claim

LABEL_CONFIG_NAME = "labelstudio.xml"
MAX_SHIFT = 32  # how far (code points) a span may be re-located from where Label Studio put it


# --- labelling config --------------------------------------------------------------------------

def label_config_path() -> Path:
    return config_path(LABEL_CONFIG_NAME)


@lru_cache(maxsize=None)
def label_config() -> str:
    """The labelling config XML sent to Label Studio."""
    return label_config_path().read_text(encoding="utf-8").strip()  # as Label Studio stores it


@lru_cache(maxsize=None)
def label_controls() -> dict[str, tuple[str, str]]:
    """{label: (from_name, to_name)} for every `<Label>` of every `<Labels>` control."""
    root = ET.fromstring(label_config())
    out: dict[str, tuple[str, str]] = {}
    for labels in root.iter("Labels"):
        for lab in labels.iter("Label"):
            out[lab.attrib["value"]] = (labels.attrib["name"], labels.attrib["toName"])
    return out


# --- UTF-16 offsets ------------------------------------------------------------------------------

def _is_astral(ch: str) -> bool:
    return ord(ch) > 0xFFFF


def utf16_to_codepoint(text: str, offset: int) -> int | None:
    """Code-point offset for a UTF-16 code-unit offset into `text` (None when it falls inside a
    surrogate pair or past the end)."""
    units = 0
    for i, ch in enumerate(text):
        if units == offset:
            return i
        units += 2 if _is_astral(ch) else 1
        if units > offset:
            return None
    return len(text) if units == offset else None


def codepoint_to_utf16(text: str, offset: int) -> int:
    return offset + sum(1 for ch in text[:offset] if _is_astral(ch))


# --- ours -> Label Studio --------------------------------------------------------------------------

def result_id(span: Span) -> str:
    """A stable id for a result (same span, same id), as Label Studio wants ids unique per annotation."""
    return hashlib.sha1(f"{span.label}:{span.start}:{span.end}".encode()).hexdigest()[:10]


def span_to_result(span: Span, score: float | None = None) -> dict:
    try:
        from_name, to_name = label_controls()[span.label]
    except KeyError:
        raise ValueError(f"label {span.label!r} is not in {label_config_path()}") from None
    res = {
        "id": result_id(span),
        "from_name": from_name,
        "to_name": to_name,
        "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]},
    }
    if score is not None:
        res["score"] = round(float(score), 4)
    return res


def spans_to_results(spans: Iterable[Span]) -> list[dict]:
    return [span_to_result(s) for s in sorted(spans, key=lambda s: (s.start, s.end, s.label))]


def claims_to_scored_spans(claims: Sequence[Claim], text: str) -> list[tuple[Span, float]]:
    """CLAIM, METRIC and VALUE spans of `claims` (a METRIC or VALUE shared by two claims appears
    once), each with its confidence (the highest of the claims it belongs to)."""
    best: dict[tuple[int, int, str], float] = {}
    for c in claims:
        for (s, e), label in (((c.start, c.end), "CLAIM"), (c.metric_span, "METRIC"), (c.value_span, "VALUE")):
            key = (s, e, label)
            best[key] = max(best.get(key, 0.0), c.confidence)
    return [(Span(s, e, lab, text[s:e]), conf) for (s, e, lab), conf in sorted(best.items())]


def claims_to_spans(claims: Sequence[Claim], text: str) -> list[Span]:
    return [s for s, _ in claims_to_scored_spans(claims, text)]


def prediction_score(claims: Sequence[Claim]) -> float | None:
    """A task's prediction score: the mean confidence of its claims (None without claims)."""
    return round(sum(c.confidence for c in claims) / len(claims), 4) if claims else None


def claims_to_prediction(claims: Sequence[Claim], text: str, model_version: str) -> dict:
    """One Label Studio prediction (`{"result", "score", "model_version"}`) for a task's text."""
    pred = {
        "result": [span_to_result(s, conf) for s, conf in claims_to_scored_spans(claims, text)],
        "model_version": model_version,
    }
    score = prediction_score(claims)
    if score is not None:
        pred["score"] = score
    return pred


# --- Label Studio -> ours --------------------------------------------------------------------------

@dataclass
class Rejected:
    result: dict
    reason: str


@dataclass
class Conversion:
    spans: list[Span] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # one note per span whose offsets were fixed
    rejected: list[Rejected] = field(default_factory=list)


# Label Studio stores a drawn region's `text` as the browser renders the selection
# (selection-tools.js captureSelection; domManager.getText after a resize): every line-break
# character (`\r` or `\n`, each shown as a <br/>) as the two characters `\n`, and runs of white
# space collapsed or dropped by the page's CSS (white-space: normal). Its offsets still count every
# character, so such a text is compared with ours with line breaks and white space left out.
_LS_BREAK = "\\n"
_WS = re.compile(r"\s+")


def _as_shown(s: str) -> str:
    return _WS.sub("", s.replace(_LS_BREAK, "\n"))


def _same_span_text(ours: str, stored: str) -> bool:
    return ours == stored or (bool(_as_shown(stored)) and _as_shown(ours) == _as_shown(stored))


def _pattern(span_text: str) -> re.Pattern:
    """`span_text` as Label Studio stored it, as a pattern over our text (see `_as_shown`)."""
    parts = re.split(r"((?:\\n|\s)+)", span_text)
    return re.compile("".join(r"\s*" if i % 2 else re.escape(p) for i, p in enumerate(parts)))


def _relocate(text: str, span_text: str, near: int, max_shift: int) -> tuple[int, int] | None:
    """The occurrence of `span_text` nearest to `near` within `max_shift` (as `(start, end)`); None
    if there is none or two are equally near."""
    lo = max(0, near - max_shift)
    hi = min(len(text), near + max_shift + len(span_text))
    pat = _pattern(span_text)
    found = []
    for i in range(lo, hi):  # every start, so that overlapping occurrences are all seen
        m = pat.match(text, i, hi)
        if m and m.end() > m.start() and not text[i].isspace():
            found.append((m.start(), m.end()))
    if not found:
        return None
    found.sort(key=lambda se: abs(se[0] - near))
    if len(found) > 1 and abs(found[0][0] - near) == abs(found[1][0] - near):
        return None
    return found[0]


def locate(text: str, start: int, end: int, span_text: str | None, max_shift: int = MAX_SHIFT
           ) -> tuple[int, int, str | None] | str:
    """Where a result's span really is: `(start, end, note)` (note says how it was repaired, None if
    it was right), or a string saying why it cannot be placed."""
    if span_text is None:
        if 0 <= start < end <= len(text):
            return start, end, None
        return f"offsets {start}:{end} outside the text (length {len(text)}) and no span text to check"
    if not span_text:
        return "empty span text"
    if 0 <= start <= end <= len(text) and _same_span_text(text[start:end], span_text):
        return start, end, None
    s16, e16 = utf16_to_codepoint(text, start), utf16_to_codepoint(text, end)
    if s16 is not None and e16 is not None and _same_span_text(text[s16:e16], span_text):
        return s16, e16, f"UTF-16 offsets {start}:{end} -> {s16}:{e16}"
    found = _relocate(text, span_text, start, max_shift)
    if found is not None:
        return found[0], found[1], f"re-located {start}:{end} -> {found[0]}:{found[1]}"
    got = text[start:end] if 0 <= start <= end <= len(text) else "<out of range>"
    anywhere = _pattern(span_text).search(text) is not None
    return (f"text[{start}:{end}] is {got!r}, not {span_text!r}, and the span text occurs "
            f"{'only farther away or ambiguously' if anywhere else 'nowhere'} within {max_shift} characters")


def results_to_spans(results: Iterable[dict], text: str, max_shift: int = MAX_SHIFT) -> Conversion:
    """Spans of an annotation's (or prediction's) `result` list, checked against `text`.
    Results that are not text labels of our config (relations, other controls) are ignored."""
    known = label_controls()
    out = Conversion()
    seen: set[tuple[int, int, str]] = set()
    for r in results:
        if r.get("type") != "labels":
            continue
        v = r.get("value") or {}
        labels = v.get("labels") or []
        if "start" not in v or "end" not in v or not labels:
            out.rejected.append(Rejected(r, "labels result without start/end/labels"))
            continue
        where = locate(text, int(v["start"]), int(v["end"]), v.get("text"), max_shift)
        if isinstance(where, str):
            out.rejected.append(Rejected(r, where))
            continue
        start, end, note = where
        for label in labels:
            if label not in known:
                out.rejected.append(Rejected(r, f"unknown label {label!r}"))
                continue
            if known[label][0] != r.get("from_name"):
                out.rejected.append(Rejected(r, f"label {label!r} sent by control {r.get('from_name')!r}, "
                                                f"config has it in {known[label][0]!r}"))
                continue
            if (start, end, label) in seen:
                continue
            seen.add((start, end, label))
            out.spans.append(Span(start, end, label, text[start:end]))
            if note:
                out.repaired.append(f"{label} {text[start:end]!r}: {note}")
    out.spans.sort(key=lambda s: (s.start, s.end, s.label))
    return out
