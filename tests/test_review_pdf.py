"""Independent review of the PDF path with hand-made reports (tests/fixtures/review_pdf, built by
make_cases.py there from chosen numbers; the expected JSON comes from the same numbers):
three-line tables, tables without left/right borders, Word-style filled-bar borders (thin, and a
2.25 pt outer frame) with 分散对齐 labels, landscape pages on portrait media (/Rotate 90 and 270),
a date in Chinese numerals."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.ingest.pdf_rules import side_rules
from service.metadata import extract_metadata
from tests.review_cases import read_case, tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review_pdf"
CASES = sorted(p.stem for p in FIX.glob("*.pdf"))


@pytest.mark.parametrize("stem", CASES)
def test_review_pdf_case(stem: str) -> None:
    rec, exp = read_case(FIX / f"{stem}.pdf", FIX / f"{stem}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]


def test_fixture_set_is_present() -> None:
    assert {"c15_rotated_landscape", "c16_open_sides_2019_blank", "c18_thick_frame"} <= set(CASES)


@pytest.mark.parametrize(
    "line, iso",
    [("二〇二四年一月十九日", "2024-01-19"), ("二○二三年十二月三十一日", "2023-12-31"), ("二〇二四年十三月一日", None),
     ("二〇二四年十十月一日", None)],
)
def test_publish_date_in_chinese_numerals(line: str, iso) -> None:
    text = "某某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n某某局\n" + line + "\n"
    meta, _ = extract_metadata(text, [], None)
    assert meta.publish_date == iso


def _h(x0: float, x1: float, top: float) -> dict:
    return {"orientation": "h", "x0": x0, "x1": x1, "top": top, "bottom": top}


def _v(x: float, top: float, bottom: float) -> dict:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}


def test_side_rules_close_an_open_sided_table_only() -> None:
    rows = [_h(60, 500, y) for y in (100, 120, 140)]
    inner = [_v(x, 100, 140) for x in (200, 300, 400)]
    sides = side_rules(rows + inner, 3)
    assert sorted((round(e["x0"]), e["top"], e["bottom"]) for e in sides) == [(60, 100, 140), (500, 100, 140)]
    # a ruled table: nothing added; a three-line table (no vertical rules): nothing added
    assert side_rules(rows + inner + [_v(60, 100, 140), _v(500, 100, 140)], 3) == []
    assert side_rules(rows, 3) == []
    # two open tables of one width with prose between: each closed on its own rows, not across the gap
    lower = [_h(60, 500, y) for y in (300, 320)] + [_v(250, 300, 320)]
    spans = sorted((e["top"], e["bottom"]) for e in side_rules(rows + inner + lower, 3) if round(e["x0"]) == 60)
    assert spans == [(100, 140), (300, 320)]
