"""Narrative ↔ table checks (`narrative.*`): where the prose states a figure the statistical
tables also hold (收到政府信息公开申请29件 ↔ `applications.rows.new_received.total`, 结转下年度,
行政复议, 行政诉讼, 收费), compare them.

The prose figure comes from specific phrasings (configs/claims.yaml `narrative_checks`, in
priority order), searched outside the tables — never "the first number after 申请". A check is
emitted only when the prose states the figure. It is `skipped`, with the reason, when:
- the table is absent;
- the prose gives several different figures for the same thing;
- the figures differ and the sentence names a narrower body than the report's (区政府办代表区政府
  受理…17件 while the table counts the whole district's 95), or the prose figure is new +
  carried-over applications (收到…75件 = 74 new + 1 carried over);
- the prose speaks of 信息处理费, which no table holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional, Sequence

from service.claims.exclusions import table_line_spans
from service.config import load_config
from service.record import Check, Claim, Section, Tables

_SENTENCE_END = re.compile(r"[。；;!！?？\n]")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class _Phrasing:
    pattern: re.Pattern
    zero: bool = False
    fee: Optional[str] = None


@dataclass(frozen=True)
class _Hit:
    value: Decimal
    start: int
    end: int
    sentence: str
    fee: Optional[str]


@lru_cache(maxsize=1)
def _config() -> tuple[dict[str, tuple[list[str], list[_Phrasing]]], tuple[str, ...], int]:
    cfg = load_config("claims.yaml")
    out: dict[str, tuple[list[str], list[_Phrasing]]] = {}
    for check_id, spec in cfg["narrative_checks"].items():
        phrasings = []
        for p in spec["phrasings"]:
            if isinstance(p, str):
                phrasings.append(_Phrasing(re.compile(p)))
            else:
                phrasings.append(_Phrasing(re.compile(p["re"]), bool(p.get("zero")), p.get("fee")))
        out[check_id] = (list(spec["table"]), phrasings)
    return out, tuple(cfg["narrower_scope"]), int(cfg["narrative_max_digits"])


def _masked(text: str, tables: Tables) -> str:
    """The text with table regions overwritten by 。 (same length), so a table cell never reads as
    prose and no phrasing runs across a table."""
    spans = list(table_line_spans(text))
    for t in (tables.active_disclosure, tables.applications, tables.review_litigation):
        if t is not None and t.start is not None and t.end is not None:
            spans.append((t.start, t.end))
    if not spans:
        return text
    # a sentence end: no phrasing runs into or across a table (line breaks kept, length kept)
    out, pos = [], 0
    for s, e in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if e <= pos:
            continue
        s = max(s, pos)
        out.append(text[pos:s])
        out.append("\n".join("。" * len(part) for part in text[s:e].split("\n")))  # (as a regex sub, without a match per char)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _sentence(text: str, start: int, end: int) -> str:
    s = start
    while s > 0 and not _SENTENCE_END.match(text[s - 1]):
        s -= 1
    e = end
    while e < len(text) and not _SENTENCE_END.match(text[e]):
        e += 1
    return text[s:e]


def _hits(masked: str, phrasings: list[_Phrasing], max_digits: int) -> list[_Hit]:
    """Hits of the first phrasing (in priority order) that occurs at all (a figure of more than
    `max_digits` digits is no figure)."""
    for ph in phrasings:
        hits = []
        for m in ph.pattern.finditer(masked):
            if ph.zero:
                value = Decimal(0)
            else:
                digits = m.group("n").replace(",", "")  # 1,256
                if len(digits.partition(".")[0]) > max_digits:
                    continue
                value = Decimal(digits)
                unit = m.groupdict().get("u")
                if unit == "元" and ph.fee == "administrative":
                    value = value / Decimal(10000)  # the table is in 万元
            hits.append(_Hit(value, m.start(), m.end(), _sentence(masked, m.start(), m.end()), ph.fee))
        if hits:
            return hits
    return []


def _table_value(tables: Tables, path: list[str]) -> Optional[Decimal]:
    table_name, row, col = path
    t = getattr(tables, table_name)
    if t is None:
        return None
    if table_name == "review_litigation":
        total = Decimal(0)
        for group in row.split("+"):
            v = getattr(getattr(t, group), col)
            if v is None:
                return None
            total += Decimal(str(v))
        return total
    cells = t.rows.get(row)
    if not cells or cells.get(col) is None:
        return None
    return Decimal(str(cells[col]))


def _num(v: Optional[Decimal]) -> Optional[int | float]:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def narrative_checks(
    text: str,
    claims: Sequence[Claim],
    tables: Tables,
    sections: Sequence[Section] = (),
) -> list[Check]:
    """`narrative.*` checks for one document. `claims` are not needed to find the figures (the
    phrasings are matched on the text, so a metric boundary choice cannot hide one); they are
    accepted for the common checks interface."""
    specs, narrower, max_digits = _config()
    masked = _masked(text, tables)
    out: list[Check] = []
    for check_id, (path, phrasings) in specs.items():
        hits = _hits(masked, phrasings, max_digits)
        if not hits:
            continue
        cid = f"narrative.{check_id}"
        values = sorted({h.value for h in hits})
        actual = _num(hits[0].value)
        excerpt = _WS.sub("", hits[0].sentence)[:60]
        where = f"«{excerpt}»"
        if hits[0].fee == "processing":
            out.append(Check(id=cid, status="skipped", actual=actual,
                             message=f"prose states 信息处理费 {actual} 元 {where}; no table holds that fee (行政事业性收费 is another fee)"))
            continue
        table_value = _table_value(tables, path)
        if table_value is None:
            out.append(Check(id=cid, status="skipped", actual=actual,
                             message=f"prose states {actual} {where} but the document has no {'.'.join(path)} figure"))
            continue
        expected = _num(table_value)
        if len(values) > 1:
            if all(v == table_value for v in values):
                pass
            else:
                out.append(Check(id=cid, status="skipped", expected=expected, actual=actual,
                                 message=f"prose states several figures ({', '.join(str(_num(v)) for v in values)}); cannot tell which is the table's"))
                continue
        prose = hits[0].value
        if prose == table_value:
            out.append(Check(id=cid, status="pass", expected=expected, actual=_num(prose),
                             message=f"prose {_num(prose)} = table {expected} {where}"))
            continue
        if check_id == "applications.new_received.total":
            carried = _table_value(tables, ["applications", "carried_over", "total"])
            if carried is not None and prose == table_value + carried:
                out.append(Check(id=cid, status="skipped", expected=expected, actual=_num(prose),
                                 message=f"prose {_num(prose)} = new {expected} + carried over {_num(carried)}: the prose counts carried-over applications too {where}"))
                continue
        named = [w for w in narrower if w in hits[0].sentence]
        if named:
            out.append(Check(id=cid, status="skipped", expected=expected, actual=_num(prose),
                             message=f"prose {_num(prose)} ≠ table {expected}, but the sentence names {named[0]} — a narrower body than the table's may be meant {where}"))
            continue
        out.append(Check(id=cid, status="fail", expected=expected, actual=_num(prose),
                         message=f"prose {_num(prose)} ≠ table {expected} {where}"))
    return out
