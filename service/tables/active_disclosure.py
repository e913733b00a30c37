"""主动公开政府信息情况 (第二十条): the 2021 or the 2019 template, chosen by the column headings printed."""

from __future__ import annotations

from typing import Optional

from service.config import load_config
from service.record import Table
from service.tables.cells import LogicalRow
from service.tables.rows import assign_rows, clean_label, row_specs, rows_to_dict


def detect_template(region_text: str) -> str:
    cfg = load_config("tables.yaml")["active_disclosure"]["templates"]
    cleaned = clean_label(region_text)
    hits = {name: sum(1 for m in t["markers"] if clean_label(m) in cleaned) for name, t in cfg.items()}
    return "2019" if hits.get("2019", 0) > hits.get("2021", 0) else "2021"


def parse_active_disclosure(lrows: list[LogicalRow], region_text: str, warnings: list[str]) -> tuple[Optional[Table], str]:
    cfg = load_config("tables.yaml")
    template = detect_template(region_text)
    specs = row_specs(cfg["active_disclosure"]["templates"][template]["rows"])
    placed = assign_rows(lrows, specs, cfg["fuzzy_threshold"], "active_disclosure", warnings, cfg["header_words"])
    if not placed:
        return None, template
    rows = rows_to_dict(placed, specs, "active_disclosure", warnings)
    return Table(rows=rows, start=min(p.start for p in placed.values()), end=max(p.end for p in placed.values())), template
