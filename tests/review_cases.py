"""Shared by the independent reviewers' tests (tests/test_review_*.py): how a record is compared with
a reviewer's expected JSON, which holds the metadata, the section keys (HTML reviews) and the table
cells chosen by the reviewer, and no offsets."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from service.pipeline import extract

# the record contract's keys (../shared/spec/record.md), written out here as the tests' reference
APP_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
REVIEW_COLS = ["upheld", "corrected", "other", "pending", "total"]
REVIEW_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
APP_ROWS_2021 = [
    "new_received", "carried_over", "granted", "partially_granted",
    "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_files", "denied_administrative_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "rejected_complaint", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_other", "total", "carried_forward",
]


def tables_without_offsets(record: dict) -> dict:
    """The three tables of a record (`Record.model_dump(mode="json")`) without their offsets."""
    return {name: None if t is None else {k: v for k, v in t.items() if k not in ("start", "end")}
            for name, t in record["tables"].items()}


def assert_case(record: dict, expected: dict) -> None:
    """The record's tables are the expected ones, and its warnings name what the case says they name (and not
    what it says they must not)."""
    assert tables_without_offsets(record) == expected["tables"]
    for w in expected["warn_contains"]:
        assert any(w in x for x in record["warnings"]), w
    for w in expected["warn_absent"]:
        assert not any(w in x for x in record["warnings"]), w


def read_case(document: Path, expected: Path) -> tuple[dict, dict]:
    """Extract a reviewer's document; assert it gave a record with the expected metadata (the fields
    the expected JSON names) and, where the expected JSON lists them, section keys. Returns
    (record as JSON, expected); the tables are for the caller to compare."""
    exp = json.loads(expected.read_text(encoding="utf-8"))
    rec = extract(document).model_dump(mode="json")
    assert rec.get("error") is None
    assert {k: rec["metadata"][k] for k in exp["metadata"]} == exp["metadata"]
    if "sections" in exp:
        assert [s["key"] for s in rec["sections"]] == exp["sections"]
    return rec, exp


def build_generated_cases(folder: Path, out: Path) -> Path:
    """Run a reviewer's `make_cases.py` (in `folder`) to write its documents into `out` (DOCX cases are
    generated at test time rather than committed as binaries); returns `out`."""
    spec = importlib.util.spec_from_file_location(f"{folder.name}_make_cases", folder / "make_cases.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.build(out)
    return out
