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
