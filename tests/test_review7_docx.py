"""Review round 7 (DOCX): Word reports built by tests/fixtures/review7_docx/make_cases.py from numbers
chosen by hand (the expected JSON beside it comes from the same numbers, not from the parser): headings
as auto-numbered list paragraphs and as Heading styles linked to a multilevel list (the 一、 is no part of
the text), the title and the applications table inside content controls (WPS / Word cover pages), tracked
insertions and deletions in table cells, a 2019-template report without its active-disclosure table; also
merged headers, tables split by a page break or typed twice with their header, text boxes, header/footer,
bold-run headings, blank cells, cells of several paragraphs, traditional characters.

A blank 总计 cell in a row whose label is merged over two label columns (c13): the grid renders the merge's
second position as an empty cell too (`label | | 4 | … | 0 | `); the row's cells are taken at the header's
grid column positions (`column_order.place_by_grid`), so the values keep their columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.ingest import load_document
from service.ingest.docx_numbering import format_number
from tests.review_cases import build_generated_cases, read_case, tables_without_offsets

pytest.importorskip("docx")
FIX = Path(__file__).parent / "fixtures" / "review7_docx"
CASES = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_generated_cases(FIX, tmp_path_factory.mktemp("review7_docx"))


@pytest.mark.parametrize("case", CASES)
def test_word_report_gives_the_chosen_tables_metadata_and_sections(built, case):
    rec, exp = read_case(built / f"{case}.docx", FIX / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]


def test_blank_cells_are_null_and_named(built):
    rec, _exp = read_case(built / "c06_blanks_multipara_spaced.docx", FIX / "c06_blanks_multipara_spaced.expected.json")
    blanks = {w.split("blank cell at ")[1].split(" ")[0] for w in rec["warnings"] if "blank cell at" in w}
    assert blanks == {"denied_state_secret.research", "rejected_publication.social_welfare",
                      "carried_forward.other_org", "litigation_after_review.upheld"}


def test_auto_numbered_headings_read_with_their_labels(built):
    text = load_document(built / "c14_heading_styles_in_multilevel_list.docx").text
    lines = text.splitlines()
    assert "一、总体情况" in lines and "（二）依申请公开情况" in lines and "二、主动公开政府信息情况" in lines
    assert "六、其他需要报告的事项" in lines


def test_tracked_deletions_are_left_out(built):
    text = load_document(built / "c08_tracked_changes_comment.docx").text
    row = next(line for line in text.splitlines() if "予以公开" in line)
    assert [c for c in row.split(" | ") if c.strip()][2:] == ["6", "0", "0", "0", "1", "0", "7"]


@pytest.mark.parametrize("n, fmt, shown", [
    (1, "chineseCounting", "一"), (11, "chineseCounting", "十一"), (20, "chineseCountingThousand", "二十"),
    (3, "decimal", "3"), (2, "ideographTraditional", "乙"), (4, "decimalEnclosedCircle", "④"),
    (12, "decimalFullWidth", "１２"), (3, "upperLetter", "C"), (4, "lowerRoman", "iv"), (7, "bogusFormat", "7"),
])
def test_list_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_expected_files_hold_only_contract_keys():
    for case in CASES:
        exp = json.loads((FIX / f"{case}.expected.json").read_text(encoding="utf-8"))
        assert set(exp) == {"metadata", "sections", "tables"}
