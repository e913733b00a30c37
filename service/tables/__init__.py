"""Tables: find each statistical table's region, cut it into logical rows, recognise the rows.

`parse_tables(text, sections)` is the one entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

from service.config import load_config
from service.record import ReviewLitigationTable, Section, Table, Tables
from service.tables.active_disclosure import parse_active_disclosure
from service.tables.applications import parse_applications
from service.tables.cells import logical_rows
from service.tables.column_order import UNCLEAR_WARNING
from service.tables.regions import find_region
from service.tables.review_litigation import parse_review_litigation
from service.tables.transposed import WARNING as TRANSPOSED_WARNING


@dataclass
class TableResult:
    tables: Tables
    template: Optional[str]
    warnings: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # regions where no claim may lie
    # tables were found but none tells the 2019 template from the 2021 one (the review/litigation table is the same in both)
    template_undecided: bool = False


TABLE_NAMES = ("active_disclosure", "applications", "review_litigation")


def _no_value(table: Optional[Table | ReviewLitigationTable]) -> bool:
    """No table, or one in which every cell is blank."""
    if table is None:
        return True
    if isinstance(table, Table):
        return all(v is None for row in table.rows.values() for v in row.values())
    return all(v is None for g in (table.review, table.litigation_direct, table.litigation_after_review)
               for v in g.model_dump().values())


def parse_tables(text: str, sections: Sequence[Section]) -> TableResult:
    cfg = load_config("tables.yaml")
    tables = Tables()
    template: Optional[str] = None
    spans: list[tuple[int, int]] = []
    # warnings per table: those of a table the flattened reader recovers instead are dropped
    per_table: dict[str, list[str]] = {name: [] for name in TABLE_NAMES}

    for name in TABLE_NAMES:
        # another table's anchor after this table's own ends its region (the next table's, or one printed beside it)
        stops = [a for other in TABLE_NAMES if other != name for a in cfg[other]["anchors"]]
        reg = find_region(text, sections, name, cfg[name]["anchors"], stops)
        if not reg:
            continue
        sec = next((s for s in sections if s.key == name), None)
        if sec is not None and not sec.start <= reg[0] < sec.end:
            holder = next((s for s in sections if s.start <= reg[0] < s.end), None)
            per_table[name].append(f"{name}: the table stands under the heading «{holder.title if holder else '?'}», "
                                   f"which names another table; read by its rows")
        lrows = logical_rows(text, *reg)
        w = per_table[name]
        if name == "active_disclosure":
            t, tmpl = parse_active_disclosure(lrows, text[reg[0]:reg[1]], w, text)
            if t is not None:
                tables.active_disclosure, template = t, tmpl
        elif name == "applications":
            tables.applications = parse_applications(lrows, w, text, reg)
        else:
            tables.review_litigation = parse_review_litigation(lrows, w, text, reg[0])

    # tables printed flattened onto one line without cell separators (crawled pages)
    # (a table left out because its columns are not clear is not read again by a reader that cannot tell)
    # (so is a table of which the other readers read no number at all: a flattened line taken for one blank row)
    missing = [name for name in TABLE_NAMES if _no_value(getattr(tables, name)) and UNCLEAR_WARNING not in per_table[name]
               and TRANSPOSED_WARNING not in per_table[name]]
    if missing:
        from service.tables.flattened import LEFT_OUT as FLAT_LEFT_OUT, parse_flattened

        flat_warnings: list[str] = []
        flat = parse_flattened(text, sections, flat_warnings, only=None if len(missing) == len(TABLE_NAMES) else missing)
        if flat is not None:
            ftables, ftemplate = flat
            for name in missing:
                t = getattr(ftables, name)
                if t is not None:
                    setattr(tables, name, t)
                    per_table[name] = [x for x in flat_warnings if x.startswith(name)]
                    if name == "active_disclosure":
                        template = ftemplate
            if template is None:
                template = ftemplate
        for name in missing:
            # a flattened table left out because its columns' order is not clear: its warnings say why
            # (unless the other readers already said why they left it out)
            left_out = any(x.startswith(name) and x.endswith(FLAT_LEFT_OUT) for x in flat_warnings)
            if getattr(tables, name) is None and left_out and not any("left out" in x for x in per_table[name]):
                per_table[name] = [x for x in flat_warnings if x.startswith(name)]
    undecided = False
    if template is None and (tables.applications or tables.review_litigation):
        # no active-disclosure table (left out, or pasted as a picture): the 2019 template's applications
        # table prints (六)其他处理 as one row, the 2021 template's as three; the review table is the same in both,
        # so without these rows the tables do not tell the template (`metadata.template_from_text` decides)
        rows = tables.applications.rows if tables.applications is not None else {}
        if "other" in rows:
            template = "2019"
        elif any(k in rows for k in ("other_no_correction", "other_unpaid_fee", "other_other")):
            template = "2021"
        else:
            undecided = True
    warnings = [x for name in TABLE_NAMES for x in per_table[name]]
    for t in (tables.active_disclosure, tables.applications, tables.review_litigation):
        if t is not None and t.start is not None and t.end is not None:
            spans.append((t.start, t.end))
    return TableResult(tables=tables, template=template, warnings=warnings, spans=spans, template_undecided=undecided)
