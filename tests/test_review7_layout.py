"""Review round 7 (whitespace-aligned PDF tables, as PDF files and as `pdftotext -layout` text): hand-chosen
numbers drawn by tests/fixtures/review7_layout/make_cases.py (borderless tables, reportlab); the expected JSON
comes from the same numbers, never from the parser.

Layouts: wrapped row labels with their numbers on the first, last or middle line (or half-way between two
lines); merged group labels ((三)不予公开, (六)其他处理) in a column of their own beside an item's label;
labels split by stray gaps (`三 、本 年 度办 理 结果`) and with lost characters (`2.其他法律行政止公开`); header
cells broken over up to four lines; page footers (`- 3 -`, `第 3 页 共 5 页`) and headers repeated inside a
table, also between the two lines of a row broken by the page; the 2019 template (negative and `+3`
本年增/减, `278.334万元` and `2783340元`, (六)其他处理 as one row); very narrow columns; traditional characters;
a report without a review table (null). Defects found here:

- `（六）其他处理 1.申请人无正` (the group heading beside the first line of a wrapped item label) was read as
  the 2019 template's single (六)其他处理 row and then dropped, losing row 1 of (六);
- a wrapped label whose last line is one character (`三、本年度办理结果（一）予以公` / `开`) lost the row;
- a header repeated after a page break between the two lines of a broken row (`（二）部分公开（区分处理的，` /
  header / `只计这一情形…） 6 0 …`) lost the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.config import load_config
from service.tables.cells import Cell, LogicalRow
from service.tables.rows import match_label, row_specs
from tests.review_cases import read_case, tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review7_layout"
CASES = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json"))


def _document(name: str) -> Path:
    return FIX / (name if name.endswith(".txt") else f"{name}.pdf")


def test_fixture_set_is_present() -> None:
    assert {"c01_wrap_numbers_first_line_footer", "c06_group_column_stray_gaps_lost_chars.txt",
            "c07_township_zeros_repeated_split_header", "c11_row_broken_by_page_no_review_table",
            "c13_template2019_plus_sign_yuan_page_break"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_review7_layout_case(name: str) -> None:
    rec, exp = read_case(_document(name), FIX / f"{name}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    # the tables' own sums hold, so every check passes and nothing is reported as blank or left out
    assert [c["id"] for c in rec["checks"] if c["status"] == "fail"] == []
    # (a table the report does not print is null and named once: `<table>: table not found …`)
    absent = tuple(f"{t}: table not found" for t, v in exp["tables"].items() if v is None)
    assert [w for w in rec["warnings"] if not w.startswith(absent or ("\0",))] == []


def _row(*texts: str) -> LogicalRow:
    return LogicalRow(label=[Cell(kind="text", text=t, start=0, end=len(t)) for t in texts], layout="space")


def test_group_heading_beside_an_item_label_is_not_that_row() -> None:
    cfg = load_config("tables.yaml")
    specs = row_specs(cfg["applications"]["rows"], cfg["applications"]["columns"])
    th = cfg["fuzzy_threshold"]
    assert match_label(_row("（六）其他处理"), specs, th).key == "other"
    assert match_label(_row("（六）其他处理", "1.申请人无正"), specs, th) is None
    assert match_label(_row("（六）其他处理", "政机关不再处理其政府信息公开申请"), specs, th) is None
    assert match_label(_row("（六）其他处理", "3.其他"), specs, th).key == "other_other"
    # lost characters are still tolerated when the label is split by a stray gap
    assert match_label(_row("2.其他法律", "行政止公开"), specs, th).key == "denied_prohibited_by_law"
