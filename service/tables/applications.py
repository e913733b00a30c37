"""收到和处理政府信息公开申请情况: rows recognised against `configs/tables.yaml` (applications)."""

from __future__ import annotations

from typing import Optional

from service.config import load_config
from service.record import Table
from service.tables.cells import LogicalRow
from service.tables.column_order import UNCLEAR, UNCLEAR_WARNING, grid_subtotal_positions, grid_value_positions, header_lines, place_by_grid, printed_order
from service.tables.rows import assign_rows, row_specs, rows_to_dict
from service.tables.spacer_cells import drop_stream_value_spacers
from service.tables.transposed import WARNING as TRANSPOSED_WARNING, looks_transposed, read_transposed, read_transposed_space

_OTHER_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")


def parse_applications(lrows: list[LogicalRow], warnings: list[str], text: str = "",
                       region: Optional[tuple[int, int]] = None) -> Optional[Table]:
    """`text`: the document text the rows' offsets index (the header's lines give the column order); `region`: the
    table's region in it (a table printed transposed is read from its grid lines, `transposed.read_transposed`)."""
    cfg = load_config("tables.yaml")
    app = cfg["applications"]
    specs = row_specs(app["rows"], app["columns"])
    if text and region is not None:
        words = {**{k: w for k, w in app["column_headers"]["top"].items() if k != "legal"}, **app["column_headers"]["legal"]}
        if looks_transposed(text, *region, words, len(app["columns"])):
            keys = [s.key for s in specs]
            by_template = {"2021": [k for k in keys if k != "other"], "2019": [k for k in keys if k not in _OTHER_2021]}
            table = read_transposed(text, *region, specs, by_template, words, app["columns"], cfg["fuzzy_threshold"], warnings)
            if table is None:  # PDF text whose columns are clearly aligned
                table = read_transposed_space(text, *region, specs, by_template, words, app["columns"],
                                              cfg["fuzzy_threshold"], warnings)
            if table is None:
                warnings.append(TRANSPOSED_WARNING)
            return table
    # one cell per line: an empty column between groups of columns, empty in every row (`spacer_cells`)
    lrows = drop_stream_value_spacers(lrows, len(app["columns"]))
    # in a grid, each row's cells at the header's column positions (a label merged over two columns is no blank value)
    lrows = place_by_grid(lrows, text, grid_value_positions(lrows, text, app["column_headers"]),
                          grid_subtotal_positions(lrows, text, app["column_headers"]))
    placed = assign_rows(lrows, specs, cfg["fuzzy_threshold"], "applications", warnings, cfg["header_words"],
                          cfg.get("unused_row_quiet_words", ()))
    if not placed:
        return None
    how, order = printed_order(header_lines(lrows, text), app["columns"], app["column_headers"])
    if how == UNCLEAR:
        warnings.append(UNCLEAR_WARNING)
        return None
    if order is not None:
        warnings.append(f"applications: 申请人情况 columns printed in the order {', '.join(order)}; read by the header")
        for p in placed.values():
            if len(p.cells) == len(order):
                p.cells = [p.cells[order.index(k)] for k in app["columns"]]
    if any(k in placed for k in _OTHER_2021) and "other" in placed:
        del placed["other"]  # the 2021 template's (六)其他处理 is a group heading, not a row
    rows = rows_to_dict(placed, specs, "applications", warnings)
    missing = [s.key for s in specs if s.key not in placed and s.key not in _OTHER_2021 + ("other",)]
    if missing:
        warnings.append(f"applications: rows not found: {', '.join(missing)}")
    return Table(rows=rows, start=min(p.start for p in placed.values()), end=max(p.end for p in placed.values()))
