"""Shared by the independent reviewers' tests (tests/test_review_*.py): how a record's tables are
compared with a reviewer's expected JSON, which holds the cells and no offsets."""

from __future__ import annotations


def tables_without_offsets(record: dict) -> dict:
    """The three tables of a record (`Record.model_dump(mode="json")`) without their offsets."""
    return {name: None if t is None else {k: v for k, v in t.items() if k not in ("start", "end")}
            for name, t in record["tables"].items()}
