"""Independent review (helper `meta`): metadata and sections as real reports print them, and DOCX
tables held in a layout table or a text box. Fixtures in tests/fixtures/review_meta/ are hand-written."""

from pathlib import Path

import pytest

from service.ingest import load_document
from service.metadata import extract_metadata
from service.pipeline import extract

FIX = Path(__file__).parent / "fixtures" / "review_meta"
ALL = ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]


@pytest.mark.parametrize(
    "name, agency, year, publish",
    [
        ("guanyu_title.txt", "柳江县人民政府办公室", 2022, "2023-01-16"),  # XX关于2022年度…工作情况的报告
        ("split_title.txt", "青禾市住房和城乡建设局", 2023, None),  # title broken mid-phrase; no date printed
        ("abbrev_agency_missing_part.txt", "市营商局", 2023, "2024-01-30"),  # only the short name is printed
        ("compiled_by.txt", "青禾市交通运输局", 2023, "2024-01-22"),  # agency only in 本报告由…编制
        ("cn_year_out_of_order.txt", "青禾市教育局", 2023, "2024-01-15"),  # 二〇二三年度
        ("year_first_title.html", "青禾市司法局", 2023, "2024-01-29"),  # 2023年青禾市司法局…; breadcrumb above
        ("period_only_year.txt", "青禾市民政局", 2023, "2024-01-12"),  # no year in the title
        ("inline_crawled.txt", "青禾市审计局", 2023, "2024-01-31"),  # signature and date on one line
        ("pdf_spaced.txt", "青禾市林业和草原局", 2023, "2024-01-25"),  # letter-spaced title line
        # （2023年度） after the title, 2024 named first in the text, signature date in Chinese numerals
        ("cn_date_year_suffix.txt", "青禾市人力资源和社会保障局", 2023, "2024-01-22"),
    ],
)
def test_metadata_as_printed(name, agency, year, publish):
    rec = extract(FIX / name)
    assert rec.error is None, rec.error
    assert (rec.metadata.agency, rec.metadata.year, rec.metadata.publish_date) == (agency, year, publish)


def test_section_title_as_written():
    rec = extract(FIX / "split_title.txt")
    assert rec.sections[0].title == "一、总体情况概述"


def test_no_agency_invented_from_page_chrome(tmp_path):
    """A title without an agency under a breadcrumb and a 来源 line: the agency stays null."""
    p = tmp_path / "r.txt"
    p.write_text("首页 > 信息公开 > 政府信息公开年报\n2023年政府信息公开工作年度报告\n来源：本站 发布时间：2024-01-09\n"
                 "一、总体情况\n全年主动公开政府信息52条。\n政务公开科 2024年1月9日\n", encoding="utf-8")
    rec = extract(p)
    assert (rec.metadata.agency, rec.metadata.year, rec.metadata.publish_date) == (None, 2023, "2024-01-09")


@pytest.mark.parametrize(
    "name, keys",
    [
        ("cn_year_out_of_order.txt", ["overview", "active_disclosure", "applications", "review_litigation", "other", "problems"]),
        ("abbrev_agency_missing_part.txt", ["overview", "active_disclosure", "applications", "problems", "other"]),
        ("split_title.txt", ALL),
        ("inline_crawled.txt", ALL),  # （一） subheadings and 总体情况 inside a sentence start no part
    ],
)
def test_section_keys_in_document_order(name, keys):
    rec = extract(FIX / name)
    assert [s.key for s in rec.sections] == keys
    starts = [s.start for s in rec.sections]
    assert starts == sorted(starts) and all(a.end == b.start for a, b in zip(rec.sections, rec.sections[1:]))


REVIEW = [2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]


def _review_table(container):
    t = container.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(1, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for j in range(15):
        t.cell(2, j).text = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][j % 5]
        t.cell(3, j).text = str(REVIEW[j])
    return t


def _doc(docx):
    doc = docx.Document()
    doc.add_heading("青禾市统计局2023年政府信息公开工作年度报告", level=1)
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("全年主动公开政府信息96条。")
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    return doc


def _review_values(rec):
    g = rec.tables.review_litigation.model_dump()
    return [g[k][c] for k in ("review", "litigation_direct", "litigation_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")]


def test_docx_table_inside_a_layout_table(tmp_path):
    docx = pytest.importorskip("docx")
    doc = _doc(docx)
    outer = doc.add_table(rows=1, cols=1)  # a one-cell frame around the real table
    _review_table(outer.cell(0, 0))
    doc.add_paragraph("五、存在的主要问题及改进情况")
    path = tmp_path / "nested.docx"
    doc.save(path)
    rec = extract(path)
    assert rec.error is None, rec.error
    assert _review_values(rec) == REVIEW
    assert any("nested" in w for w in rec.warnings)


def test_docx_table_inside_a_text_box_read_once(tmp_path):
    """Word writes a text box twice (DrawingML in mc:Choice, VML in mc:Fallback): read it once."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    doc = _doc(docx)
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    run = parse_xml(
        f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent/>'
        '</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent/>'
        '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )
    doc.add_paragraph()._p.append(run)
    for box in run.iter(qn("w:txbxContent")):
        tbl = _review_table(doc)._tbl
        tbl.getparent().remove(tbl)
        box.append(tbl)
        box.append(parse_xml(f"<w:p {ns}/>"))
    doc.add_paragraph("五、存在的主要问题及改进情况")
    path = tmp_path / "textbox.docx"
    doc.save(path)
    rec = extract(path)
    assert rec.error is None, rec.error
    assert _review_values(rec) == REVIEW
    assert any("1 DOCX text box" in w for w in rec.warnings)
    assert load_document(path).text.count("未经复议直接起诉") == 1


@pytest.mark.parametrize("title, agency", [
    ("青禾市人民政府信息公开工作年度报告", "青禾市人民政府"),
    ("2023年度青禾市人民政府信息公开工作年度报告", "青禾市人民政府"),
    ("青禾市人民政府2023年政府信息公开工作年度报告", "青禾市人民政府"),
])
def test_title_where_renmin_zhengfu_runs_into_the_subject(title: str, agency: str) -> None:
    meta, _ = extract_metadata(title + "\n一、总体情况\n2023年，全市推进政务公开。\n", [], None)
    assert meta.agency == agency
