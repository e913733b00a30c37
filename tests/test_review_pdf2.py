"""Independent review of PDF tables ruled with horizontal lines only (三线表) that have blank cells
(tests/fixtures/review_pdf2, built by make_cases.py there from chosen numbers; the expected JSON
comes from the same numbers): 2021 and 2019 templates, numbers centred or right-aligned, blanks in
the first, middle and last cells of a row and of the review table, a table broken over a page, and a
row whose numbers stand under no column (left out, never guessed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.ingest import load_document
from service.ingest.pdf_blanks import BLANK, _assign
from service.pipeline import extract
from service.tables.cells import logical_rows
from service.tables.review_litigation import parse_review_litigation
from tests.review_cases import read_case, tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review_pdf2"
CASES = sorted(p.stem for p in FIX.glob("*.pdf"))


def _nulls(tables: dict) -> list[tuple[str, str, str]]:
    out = []
    for name, t in tables.items():
        rows = (t or {}).get("rows", t) or {}
        out += [(name, r, c) for r, cols in rows.items() for c, v in cols.items() if v is None]
    return out


@pytest.mark.parametrize("stem", CASES)
def test_review_pdf2_case(stem: str) -> None:
    rec, exp = read_case(FIX / f"{stem}.pdf", FIX / f"{stem}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    blanks = _nulls(exp["tables"])
    assert blanks  # every case has blank cells
    for name, row, col in blanks:
        assert any(w.startswith(name) and f"{row}.{col}" in w for w in rec["warnings"]), (name, row, col)


def test_fixture_set_is_present() -> None:
    assert {"p01_hrules_2021_centred", "p02_hrules_2019_right", "p05_hrules_typed_numbers"} <= set(CASES)


def test_only_rows_with_blanks_change() -> None:
    """The rows with a blank get a blank token in their column; full rows and the 2021 active
    table's one-number rows (a value over three columns) stay as printed."""
    text = load_document(str(FIX / "p01_hrules_2021_centred.pdf"), "p01").text
    marked = [line for line in text.splitlines() if BLANK in line]
    assert marked == [
        "行政规范性文件 — 2 19",
        "理 4.保护第三方合法权益 0 0 0 0 — 0 0",
        "（五）不予处 3.要求提供公开出版物 — 0 0 0 0 0 0",
        "— 1 0 0 1 1 0 0 0 1 0 0 0 0 0",
    ]
    assert "行政许可 733" in text.splitlines()


def test_numbers_under_no_column_are_not_placed() -> None:
    """Numbers typed with spaces into one wide cell stand under no column: the line stays as printed
    and the row is left out with a warning (no guessed column)."""
    doc = load_document(str(FIX / "p05_hrules_typed_numbers.pdf"), "p05")
    assert "3.危及“三安全一稳定” 0 0 0 0 0 0" in doc.text.splitlines()
    rec = extract(str(FIX / "p05_hrules_typed_numbers.pdf")).model_dump(mode="json")
    assert "denied_security_stability" not in rec["tables"]["applications"]["rows"]
    assert any("denied_security_stability" in w for w in rec["warnings"])


def _w(x0: float, x1: float):
    from service.ingest.pdf_blanks import _Word

    return _Word("0", x0, x1)


def test_assign_refuses_numbers_between_columns() -> None:
    anchors = {"mid": [100.0, 140.0, 180.0, 220.0], "right": [102.0, 142.0, 182.0, 222.0]}
    # under columns 0, 2, 3 (centred): column 1 is blank
    assert _assign([_w(98, 102), _w(178, 182), _w(218, 222)], anchors, 0.15, 0.15) == [0, 2, 3]
    # the second number half-way between two columns: no reading
    assert _assign([_w(98, 102), _w(158, 162), _w(218, 222)], anchors, 0.15, 0.15) is None
    # one offset for the whole row (header anchors): both readings of a shifted row must agree
    assert _assign([_w(118, 122), _w(158, 162), _w(198, 202)], anchors, 0.15, 0.45) is None


def test_dash_before_numbers_is_a_cell_on_space_lines_only() -> None:
    text = "— 1 0 0 1\n|  | 2 | 3 |\n"
    rows = logical_rows(text, 0, len(text))
    assert [c.kind for c in rows[0].values] == ["blank", "num", "num", "num", "num"]
    # a grid line of values only keeps its empty first cell (the first column left blank); the readers
    # drop leading blanks only when the row has more cells than columns
    assert [c.kind for c in rows[1].values] == ["blank", "num", "num"]
    text = "|  | (二)部分公开 | 2 | 3 |\n"
    assert [c.kind for c in logical_rows(text, 0, len(text))[-1].values] == ["num", "num"]  # stray: before a label


def test_review_table_with_its_first_cell_blank() -> None:
    text = "行政复议 行政诉讼\n— 1 0 0 1 0 0 0 0 0 0 0 0 0 0\n"
    warnings: list[str] = []
    t = parse_review_litigation(logical_rows(text, 0, len(text)), warnings)
    assert t is not None
    assert t.review.upheld is None and t.review.corrected == 1 and t.review.total == 1
    assert any("review.upheld" in w for w in warnings)


def _text_line(top: float, words: list[tuple[str, float]]) -> dict:
    """A pdfplumber text line: each word (text, x0) drawn with 6 pt wide characters."""
    chars = [{"text": ch, "x0": x0 + 6 * i, "x1": x0 + 6 * i + 6} for text, x0 in words for i, ch in enumerate(text)]
    return {"text": " ".join(t for t, _ in words), "top": top, "chars": chars}


def _rules(x0: float, x1: float, *tops: float) -> list[dict]:
    return [{"orientation": "h", "x0": x0, "x1": x1, "top": t, "bottom": t} for t in tops]


CFG = {"table_settings": {"snap_tolerance": 3}, "blank_cell_tolerance": 0.15, "blank_cell_max_shift": 0.45}


def test_printed_dash_is_a_cell_and_short_rows_get_blanks() -> None:
    from service.ingest.pdf_blanks import mark_blank_cells

    lines = [
        _text_line(105, [("信息内容", 60), ("上年", 200), ("本年", 300), ("决定", 400)]),
        _text_line(125, [("行政许可", 60), ("46", 206), ("—", 303), ("1502", 400)]),  # printed dash: full row
        _text_line(145, [("行政处罚", 60), ("9", 209), ("1", 309), ("64", 406)]),
        _text_line(165, [("行政强制", 60), ("3", 209), ("5", 409)]),  # blank in the middle column
        _text_line(185, [("行政征收", 60), ("3", 259), ("5", 409)]),  # a number between two columns
    ]
    marked = mark_blank_cells(lines, _rules(50, 460, 100, 120, 200), CFG)
    assert marked == {3: "行政强制 3 — 5"}
    # with a vertical rule in the table, the table finder reads it: no change here
    vertical = [{"orientation": "v", "x0": 190, "x1": 190, "top": 100, "bottom": 200}]
    assert mark_blank_cells(lines, _rules(50, 460, 100, 120, 200) + vertical, CFG) == {}
