"""Parquet output of a batch: one row per document with every table cell as a column
(`applications.new_received.total`), and the claims in a second file (`<out>.claims.parquet`)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from service.config import load_config
from service.record import Record


def table_columns() -> list[str]:
    cfg = load_config("tables.yaml")
    cols = []
    for row in cfg["applications"]["rows"]:
        cols += [f"applications.{row}.{c}" for c in cfg["applications"]["columns"]]
    seen = set()
    for tmpl in cfg["active_disclosure"]["templates"].values():
        for row, spec in tmpl["rows"].items():
            for c in spec.get("columns", []):
                name = f"active_disclosure.{row}.{c}"
                if name not in seen:
                    seen.add(name)
                    cols.append(name)
    rl = cfg["review_litigation"]
    cols += [f"review_litigation.{g}.{c}" for g in rl["groups"] for c in rl["columns"]]
    return cols


def document_row(r: Record) -> dict:
    row = {
        "document_id": r.document.id,
        "source": r.document.source,
        "format": r.document.format,
        "chars": r.document.chars,
        "script": r.document.script,
        "agency": r.metadata.agency,
        "year": r.metadata.year,
        "publish_date": r.metadata.publish_date,
        "template": r.metadata.template,
        "error": r.error,
        "claims": len(r.claims),
        "checks_failed": sum(1 for c in r.checks if c.status == "fail"),
        "warnings": "\n".join(r.warnings),
    }
    cells = {c: None for c in table_columns()}
    t = r.tables
    for name in ("applications", "active_disclosure"):
        tab = getattr(t, name)
        if tab is not None:
            for rk, vals in tab.rows.items():
                for ck, v in vals.items():
                    cells[f"{name}.{rk}.{ck}"] = None if v is None else float(v)
    if t.review_litigation is not None:
        for g in ("review", "litigation_direct", "litigation_after_review"):
            for ck, v in getattr(t.review_litigation, g).model_dump().items():
                cells[f"review_litigation.{g}.{ck}"] = None if v is None else float(v)
    row.update(cells)
    return row


def write_parquet(records: list[Record], out: Path) -> None:
    docs = [document_row(r) for r in records]
    schema_cells = [(c, pa.float64()) for c in table_columns()]
    base = [
        ("document_id", pa.string()), ("source", pa.string()), ("format", pa.string()), ("chars", pa.int64()),
        ("script", pa.string()), ("agency", pa.string()), ("year", pa.int64()), ("publish_date", pa.string()),
        ("template", pa.string()), ("error", pa.string()), ("claims", pa.int64()), ("checks_failed", pa.int64()),
        ("warnings", pa.string()),
    ]
    schema = pa.schema(base + schema_cells)
    pq.write_table(pa.Table.from_pylist(docs, schema=schema), out)
    claims = []
    for r in records:
        for c in r.claims:
            d = c.model_dump()
            d["document_id"] = r.document.id
            d["metric_start"], d["metric_end"] = d.pop("metric_span")
            d["value_start"], d["value_end"] = d.pop("value_span")
            claims.append(d)
    claims_out = out.with_name(out.name.replace(".parquet", "") + ".claims.parquet")
    cschema = pa.schema([
        ("document_id", pa.string()), ("metric", pa.string()), ("value", pa.float64()), ("unit", pa.string()),
        ("comparator", pa.string()), ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("metric_start", pa.int64()), ("metric_end", pa.int64()), ("value_start", pa.int64()), ("value_end", pa.int64()),
        ("section", pa.string()), ("source", pa.string()), ("confidence", pa.float64()),
    ])
    pq.write_table(pa.Table.from_pylist(claims, schema=cschema), claims_out)
