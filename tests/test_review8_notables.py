"""Review round 8 (helper `notables`): reports whose statistical tables are not there as text, written by hand
(tests/fixtures/review8_notables/, numbers chosen by the reviewer, expected JSON written from them): tables
pasted as pictures (HTML <img> with alt text, file names and <figcaption>s that hold numbers; DOCX pictures and an
Excel sheet embedded as an object; PDF table pages scanned as images, and images under their headings), sent as
an attachment (附件：…统计表.xls), left out, printed as prose only, one of three printed, crawled text whose table
sections hold only their headings, a seal picture beside a report without a review table.

The record: each absent table is null (never zeros) and nothing is read from a picture, its caption, alt text or
file name; the narrative claims are still extracted; the absent table's 勾稽 checks are present and `skipped`,
never `fail`; and one warning `<table>: table not found …` says why — a picture in its place
(`RawDocument.images`, the places the readers found pictures), an attachment, an empty section, or none of
these — so a batch user can find such reports. Before, such a record had no warning and no check at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service.ingest import load_document
from service.ingest.images import IMAGE_MARK, take_image_marks
from service.pipeline import extract
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review8_notables"
CASES = sorted(p.name[: -len(".expected.json")] for p in HERE.glob("*.expected.json"))
WHY = {"image": "pasted as an image", "attachment": "refers to an attachment", "empty": "nothing but its heading",
       "missing": "no picture or attachment stands in its place"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    pytest.importorskip("docx")
    pytest.importorskip("reportlab")
    pytest.importorskip("PIL")
    out = tmp_path_factory.mktemp("notables")
    subprocess.run([sys.executable, str(HERE / "make_cases.py"), str(out), "--no-expected"], check=True)
    return out


def _document(case: str, built: Path) -> Path:
    committed = [p for p in HERE.glob(case + ".*") if p.suffix in (".txt", ".html")]
    return committed[0] if committed else next(p for p in built.glob(case + ".*") if p.suffix in (".docx", ".pdf"))


@pytest.mark.parametrize("case", CASES)
def test_absent_tables_are_null_with_a_warning_saying_why(case, built):
    rec, exp = read_case(_document(case, built), HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    for name, why in exp["why_missing"].items():
        mine = [w for w in rec["warnings"] if w.startswith(f"{name}: table not found")]
        assert len(mine) == 1 and WHY[why] in mine[0], rec["warnings"]
    assert not [w for w in rec["warnings"] if "table not found" in w and w.split(":")[0] not in exp["why_missing"]]


@pytest.mark.parametrize("case", CASES)
def test_absent_tables_checks_are_skipped_and_claims_come_from_prose_only(case, built):
    rec, exp = read_case(_document(case, built), HERE / f"{case}.expected.json")
    assert [c["id"] for c in rec["checks"] if c["status"] == "fail"] == []
    for name in ("applications", "review_litigation"):
        ours = {c["id"]: c["status"] for c in rec["checks"] if c["id"].startswith(name + ".")}
        if exp["tables"][name] is None:
            assert ours and set(ours.values()) == {"skipped"}, ours
        else:
            assert "skipped" not in ours.values()
    for cid in exp["narrative_skipped"]:
        assert {c["id"]: c["status"] for c in rec["checks"]}[cid] == "skipped"
    claims = [(c["metric"], c["value"], c["unit"]) for c in rec["claims"]]
    for metric, value, unit in exp["claims"]:
        assert any(metric in m and v == value and u == unit for m, v, u in claims), claims
    # the numbers printed only in alt text, file names and captions are no claims
    assert not [c for c in claims if c[1] in exp["forbidden_values"]]


def test_existing_review_table_pasted_as_image_is_named():
    """review_pdf3's report whose review table is a picture (an earlier round's fixture): now said so."""
    rec = extract(Path(__file__).parent / "fixtures" / "review_pdf3" / "d08_review_table_as_image.pdf")
    assert rec.tables.review_litigation is None
    assert any(w.startswith("review_litigation: table not found as text") and "picture" in w for w in rec.warnings)


def test_image_marks_leave_the_text_as_it_was_and_keep_their_places():
    text, images = take_image_marks(f"一、总体情况\n{IMAGE_MARK}\n二、主动公开\n文字{IMAGE_MARK}\n三、申请")
    assert text == "一、总体情况\n二、主动公开\n文字\n三、申请"
    assert images == [text.index("二"), text.index("文字")]


def test_small_pictures_and_pictures_in_cells_are_not_table_pictures():
    """An icon, a print button, a picture inside a table's cell: never a sign of a table left out."""
    page = ("<html><body><p>一、总体情况</p><p><img src='print.gif' width='16'/>打印</p>"
            "<p><img src='qr.png' style='width:90px'/></p>"
            "<table><tr><td>规章</td><td><img src='x.png'/>0</td></tr></table>"
            "<p><img src='table.png' width='620'/></p><p><img src='t2.png'/></p></body></html>")
    raw = load_document(page.encode("utf-8"), source="p.html")
    assert IMAGE_MARK not in raw.text and "规章 | 0" in raw.text
    assert len(raw.images) == 2  # the 620 px one and the one without a width


def test_printed_table_gets_no_warning_even_with_a_picture_beside_it():
    page = (HERE / "c02_html_apps_img.html").read_text(encoding="utf-8").replace(
        "<p>二、主动公开政府信息情况</p>", "<p>二、主动公开政府信息情况</p><p><img src='chart.png'/></p>")
    rec = extract(page.encode("utf-8"), source="c02.html")
    assert rec.tables.active_disclosure is not None
    assert [w.split(":")[0] for w in rec.warnings if "table not found" in w] == ["applications"]


def test_related_attachment_none_is_no_attachment():
    text = "某局2023年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息12条。\n相关附件：无\n"
    rec = extract(text.encode("utf-8"), source="t.txt")
    assert all("refers to an attachment" not in w for w in rec.warnings)
    assert sum("table not found" in w for w in rec.warnings) == 3


def test_banner_above_the_title_and_photos_in_the_overview_are_no_table_pictures():
    """A red-header banner (红头) image above the title and a photo in 总体情况: the tables, with no heading of
    their own here, are not said to be pictures."""
    page = ("<html><body><div class='article'><p><img src='hongtou.png' width='700'/></p>"
            "<h1>某县水务局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>全年主动公开政府信息40条。</p>"
            "<p><img src='meeting.jpg' width='640'/></p><p>五、存在的主要问题及改进情况</p><p>解读形式单一。</p>"
            "</div></body></html>")
    rec = extract(page.encode("utf-8"), source="b.html")
    mine = [w for w in rec.warnings if "table not found" in w]
    assert len(mine) == 3 and all("no picture or attachment stands in its place" in w for w in mine), mine
