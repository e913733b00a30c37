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


_BASE = [
    ("document_id", pa.string()), ("source", pa.string()), ("format", pa.string()), ("chars", pa.int64()),
    ("script", pa.string()), ("agency", pa.string()), ("year", pa.int64()), ("publish_date", pa.string()),
    ("template", pa.string()), ("error", pa.string()), ("claims", pa.int64()), ("checks_failed", pa.int64()),
    ("warnings", pa.string()),
]
_CLAIMS = pa.schema([
    ("document_id", pa.string()), ("metric", pa.string()), ("value", pa.float64()), ("unit", pa.string()),
    ("comparator", pa.string()), ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
    ("metric_start", pa.int64()), ("metric_end", pa.int64()), ("value_start", pa.int64()), ("value_end", pa.int64()),
    ("section", pa.string()), ("source", pa.string()), ("confidence", pa.float64()),
])


def claim_rows(r: Record) -> list[dict]:
    rows = []
    for c in r.claims:
        d = c.model_dump()
        d["document_id"] = r.document.id
        d["metric_start"], d["metric_end"] = d.pop("metric_span")
        d["value_start"], d["value_end"] = d.pop("value_span")
        rows.append(d)
    return rows


def claims_path(out: Path) -> Path:
    return out.with_name(out.name.replace(".parquet", "") + ".claims.parquet")


class ParquetSink:
    """Writes records as they come, in row groups of `batch` documents, so a large batch is never
    held in memory: `<out>` (one row per document) and `<out>.claims.parquet` (one row per claim)."""

    def __init__(self, out: Path, batch: int = 1000):
        self.schema = pa.schema(_BASE + [(c, pa.float64()) for c in table_columns()])
        self.docs = pq.ParquetWriter(out, self.schema)
        self.claims = pq.ParquetWriter(claims_path(out), _CLAIMS)
        self.batch = batch
        self._docs: list[dict] = []
        self._claims: list[dict] = []

    def add(self, r: Record) -> None:
        self._docs.append(document_row(r))
        self._claims += claim_rows(r)
        if len(self._docs) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        if self._docs:
            self.docs.write_table(pa.Table.from_pylist(self._docs, schema=self.schema))
        if self._claims:
            self.claims.write_table(pa.Table.from_pylist(self._claims, schema=_CLAIMS))
        self._docs, self._claims = [], []

    def close(self) -> None:
        self._flush()
        self.docs.close()
        self.claims.close()


def write_parquet(records: list[Record], out: Path) -> None:
    sink = ParquetSink(out)
    for r in records:
        sink.add(r)
    sink.close()
