"""主动公开政府信息情况 (第二十条): the 2021 or the 2019 template, chosen by the column headings printed."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from service.config import load_config
from service.record import Table
from service.tables.cells import LogicalRow
from service.tables.column_order import place_by_header_line
from service.tables.rows import PlacedRow, assign_rows, clean_label, row_specs, rows_to_dict

# a unit printed in a column heading: 采购总金额（元）, 本年收费金额（单位：万元）, 采购总金额(单位:元)
HEADING_UNIT = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(万元|元)\s*[)）]")


def detect_template(region_text: str) -> str:
    cfg = load_config("tables.yaml")["active_disclosure"]["templates"]
    cleaned = clean_label(region_text)
    hits = {name: sum(1 for m in t["markers"] if clean_label(m) in cleaned) for name, t in cfg.items()}
    return "2019" if hits.get("2019", 0) > hits.get("2021", 0) else "2021"


def parse_active_disclosure(lrows: list[LogicalRow], region_text: str, warnings: list[str],
                            text: str = "") -> tuple[Optional[Table], str]:
    """`text`: the document text the rows' offsets index (a grid row's cells are read under the column headings)."""
    cfg = load_config("tables.yaml")
    template = detect_template(region_text)
    specs = row_specs(cfg["active_disclosure"]["templates"][template]["rows"])
    if text:
        lrows = place_by_header_line(lrows, text, cfg["header_words"])
    placed = assign_rows(lrows, specs, cfg["fuzzy_threshold"], "active_disclosure", warnings, cfg["header_words"],
                          cfg.get("unused_row_quiet_words", ()))
    if not placed:
        return None, template
    _apply_heading_units(placed, lrows, cfg["active_disclosure"]["templates"][template]["rows"])
    rows = rows_to_dict(placed, specs, "active_disclosure", warnings)
    return Table(rows=rows, start=min(p.start for p in placed.values()), end=max(p.end for p in placed.values())), template


def _apply_heading_units(placed: dict[str, PlacedRow], lrows: list[LogicalRow], rows_cfg: dict) -> None:
    """A money cell printed without a unit takes the unit its column heading states (the nearest heading
    above the row naming the column: `采购总金额（元）` over `2783340` is 278.334 万元)."""
    for key, p in placed.items():
        heading = rows_cfg[key].get("money_header")
        if not heading:
            continue
        unit = None
        for row in lrows:
            if row.start >= p.start:
                break
            for i, c in enumerate(row.label):
                if heading in clean_label(c.text):
                    # the unit may be the heading cell's next line (`采购总金额` / `（元） |`)
                    nxt = row.label[i + 1].text if i + 1 < len(row.label) else ""
                    m = HEADING_UNIT.search(c.text + (nxt if nxt.lstrip().startswith(("(", "（")) else ""))
                    unit = m.group(1) if m else None
        if unit is None:
            continue
        money = set(rows_cfg[key].get("money", ()))
        cols = rows_cfg[key]["columns"]
        p.cells = [replace(c, unit=unit) if col in money and c.kind == "num" and c.unit is None else c
                   for col, c in zip(cols, p.cells)]
