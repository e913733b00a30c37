"""Tables written as bare lines: a row's label on one line, then each of its values on a line of its own, no `|`
(a web page's table copied as text). Hand-written cases; the expected rows are the numbers the case was written
with, never the parser's output. A value must never move to a neighbouring row without a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.pipeline import extract

FIXTURES = Path(__file__).parent / "fixtures" / "bare_lines"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def _run(name: str) -> tuple[dict, dict]:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    record = extract((FIXTURES / f"{name}.txt").read_bytes(), f"{name}.txt")
    assert record.error is None
    return record.model_dump(mode="json"), expected


@pytest.mark.parametrize("name", CASES)
def test_rows_read_with_their_own_label(name: str) -> None:
    record, expected = _run(name)
    table = record["tables"][expected["table"]]
    assert table is not None
    assert table["rows"] == expected["rows"]


def test_a_value_run_shorter_than_its_row_is_named_not_shifted() -> None:
    # 规章 prints two of its three values (the blank one is an empty line): the row is left out and named
    record, _ = _run("empty_line_blanks")
    assert "regulations" not in record["tables"]["active_disclosure"]["rows"]
    assert any(w.startswith("active_disclosure: row regulations") for w in record["warnings"])


def test_undecidable_layout_is_left_out_with_a_warning_naming_the_table() -> None:
    record, expected = _run("ambiguous")
    assert "licensing" not in record["tables"]["active_disclosure"]["rows"]
    assert any(w.startswith("active_disclosure:") and expected["warning"] in w for w in record["warnings"])


def test_blank_dash_lines_are_blank_cells_and_named() -> None:
    record, _ = _run("dash_blanks_mixed")
    assert "active_disclosure: blank cell at penalty.decisions (counted as 0 in checks)" in record["warnings"]
