"""Tables: find each statistical table's region, cut it into logical rows, recognise the rows.

`parse_tables(text, sections)` is the one entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

from service.config import load_config
from service.record import Section, Tables
from service.tables.active_disclosure import parse_active_disclosure
from service.tables.applications import parse_applications
from service.tables.cells import logical_rows
from service.tables.regions import find_region
from service.tables.review_litigation import parse_review_litigation


@dataclass
class TableResult:
    tables: Tables
    template: Optional[str]
    warnings: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # regions where no claim may lie


def parse_tables(text: str, sections: Sequence[Section]) -> TableResult:
    cfg = load_config("tables.yaml")
    warnings: list[str] = []
    tables = Tables()
    template: Optional[str] = None
    spans: list[tuple[int, int]] = []

    reg = find_region(text, sections, "active_disclosure", cfg["active_disclosure"]["anchors"])
    if reg:
        t, tmpl = parse_active_disclosure(logical_rows(text, *reg), text[reg[0]:reg[1]], warnings)
        if t is not None:
            tables.active_disclosure, template = t, tmpl
    reg = find_region(text, sections, "applications", cfg["applications"]["anchors"])
    if reg:
        tables.applications = parse_applications(logical_rows(text, *reg), warnings)
    reg = find_region(text, sections, "review_litigation", cfg["review_litigation"]["anchors"])
    if reg:
        tables.review_litigation = parse_review_litigation(logical_rows(text, *reg), warnings)

    if tables.active_disclosure is None and tables.applications is None and tables.review_litigation is None:
        from service.tables.flattened import parse_flattened

        flat = parse_flattened(text, sections, warnings)
        if flat is not None:
            tables, template = flat
    elif template is None and (tables.applications or tables.review_litigation):
        template = "2021"
    for t in (tables.active_disclosure, tables.applications, tables.review_litigation):
        if t is not None and t.start is not None and t.end is not None:
            spans.append((t.start, t.end))
    return TableResult(tables=tables, template=template, warnings=warnings, spans=spans)
