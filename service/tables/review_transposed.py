"""The review/litigation table printed transposed: its five columns (结果维持 … 总计) as rows, each holding one value per
group (行政复议, 未经复议直接起诉, 复议后起诉) under a header naming the groups, as some reports print it in PDF text or a
grid. Read in the template's order when every column word labels one row of three values and the header names the
three groups; a table that looks transposed but does not is left out with a warning, never read into shifted cells
(read in printed order, each row's three values had filled one group's first columns)."""

from __future__ import annotations

from typing import Optional

from service.tables.cells import Cell, LogicalRow
from service.tables.column_order import flat_header_cells
from service.tables.rows import clean_label

TRANSPOSED = "review_litigation: the table is printed transposed (结果维持 … 总计 as rows, the groups as columns)"


def transposed_cells(lrows: list[LogicalRow], text: str, groups: list[str], columns: list[str], hcfg: dict,
                     warnings: list[str]) -> Optional[list[Cell]]:
    """The fifteen value cells in the template's order (group by group) of a transposed table, or None when the
    table is not printed transposed. Raises ValueError (its message the warning) for one that is but cannot be read."""
    col_word = {clean_label(w): k for k, w in hcfg["columns"].items()}
    by_col: dict[str, LogicalRow] = {}
    for r in lrows:
        # (a row of one value is a line of the table printed as fifteen `column value` lines, not transposed)
        if len(r.values) < 2 or not any(c.kind == "num" for c in r.values):
            continue
        key = col_word.get(clean_label(r.label_text))
        if key is None:
            continue
        if key in by_col:
            return None  # a column word labelling two rows: no transposed table (the table printed twice, or a list)
        by_col[key] = r
    # a transposed table: three of the column words or more each label a row of values (a row per value of the
    # usual table prints group and column words together: `行政复议 结果维持 1`, not a column word alone)
    if len(by_col) < 3 or any(len(r.values) > len(groups) for r in by_col.values()):
        return None
    if len(by_col) < len(columns) or any(len(r.values) != len(groups) for r in by_col.values()):
        raise ValueError(f"{TRANSPOSED}, but not every column prints one value per group; table left out")
    first = min(r.start for r in by_col.values())
    lo = min((r.start for r in lrows), default=first)
    words = [w for part in ("top", "litigation") for w in hcfg[part].values()]
    names = {w: k for part in ("top", "litigation") for k, w in hcfg[part].items()}
    heads = [names[w] for w in flat_header_cells(text[lo:first], words)] if text else []
    subs = [k for k in dict.fromkeys(heads) if k in hcfg["litigation"]]
    if len(subs) != len(hcfg["litigation"]) or "review" not in heads:
        raise ValueError(f"{TRANSPOSED}, but its header does not name the three groups; table left out")
    last = {k: i for i, k in enumerate(heads)}
    review_first = not ("litigation" in last and last["litigation"] < last["review"])
    order = ["review", *subs] if review_first else [*subs, "review"]
    if sorted(order) != sorted(groups):
        raise ValueError(f"{TRANSPOSED}, but its header does not name the three groups; table left out")
    warnings.append(f"{TRANSPOSED}; read by its header in the order {', '.join(order)}")
    return [by_col[c].values[order.index(g)] for g in groups for c in columns]
