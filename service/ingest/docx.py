"""DOCX → text with python-docx: body paragraphs and tables in document order; a table is one
`cell | cell` line per row. python-docx repeats a merged cell's object in every grid position it
covers; its text is kept in the first (top-left) position only, the others are empty."""

from __future__ import annotations

import io
from typing import Optional

from service.errors import IngestError
from service.ingest.rows import render_grid


def docx_to_text(data: bytes, source: str, warnings: list[str]) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as e:  # pragma: no cover - python-docx is a declared dependency
        raise IngestError(source, f"DOCX support is not installed ({e})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, BadZipFile, XML errors... for broken files
        raise IngestError(source, f"corrupt DOCX ({type(e).__name__})") from None
    try:
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.extend(line.strip() for line in block.text.split("\n") if line.strip())
            elif isinstance(block, Table):
                lines.extend(_table_lines(block, warnings))
    except Exception as e:
        raise IngestError(source, f"unreadable DOCX content ({type(e).__name__}: {e})") from None
    return "\n".join(lines)


def _table_lines(table, warnings: list[str]) -> list[str]:
    grid: list[list[Optional[str]]] = []
    seen: list[object] = []  # the <w:tc> elements already written (a merge repeats them)
    nested = 0
    for row in table.rows:
        cells: list[Optional[str]] = [""] * row.grid_cols_before
        for cell in row.cells:
            tc = cell._tc  # python-docx exposes no public identity for a merged cell
            if any(tc is s for s in seen):
                cells.append("")
                continue
            seen.append(tc)
            nested += len(cell.tables)
            cells.append("\n".join(p.text for p in cell.paragraphs))
        cells.extend([""] * row.grid_cols_after)
        grid.append(cells)
    if nested:
        warnings.append(f"{nested} table(s) nested inside DOCX table cells were not read")
    width = max((len(r) for r in grid), default=0)
    return render_grid([r + [""] * (width - len(r)) for r in grid])
