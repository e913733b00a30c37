"""行政复议/行政诉讼 table: blank cells and separate tables in every layout (independent review, hand-written
fixtures in tests/fixtures/review_rl2/).

- a blank first cell (复议 结果维持 left empty) is that column's null, never skipped as a header blank
  (skipping it shifted the following 14 values one column);
- the table printed as two or three tables (复议 / 诉讼) keeps each table's blank cells in place and the
  header rows' merged blanks out;
- PDF text (`pdftotext -layout`): a sentence with spaced numbers (`被申请行政复议 4 件`) is not a table row;
  a blank cell printed as a dash is that column's null, one that leaves no trace leaves the table out
  with a warning;
- more numbers than columns (a row of column numbers) leaves the table out rather than guessing."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.pipeline import extract

FIX = Path(__file__).resolve().parent / "fixtures" / "review_rl2"
COLS = ["upheld", "corrected", "other", "pending", "total"]
GROUPS = ["review", "litigation_direct", "litigation_after_review"]
BLANK_FIRST = [[None, 1, 0, 1, 2], [3, 0, 1, 0, 4], [1, 1, 0, 0, 2]]


def _review(path: Path) -> tuple[list[list], list[str]]:
    rec = extract(path, model=None)
    assert rec.error is None
    t = rec.tables.review_litigation
    assert t is not None, rec.warnings
    got = [[getattr(getattr(t, g), c) for c in COLS] for g in GROUPS]
    return got, rec.warnings


@pytest.mark.parametrize(
    "name, expected, blank",
    [
        ("pipe_blank_first.txt", BLANK_FIRST, ["review.upheld"]),
        ("stream_blank_first.txt", BLANK_FIRST, ["review.upheld"]),
        ("tab_blank_first_and_last.txt", [[None, 1, 0, 1, 2], [3, 0, 1, 0, 4], [1, 1, 0, 0, None]], ["review.upheld", "litigation_after_review.total"]),
        ("html_blank_cells.html", [[None, 1, 0, 1, 2], [3, 0, None, 0, 3], [1, 1, 0, 0, 2]], ["review.upheld", "litigation_direct.other"]),
        ("pipe_two_tables.txt", [[2, 1, 0, 1, 4], [None, 0, 1, 0, 1], [1, 1, 0, 0, 2]], ["litigation_direct.upheld"]),
        ("space_dash_blanks.txt", [[None, 1, 0, 1, 2], [3, 0, 1, 0, 4], [1, 1, 0, 0, None]], ["review.upheld", "litigation_after_review.total"]),
    ],
)
def test_blank_cells_stay_in_their_column(name, expected, blank):
    got, warnings = _review(FIX / name)
    assert got == expected
    named = [w for w in warnings if w.startswith("review_litigation: blank cell")]
    assert len(named) == len(blank) and all(any(b in w for w in named) for b in blank)


def test_docx_blank_first_cell(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for p in ["青禾县水务局2023年政府信息公开工作年度报告", "四、政府信息公开行政复议、行政诉讼情况"]:
        d.add_paragraph(p)
    t = d.add_table(rows=3, cols=15)
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 9)).text = "未经复议直接起诉"
    t.cell(0, 10).merge(t.cell(0, 14)).text = "复议后起诉"
    for i, h in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3):
        t.cell(1, i).text = h
    for i, v in enumerate(["", "1", "0", "1", "2", "3", "0", "1", "0", "4", "1", "1", "0", "0", "2"]):
        t.cell(2, i).text = v
    d.add_paragraph("五、存在的主要问题及改进情况")
    path = tmp_path / "blank_first.docx"
    d.save(str(path))
    got, warnings = _review(path)
    assert got == BLANK_FIRST
    assert any("blank cell at review.upheld" in w for w in warnings)


def test_pdf_text_sentence_with_spaced_numbers_is_not_a_row():
    got, warnings = _review(FIX / "space_prose_numbers.txt")
    assert got == [[2, 1, 0, 1, 4], [3, 0, 1, 0, 4], [1, 1, 0, 0, 2]]
    assert not any(w.startswith("review_litigation") for w in warnings)


@pytest.mark.parametrize("name", ["space_blank_first.txt", "numbered_columns_row.txt"])
def test_unclear_columns_leave_the_table_out(name):
    rec = extract(FIX / name, model=None)
    assert rec.tables.review_litigation is None
    assert any(w.startswith("review_litigation") and "table left out" in w for w in rec.warnings)


def test_application_rows_with_a_blank_first_cell():
    rec = extract(FIX / "pipe_applications_blank_first.txt", model=None)
    rows = rec.tables.applications.rows
    assert rows["granted"] == {"natural_person": None, "commercial": 1, "research": 0, "social_welfare": 0,
                               "legal_services": 0, "other_org": 0, "total": 1}
    assert rows["total"]["natural_person"] == 4 and rows["carried_forward"]["total"] == 1
    assert any("blank cell at granted.natural_person" in w for w in rec.warnings)
