"""Tables written as bare lines: a row's label on a line, then its values below it, one (or a few) to a line,
no `|` (a web page's table copied as text, a page laid out with CSS read as blocks).

PDF text layers print a single-line label after its numbers (`12` / `行政许可`), so the generic pairing in
`rows.assign_rows` prefers a value line's following label. Bare lines print the label first. The two readings are
told apart on a whole run of alternating label and value lines (a *chain*) whose values stand one to a line (a
row's values one to a line filling its label's columns, or single values only): the label-first reading is taken
where it gives more rows their values; where both give as many and disagree on a row, the layout cannot tell and
those rows are left out with a warning. Chains whose rows print several values on one line are PDF text's and are
left to `rows.assign_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from service.tables.cells import Cell, LogicalRow

MAX_LABEL_LINES = 3  # label lines a wrapped label may take


@dataclass
class Token:
    kind: str  # "label" (consecutive label-only lines) or "values" (consecutive label-less value lines)
    idx: list[int] = field(default_factory=list)


@dataclass
class BarePair:
    spec: object  # RowSpec
    label_idx: list[int]
    value_idx: list[int]
    values: list[Cell]


@dataclass
class BareResult:
    pairs: list[BarePair] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # lines decided here (step 2 of assign_rows leaves them)
    undecided: set[int] = field(default_factory=set)  # lines of chains the layout cannot read (rows left out)


def _is_value_line(row: LogicalRow) -> bool:
    return row.layout == "space" and not row.label and bool(row.values) and all(
        v.kind in ("num", "blank") for v in row.values)


def _chains(lrows: list[LogicalRow], barrier: set[int], label_only: Callable[[LogicalRow], bool]) -> list[list[Token]]:
    chains: list[list[Token]] = [[]]
    for i, row in enumerate(lrows):
        if i in barrier or row.layout != "space":
            chains.append([])
            continue
        kind = "values" if _is_value_line(row) else "label" if label_only(row) else None
        if kind is None:
            chains.append([])
            continue
        chain = chains[-1]
        if chain and chain[-1].kind == kind:
            chain[-1].idx.append(i)
        else:
            chain.append(Token(kind, [i]))
    return [c for c in chains if any(t.kind == "values" for t in c) and any(t.kind == "label" for t in c)]


def _values(lrows: list[LogicalRow], tok: Token) -> list[Cell]:
    return [v for j in tok.idx for v in lrows[j].values]


def _reading(chain: list[Token], lrows: list[LogicalRow], label_first: bool,
             match: Callable[[list[int]], Optional[object]],
             fits: Callable[[object, list[Cell]], bool]) -> tuple[list[BarePair], list[tuple[object, list[int], Token]]]:
    """Pairs of one reading: each value run with the label lines just above it (label first) or just below it.
    Also returns the rows recognised beside a value run that does not fit them."""
    pairs: list[BarePair] = []
    misfits: list[tuple[object, list[int], Token]] = []
    taken: set[str] = set()
    for t, tok in enumerate(chain):
        if tok.kind != "values":
            continue
        lab_t = t - 1 if label_first else t + 1
        if not 0 <= lab_t < len(chain):
            continue
        lines = chain[lab_t].idx
        # the label lines nearest the values: a suffix of the lines above, a prefix of the lines below
        options = [lines[-n:] if label_first else lines[:n] for n in range(1, min(MAX_LABEL_LINES, len(lines)) + 1)]
        hit = None
        for idx in options:
            spec = match(idx)
            if spec is not None and spec.key not in taken:
                hit = (spec, idx)
                break
        if hit is None:
            continue
        spec, idx = hit
        vals = _values(lrows, tok)
        if fits(spec, vals):
            taken.add(spec.key)
            pairs.append(BarePair(spec, idx, tok.idx, vals))
        else:
            misfits.append((spec, idx, tok))
    return pairs, misfits


def pair_bare_lines(
    lrows: list[LogicalRow],
    barrier: set[int],
    table_name: str,
    warnings: list[str],
    label_only: Callable[[LogicalRow], bool],
    match: Callable[[list[int]], Optional[object]],
    fits: Callable[[object, list[Cell]], bool],
    ncols: Callable[[object], int],
) -> BareResult:
    """Rows of bare-line chains read label first, where that reading places more rows than the PDF reading
    (values first); a chain both readings place equally is left out with a warning naming the table."""
    out = BareResult()
    for chain in _chains(lrows, barrier, label_only):
        first, first_misfits = _reading(chain, lrows, True, match, fits)
        if not _one_per_line(chain, lrows, first):
            continue  # a row's several values on one line: PDF text, read by the pairing in rows.assign_rows
        second, _ = _reading(chain, lrows, False, match, fits)
        if len(first) > len(second):
            out.pairs.extend(first)
            # the paired lines and every value run are decided here; label lines left over stay for the pairing
            # in rows.assign_rows (a label wrapped around a value line with a label of its own)
            for p in first:
                out.consumed.update(p.label_idx)
            for tok in chain:
                if tok.kind == "values":
                    out.consumed.update(tok.idx)
            paired_values = {j for p in first for j in p.value_idx}
            for spec, idx, tok in first_misfits:
                vals = _values(lrows, tok)
                n = len([v for v in vals if v.kind == "num"])
                label = "".join(lrows[j].label_text for j in idx)
                warnings.append(f"{table_name}: row {spec.key} ('{label[:30]}') "
                                f"has {n} numbers for {ncols(spec)} columns (values one per line); left out")
                paired_values.update(tok.idx)
            for tok in chain:
                if tok.kind == "values" and not set(tok.idx) & paired_values and any(
                        v.kind == "num" for v in _values(lrows, tok)):
                    nums = " ".join(v.text for v in _values(lrows, tok))
                    warnings.append(f"{table_name}: numbers '{nums[:40]}' could not be placed in a row")
        elif first and len(first) == len(second) and _conflict(first, second):
            keys = sorted({p.spec.key for p in first + second})
            warnings.append(f"{table_name}: values printed one per line may belong to the label above or below "
                            f"them (rows {', '.join(keys)}); left out")
            for tok in chain:
                out.consumed.update(tok.idx)
                out.undecided.update(tok.idx)
    return out


def _one_per_line(chain: list[Token], lrows: list[LogicalRow], first: list[BarePair]) -> bool:
    """Values printed one to a line: a row whose values, one to a line, fill the columns of the label above them,
    or only single values in the chain (PDF text prints a row's values on one line; two value lines in a row there
    are two rows' numbers)."""
    runs = [tok for tok in chain if tok.kind == "values"]
    return any(len(p.value_idx) >= 2 and all(len(lrows[j].values) == 1 for j in p.value_idx) for p in first) or all(
        len(_values(lrows, tok)) == 1 for tok in runs)


def _conflict(a: Sequence[BarePair], b: Sequence[BarePair]) -> bool:
    """The readings give one row different values, or one value run to different rows (where they only place
    different rows, a label printed on either side of its values, the pairing in rows.assign_rows reads it)."""
    rows_a = {p.spec.key: tuple(p.value_idx) for p in a}
    runs_a = {tuple(p.value_idx): p.spec.key for p in a}
    return any(rows_a.get(p.spec.key, tuple(p.value_idx)) != tuple(p.value_idx)
               or runs_a.get(tuple(p.value_idx), p.spec.key) != p.spec.key for p in b)
