"""Recognise table rows by meaning: match a logical row's label against the templates in
`configs/tables.yaml`, and place its values in the template's columns.

A missing row never shifts the others (rows are found by label, not by position) and a value
never lands in the wrong column: a row whose count of values does not fit its columns is left out
and named in the warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Optional

from service.tables.cells import Cell, LogicalRow

_PUNCT = re.compile(r"[\s、.．,，:：;；()（）\[\]【】“”\"'‘’「」《》<>〈〉\-—_/／·]+")
_LEAD_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)(?=\D)")


def clean_label(text: str) -> str:
    """Label text without whitespace and punctuation (list markers' numerals are kept)."""
    return _PUNCT.sub("", text)


def strip_marker(text: str) -> str:
    return _LEAD_MARKER.sub("", text, count=1)


@dataclass
class RowSpec:
    key: str
    label: str
    aliases: list[str]
    columns: list[str]
    money: tuple[str, ...] = ()


def row_specs(rows_cfg: dict, default_columns: list[str] | None = None) -> list[RowSpec]:
    specs = []
    for key, r in rows_cfg.items():
        specs.append(
            RowSpec(
                key=key,
                label=clean_label(r["label"]),
                aliases=[a if a.startswith("=") else clean_label(a) for a in r.get("aliases", [])],
                columns=list(r.get("columns") or default_columns or []),
                money=tuple(r.get("money", ())),
            )
        )
    return specs


def _fragments(row: LogicalRow) -> list[str]:
    """The label's cells, last first (the most specific label is printed last: 三、办理结果 | (一)予以公开)."""
    frags = [clean_label(c.text) for c in row.label]
    return [f for f in reversed(frags) if f]


def match_label(row: LogicalRow, specs: list[RowSpec], fuzzy_threshold: float) -> Optional[RowSpec]:
    frags = _fragments(row)
    if not frags:
        return None
    # joined label too, for labels a PDF split into several tokens (三 、本 年 度办 理 结果)
    candidates = frags + ["".join(reversed(frags))]
    for frag in candidates:
        best: tuple[int, Optional[RowSpec]] = (0, None)
        for spec in specs:
            for alias in spec.aliases:
                if alias.startswith("="):
                    a = clean_label(alias[1:])
                    hit = frag == a
                else:
                    a = alias
                    hit = a in frag
                if hit and len(a) > best[0]:
                    best = (len(a), spec)
        if best[1] is not None:
            return best[1]
    # tolerate lost characters: compare each fragment with the canonical labels
    for frag in frags:
        bare = strip_marker(frag)
        if len(bare) < 4:
            continue
        scored = [(SequenceMatcher(None, bare, strip_marker(s.label)).ratio(), s) for s in specs]
        score, spec = max(scored, key=lambda t: t[0])
        if score >= fuzzy_threshold:
            return spec
    return None


def to_number(cell: Cell, money: bool) -> Optional[float | int]:
    """A cell's value: int for counts; float in 万元 for money columns (元 converted)."""
    if cell.kind != "num" or cell.value is None:
        return None
    v: Decimal = cell.value
    if money:
        if cell.unit == "元":
            v = v / Decimal(10000)
        return float(v)
    if cell.unit in ("万",):
        v = v * 10000
    if v == v.to_integral_value():
        return int(v)
    return float(v)


def fit_values(values: list[Cell], ncols: int) -> Optional[list[Cell]]:
    """Choose which value cells fill the row's columns, or None when they don't fit.

    Trailing blank cells past the last column are stray cells of the layout; so are blank cells
    standing before the numbers when the numbers alone fill the columns exactly."""
    vals = list(values)
    while len(vals) > ncols and vals[-1].kind == "blank":
        vals.pop()
    if len(vals) == ncols:
        return vals
    nums = [c for c in vals if c.kind == "num"]
    if len(nums) == ncols:
        return nums
    if len(vals) > ncols and all(c.kind == "num" for c in vals[:ncols]):
        return None  # more numbers than columns: don't guess
    return None


def _is_noise(row: LogicalRow) -> bool:
    """Single characters of a vertically printed merged label (三 / 、 / 本 / 年 ...)."""
    return not row.values and len(clean_label(row.label_text)) <= 1


def _label_only_candidate(row: LogicalRow) -> bool:
    t = row.label_text
    return not row.values and 0 < len(t) <= 60 and not t.rstrip().endswith(("。", ";", "；"))


@dataclass
class PlacedRow:
    spec: RowSpec
    cells: list[Cell]
    start: int
    end: int


def assign_rows(
    lrows: list[LogicalRow], specs: list[RowSpec], fuzzy_threshold: float, table_name: str, warnings: list[str]
) -> dict[str, PlacedRow]:
    """Place each logical row that carries values into its template row.

    Rows of whitespace-aligned PDF text may print their numbers on the line before or after the
    label; such number-only rows are paired with the adjacent label-only row (skipping the single
    characters of a vertically printed merged label), preferring the following label."""
    placed: dict[str, PlacedRow] = {}
    matches: list[Optional[RowSpec]] = [match_label(r, specs, fuzzy_threshold) if r.label else None for r in lrows]
    used_label_rows: set[int] = set()

    def place(spec: RowSpec, values: list[Cell], label_row: LogicalRow, value_row: LogicalRow) -> bool:
        cells = fit_values(values, len(spec.columns))
        if cells is None:
            warnings.append(
                f"{table_name}: row {spec.key} ('{label_row.label_text[:30]}') has {len([v for v in values if v.kind == 'num'])} "
                f"numbers for {len(spec.columns)} columns; left out"
            )
            return False
        if spec.key in placed:
            warnings.append(f"{table_name}: row {spec.key} printed twice; the first is kept")
            return False
        placed[spec.key] = PlacedRow(spec, cells, min(label_row.start, value_row.start), max(label_row.end, value_row.end))
        return True

    for i, row in enumerate(lrows):
        if not row.values or not any(v.kind == "num" for v in row.values):
            continue
        spec = matches[i]
        if spec is not None:
            place(spec, row.values, row, row)
            continue
        if row.label and row.layout != "space":
            continue  # a labelled row that is not in the template (header, other table)
        # number-only (or unmatched) row: pair with an adjacent label-only row
        def neighbour(step: int) -> Optional[int]:
            j = i + step
            while 0 <= j < len(lrows) and _is_noise(lrows[j]):
                j += step
            if 0 <= j < len(lrows) and j not in used_label_rows and _label_only_candidate(lrows[j]):
                s = matches[j]
                if s is not None and s.key not in placed:
                    return j
            return None

        nxt, prv = neighbour(+1), neighbour(-1)
        j = nxt if nxt is not None else prv
        if j is None:
            nums = " ".join(v.text for v in row.values)
            if row.layout == "space" and len(row.values) >= 2:
                warnings.append(f"{table_name}: numbers '{nums[:40]}' could not be placed in a row")
            continue
        if place(matches[j], row.values, lrows[j], row):
            used_label_rows.add(j)
    return placed


def rows_to_dict(placed: dict[str, PlacedRow], specs: list[RowSpec], table_name: str, warnings: list[str]) -> dict:
    """`{ROW: {COL: value}}` in template order; blank cells are null and named in the warnings."""
    out: dict[str, dict] = {}
    for spec in specs:
        p = placed.get(spec.key)
        if p is None:
            continue
        vals = {}
        for col, cell in zip(spec.columns, p.cells):
            v = to_number(cell, col in spec.money)
            if v is None:
                warnings.append(f"{table_name}: blank cell at {spec.key}.{col} (counted as 0 in checks)")
            vals[col] = v
        out[spec.key] = vals
    return out
