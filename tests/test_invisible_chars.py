"""Zero-width characters left by rich-text editors and Word (U+200B, U+FEFF, joiners) inside numbers and
labels: every reader removes them, so a report with them gives the same tables as the clean report
(kept, `5\u200b8` is no number and the cell would become a blank)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.ingest import load_document
from service.pipeline import extract

REPORTS = Path(__file__).parent / "fixtures" / "reports"
ZW = "\u200b"


def _sprinkle(text: str) -> str:
    """A zero-width space inside every number of two or more digits and after every 、 (labels)."""
    text = re.sub(r"(?<=\d)(?=\d)", ZW, text, count=200)
    return text.replace("、", "、\ufeff")


@pytest.mark.parametrize("name", ["2019_base_pipe_simplified.txt", "2019_base_html_simplified.html"])
def test_zero_width_characters_do_not_change_the_tables(name: str, tmp_path: Path) -> None:
    clean = (REPORTS / name).read_text(encoding="utf-8")
    dirty = tmp_path / name
    dirty.write_text(_sprinkle(clean), encoding="utf-8")
    assert ZW not in load_document(dirty).text
    want = extract(REPORTS / name, model=None).tables
    got = extract(dirty, model=None).tables
    assert got.model_dump() == want.model_dump()  # the same text once they are gone, so the same offsets too


def test_docx_text_has_no_zero_width_characters() -> None:
    docx = pytest.importorskip("docx")
    import io

    d = docx.Document()
    d.add_paragraph("青禾县示例局2023年政府信息公开工作年度报告")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "规章"
    t.cell(0, 1).text = "1" + ZW + "2"
    buf = io.BytesIO()
    d.save(buf)
    text = load_document(buf.getvalue(), "zw.docx").text
    assert "12" in text and ZW not in text
