"""Review round 11 (docx2): Word's own XML as offices leave it, built by tests/fixtures/review11_docx2/make_cases.py
from numbers chosen by hand (the expected JSON beside it written from the same numbers): headings and table row
labels numbered by Word's list numbering (w:numPr), tables nested in a layout cell or put in a text box (DrawingML
with its VML fallback), header rows repeated (w:tblHeader) over a page-break split, tracked changes, formula and
page fields in cells, vertical merges whose continuation cells keep stray text, soft line breaks in label and
header cells, a title printed only in the page header, the 2019 template with list-numbered labels.

Two defects found: hidden text (w:vanish: an old figure kept hidden before the new one) was read into the cell, so
`13`+`3` gave 133 with no warning; and a form template's content controls around cells or rows (w:sdt in a w:tr or
w:tbl) hid those cells from python-docx, so every value was lost."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from service.ingest import load_document
from tests.review_cases import build_generated_cases, read_case, tables_without_offsets

docx = pytest.importorskip("docx")
FIX = Path(__file__).parent / "fixtures" / "review11_docx2"
CASES = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_generated_cases(FIX, tmp_path_factory.mktemp("review11_docx2"))


@pytest.mark.parametrize("case", CASES)
def test_word_xml_report_gives_the_chosen_tables_metadata_and_sections(built, case):
    rec, exp = read_case(built / f"{case}.docx", FIX / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]


def test_hidden_text_is_not_read(built):
    text = load_document(built / "c07_hidden_text.docx").text
    assert "初稿" not in text and "网上申请" not in text and "含咨询类申请" not in text
    row = next(line for line in text.splitlines() if "予以公开" in line)
    assert [c.strip() for c in row.split("|") if c.strip()][-7:] == ["3", "0", "0", "0", "0", "0", "3"]


def test_cells_and_rows_inside_content_controls_keep_their_places(built):
    text = load_document(built / "c11_form_template_content_controls_in_tables.docx").text
    lines = text.splitlines()
    carried = next(line for line in lines if "上年结转" in line)
    granted = next(line for line in lines if "予以公开" in line)
    assert [c.strip() for c in carried.split("|")][-7:] == ["0"] * 7
    assert [c.strip() for c in granted.split("|")][-7:] == ["8", "3", "0", "0", "0", "0", "11"]


def _numbered_doc(hidden_middle: bool) -> bytes:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="907"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="907"><w:abstractNumId w:val="907"/></w:num>'))
    for i, t in enumerate(["总体情况", "旧稿标题", "主动公开政府信息情况"]):
        p = d.add_paragraph()
        hide = hidden_middle and i == 1
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="907"/></w:numPr>'))
        if hide:
            p._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}><w:vanish/></w:rPr>'))
        p.add_run(t).font.hidden = hide
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_hidden_numbered_paragraph_leaves_no_bare_label():
    lines = load_document(_numbered_doc(True), "hidden.docx").text.splitlines()
    assert lines[0] == "一、总体情况" and len(lines) == 2 and lines[1].endswith("主动公开政府信息情况")
    shown = load_document(_numbered_doc(False), "shown.docx").text.splitlines()
    assert shown == ["一、总体情况", "二、旧稿标题", "三、主动公开政府信息情况"]
