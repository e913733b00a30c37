"""One document in, one record out: ingest → normalise → sections → tables → claims → checks → record.

`extract` never raises for a bad document: the record's `error` names the file and the reason."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional, Union

from service.checks import run_checks
from service.errors import IngestError
from service.ingest import RawDocument, load_document
from service.metadata import extract_metadata
from service.normalise import detect_script, normalise
from service.record import DocumentInfo, Record
from service.sections import find_sections
from service.tables import parse_tables

log = logging.getLogger(__name__)


def error_record(source: str, reason: str, doc_id: Optional[str] = None) -> Record:
    return Record(document=DocumentInfo(id=doc_id, source=source), error=f"{source}: {reason}")


def record_from_raw(raw: RawDocument, model: object | None = None) -> Record:
    norm = normalise(raw.text)
    text = norm.text
    sections = find_sections(text)
    tab = parse_tables(text, sections)
    from service.tables.absent import absent_table_warnings

    absent = absent_table_warnings(text, sections, tab.tables, raw.images, tab.warnings)
    metadata, meta_warnings = extract_metadata(
        text, sections, tab.template, page_furniture=[normalise(x).text for x in raw.page_furniture],
        template_undecided=tab.template_undecided)
    from service.claims.extractor import extract_claims

    claims = extract_claims(text, sections=sections, exclude_spans=tab.spans, model=model)
    checks = run_checks(tab.tables)
    from service.claims.narrative_checks import narrative_checks

    checks += narrative_checks(text, claims, tab.tables, sections)
    return Record(
        document=DocumentInfo(
            id=raw.sha256, source=raw.source, format=raw.format, chars=len(text), script=detect_script(norm)
        ),
        metadata=metadata,
        sections=sections,
        tables=tab.tables,
        claims=claims,
        checks=checks,
        warnings=raw.warnings + tab.warnings + absent + meta_warnings,
    )


def extract(src: Union[str, Path, bytes], source: Optional[str] = None, model: object | None = None) -> Record:
    """Extract one document (a path, or bytes named by `source`)."""
    name = source or (str(src) if isinstance(src, (str, Path)) else "<bytes>")
    try:
        raw = load_document(src, name)
    except IngestError as e:
        return error_record(e.source, e.reason)
    except Exception as e:  # noqa: BLE001 - a reader bug must not take down a batch
        log.exception("reading %s failed", name)
        return error_record(name, f"could not be read ({type(e).__name__}: {e})")
    try:
        return record_from_raw(raw, model=model)
    except Exception as e:  # noqa: BLE001
        log.exception("extracting %s failed", name)
        return error_record(name, f"internal error while extracting ({type(e).__name__}: {e})", raw.sha256)
