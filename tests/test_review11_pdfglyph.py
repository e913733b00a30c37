"""Review round 11 (PDF text-layer oddities of real exporters): hand-chosen numbers drawn by
tests/fixtures/review11_pdfglyph/make_cases.py (its own reportlab writer glyphpdf.py, STSong-Light); the expected JSON
comes from the same numbers, never from the parser.

Layouts: fake bold (every glyph of the title, headings and table labels drawn again 0.2–0.5 pt to the side, twice or
three times, sideways and down); letter-spaced headings and labels (one text object per character) and numbers drawn
one digit at a time from the right edge, also with a gap between digits; a diagonal watermark (`内部资料`) over the
tables, a red round seal's ring of text over the review table, large pale upright watermarks over ruled cells; a
running header line inside the applications table's box (ruled and whitespace-aligned); the tables on landscape
pages; the applications table turned 90° on a portrait page (either way, ruled and not); 3-row headers with
vertically merged cells and labels wrapped onto 3 lines in whitespace-aligned tables, both templates, traditional
characters, numbers at the top of their rows; footnotes (`注：1.本表数据统计时间截至…`) under the tables and a page
number `— 5 —` between two rows.

Defects found here:

- fake bold drawn a fraction of a point lower: pdfminer derives the copy's size from its matrix (10.500000000000057),
  so `_dedupe_chars` (keyed on the exact size) kept both copies: `五五、、存存在在…` lost the section, and a label
  `22..其其他他法法律律…` lost its row (`pdf._dedupe_chars` now rounds the size);
- a diagonal watermark's and a seal's characters were read into ruled cells: `参87` (the 行政处罚 row dropped without a
  warning), `东0`, `★ 0` (the review table left out); a large pale upright watermark gave `内部资料1268` (the 行政许可 row
  dropped without a warning). Characters written at an angle (and the rest of their colour when most of it is), and
  large pale ones, are no longer read (`pdf_overlays.overlay_chars`); pdfium, which gives no colour, leaves pages
  with pale text to pdfminer (`pdfium_objects._chars`);
- a table turned 90° on a portrait page (no /Rotate) was read column by column with its labels backwards
  (`况情人请申计总`), the applications table null; such a page is now read turned (`pdf_turned`)."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from service.ingest import load_document
from service.ingest import pdf as pdf_ingest
from service.ingest.pdf_overlays import overlay_chars
from service.ingest.pdf_turned import quarter_turn
from service.ingest.pdfium_objects import PdfiumPages
from tests.review_cases import read_case, tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review11_pdfglyph"
CASES = sorted(p.stem for p in FIX.glob("*.pdf"))


@pytest.mark.parametrize("stem", CASES)
def test_review11_pdfglyph_case(stem: str) -> None:
    rec, exp = read_case(FIX / f"{stem}.pdf", FIX / f"{stem}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    assert not [w for w in rec["warnings"] if "left out" in w or "not found" in w], rec["warnings"]


def test_fixture_set_is_present() -> None:
    assert len(CASES) == 15 and {"g02_fake_bold_triple_unruled", "g05_watermark_seal_grid", "g08_rotated_apps_table",
                                 "g14_flat_watermark_header_band_grid"} <= set(CASES)


def test_fake_bold_copies_are_read_once() -> None:
    text = load_document(FIX / "g02_fake_bold_triple_unruled.pdf").text
    assert "五、存在的主要问题及改进情况" in text and "2.其他法律行政法规禁止公开" in text
    assert "信信" not in text and "五五" not in text


def test_watermark_and_seal_text_is_not_read() -> None:
    text = load_document(FIX / "g05_watermark_seal_grid.pdf").text
    assert "行政处罚 | 87 |" in text and "3 | 1 | 0 | 1 | 5 | 2 | 0 | 1 | 0 | 3 | 1 | 0 | 0 | 1 | 2" in text
    assert "内部资料" not in text and "资" not in text.replace("资源", "") and "★" not in text
    text = load_document(FIX / "g14_flat_watermark_header_band_grid.pdf").text
    assert "行政许可 | 1268 |" in text and "内部资料" not in text and "仅供参考" not in text


def _char(text: str, size: float = 10.0, matrix=(10, 0, 0, 10, 0, 0), colour=(0,), upright: bool = True) -> dict:
    return {"text": text, "size": size, "matrix": matrix, "non_stroking_color": colour, "upright": upright}


def test_overlay_chars_keeps_content() -> None:
    body = [_char(ch) for ch in "行政许可1268本年处理决定数量"]
    diagonal = [_char(ch, 40, (28, 23, -23, 28, 0, 0), (0.85,), False) for ch in "内部资料"]
    seal = [_char(ch, 10, (8.7, 5, -5, 8.7, 0, 0), (0.85, 0.1, 0.1), False) for ch in "东皋市自然资源和规划局"]
    seal_upright = [_char("规", colour=(0.85, 0.1, 0.1)), _char("★", 22, colour=(0.85, 0.1, 0.1))]
    turned = [_char(ch, 10, (0, 10, -10, 0, 0, 0), upright=False) for ch in "结果维持"]  # content turned 90°: kept
    red_title = [_char(ch, 26, colour=(0.9, 0.1, 0.1)) for ch in "云台县人民政府办公室文件"]  # 红头: dark enough
    pale = [_char(ch, 54, colour=(0.85,)) for ch in "内部资料"]
    pale_small = [_char(ch, 10, colour=(0.7,)) for ch in "第3页"]  # a grey footer: not large
    chars = body + diagonal + seal + seal_upright + turned + red_title + pale + pale_small
    drop = overlay_chars(chars, 5.0, 0.6, 2.0)
    assert drop == {id(c) for c in diagonal + seal + seal_upright + pale}


def test_quarter_turn_needs_most_of_the_page() -> None:
    upright = [_char(ch) for ch in "一、总体情况本年度"]
    turned = [_char(ch, 10, (0, 10, -10, 0, 0, 0), upright=False) for ch in "结果维持结果纠正其他结果尚未审结总计"]
    assert quarter_turn(upright + turned, 0.6) == 90
    assert quarter_turn([_char(ch, 10, (0, -10, 10, 0, 0, 0), upright=False) for ch in "结果维持"], 0.6) == 270
    assert quarter_turn(upright * 3 + turned, 0.6) == 0  # a few turned words on an upright page: read as it stands


def _ttf_pdf(tmp_path: Path, watermark: bool) -> Path:
    """A ruled Latin table in a TrueType font with whole-number widths (pdfium's fast path applies), with or without
    a large pale upright watermark over its cells."""
    import os

    import reportlab
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfgen import canvas

    orig = ttfonts.TTFontFace.getCharWidth
    ttfonts.TTFontFace.getCharWidth = lambda self, code: round(orig(self, code))
    try:
        pdfmetrics.registerFont(ttfonts.TTFont("VeraWhole", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
        path = tmp_path / f"wm{int(watermark)}.pdf"
        c = canvas.Canvas(str(path), invariant=1)
        c.setFont("VeraWhole", 10)
        c.drawString(72, 750, "Annual report on open government information 2024")
        for i in range(4):
            c.line(72, 700 - i * 20, 372, 700 - i * 20)
        for j in range(3):
            c.line(72 + j * 150, 700, 72 + j * 150, 640)
        for i in range(3):
            c.drawString(77, 700 - i * 20 - 14, f"row {i}")
            c.drawString(227, 700 - i * 20 - 14, str(1268 + i))
        if watermark:
            c.setFillGray(0.85)
            c.setFont("VeraWhole", 48)
            c.drawString(200, 655, "DRAFT")
        c.showPage()
        c.save()
    finally:
        ttfonts.TTFontFace.getCharWidth = orig
    return path


def test_pale_watermark_page_is_read_by_pdfminer_and_dropped(tmp_path: Path, monkeypatch) -> None:
    for watermark in (False, True):
        path = _ttf_pdf(tmp_path, watermark)
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf, PdfiumPages(data, pdf.pages) as fast:
            # pdfium gives no colour: a page with pale text goes to pdfminer, which does
            assert (fast.objects(0) is None) == watermark
        texts = []
        for engine in ("pdfium", "pdfminer"):
            settings = dict(pdf_ingest._settings(), engine=engine)
            monkeypatch.setattr(pdf_ingest, "_settings", lambda settings=settings: settings)
            texts.append(load_document(path).text)
        assert texts[0] == texts[1]
        assert "row 1 | 1269" in texts[0] and "DRAFT" not in texts[0]
