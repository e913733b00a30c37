"""PDF ingest reads pages with pdfium where it can (fast) and must give exactly the text of
pdfminer's reading (pdfplumber's default)."""

import io

import pdfplumber
import pytest

from service.ingest import load_document
from service.ingest import pdf as pdf_ingest
from service.ingest.pdfium_objects import PdfiumPages

SLUGS = ["huaian_city_2024", "huaian_hongze_2023", "huaian_hongze_2024"]


def _text(path, engine, monkeypatch):
    settings = dict(pdf_ingest._settings(), engine=engine)
    monkeypatch.setattr(pdf_ingest, "_settings", lambda: settings)
    return load_document(path).text


@pytest.mark.parametrize("slug", SLUGS)
def test_pdfium_and_pdfminer_give_the_same_text(shared_dir, slug, monkeypatch):
    path = shared_dir / "corpus" / "pdf" / f"{slug}.pdf"
    assert _text(path, "pdfium", monkeypatch) == _text(path, "pdfminer", monkeypatch)


@pytest.mark.parametrize("slug", SLUGS)
def test_pdfium_objects_match_pdfminer_objects(shared_dir, slug):
    data = (shared_dir / "corpus" / "pdf" / f"{slug}.pdf").read_bytes()
    pdf = pdfplumber.open(io.BytesIO(data))
    with PdfiumPages(data, pdf.pages) as fast:
        for i, page in enumerate(pdf.pages):
            new = fast.objects(i)
            assert new is not None, f"page {i + 1} fell back to pdfminer"  # the speed-up is lost
            for kind in ("char", "line", "rect", "curve"):
                ref = page.objects.get(kind, [])
                assert len(new.get(kind, [])) == len(ref), kind
                for a, b in zip(ref, new.get(kind, [])):
                    assert a.get("text") == b.get("text") and a.get("fontname") == b.get("fontname")
                    for key in ("x0", "x1", "top", "bottom"):
                        assert abs(a[key] - b[key]) < 1e-3, (kind, key, a[key], b[key])


def _plain_pdf(tmp_path, compress: int = 0):
    """A small PDF in a TrueType font with whole-number widths (so pdfium's fast path applies)."""
    import os

    import reportlab
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfgen import canvas

    orig = ttfonts.TTFontFace.getCharWidth
    ttfonts.TTFontFace.getCharWidth = lambda self, code: round(orig(self, code))
    try:
        pdfmetrics.registerFont(ttfonts.TTFont("VeraWhole", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
        path = tmp_path / f"plain{compress}.pdf"
        c = canvas.Canvas(str(path), pageCompression=compress)
        c.setFont("VeraWhole", 12)
        c.drawString(72, 750, "Annual report on open government information 2024")
        for i in range(4):
            c.line(72, 700 - i * 20, 372, 700 - i * 20)
        for j in range(3):
            c.line(72 + j * 150, 700, 72 + j * 150, 640)
        for i in range(3):
            for j in range(2):
                c.drawString(72 + j * 150 + 5, 700 - i * 20 - 14, f"cell {i}{j} value {i * 7 + j}")
        c.showPage()
        c.save()
    finally:
        ttfonts.TTFontFace.getCharWidth = orig
    return path


def _outcome(path, engine, monkeypatch):
    try:
        return _text(path, engine, monkeypatch)
    except Exception as e:  # noqa: BLE001 - the error message is part of the outcome compared
        return f"{type(e).__name__}: {e}"


def test_damaged_pdfs_give_what_pdfminer_gives(tmp_path, monkeypatch):
    """Found by fuzzing: pdfium places glyphs by the font program when /Widths is missing or junk
    (pdfminer does not), and decodes a damaged content stream leniently (pdfminer raises). Such
    pages must go to pdfminer, so both engines give the same text or the same error."""
    plain = _plain_pdf(tmp_path)
    data = plain.read_bytes()
    assert _outcome(plain, "pdfium", monkeypatch) == _outcome(plain, "pdfminer", monkeypatch)
    with pdfplumber.open(plain) as pdf, PdfiumPages(data, pdf.pages) as fast:
        assert fast.objects(0) is not None  # the undamaged file takes the fast path
    no_widths = tmp_path / "no_widths.pdf"
    assert b"/Widths" in data
    no_widths.write_bytes(data.replace(b"/Widths", b"/Wxdths"))  # same length: xref stays valid
    assert _outcome(no_widths, "pdfium", monkeypatch) == _outcome(no_widths, "pdfminer", monkeypatch)
    packed = _plain_pdf(tmp_path, compress=1).read_bytes()
    import re

    for k, m in enumerate(re.finditer(rb"stream\r?\n", packed)):
        if k > 3:
            break
        for delta in (10, 40, 120):  # a damaged byte inside a compressed stream
            junk = tmp_path / f"junk_{k}_{delta}.pdf"
            p = m.end() + delta
            junk.write_bytes(packed[:p] + bytes([packed[p] ^ 0x5A]) + packed[p + 1:])
            assert _outcome(junk, "pdfium", monkeypatch) == _outcome(junk, "pdfminer", monkeypatch), junk.name
