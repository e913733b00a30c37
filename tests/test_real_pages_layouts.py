"""Layouts met on real crawled report pages (checked by hand against the pages, privately): the crawler
flattens the report onto one line, so a part heading is glued to the table cell before it
(`…政府集中采购…52元三、收到和处理政府信息公开申请情况`) or to a sentence without its full stop
(`…“接地气”六、其他需要报告的事项`). The fixtures are invented reports with that layout; the numbers
below are the ones written into them."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.normalise import normalise
from service.pipeline import extract
from service.sections import find_sections

DIR = Path(__file__).parent / "fixtures" / "real_pages_layouts"
ORDER = ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]
HEADINGS = {
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]


def _text(name: str) -> str:
    return normalise((DIR / name).read_text(encoding="utf-8")).text


@pytest.mark.parametrize("name", ["glued_2019_template.txt", "glued_2021_template.txt"])
def test_glued_headings_open_their_parts(name: str) -> None:
    text = _text(name)
    sections = find_sections(text)
    assert [s.key for s in sections] == ORDER
    for s in sections:
        assert s.title == HEADINGS[s.key]
        # the part's own heading, not a mention of it in the introduction's list of parts
        assert s.start == text.rindex(HEADINGS[s.key])


def test_heading_glued_to_money_cell_2019_template() -> None:
    rec = extract(DIR / "glued_2019_template.txt", model=None)
    assert rec.metadata.template == "2019"
    text = _text("glued_2019_template.txt")
    apps_sec = next(s for s in rec.sections if s.key == "applications")
    # the part ends where the review part's heading begins, so the whole applications table lies in it
    assert text[apps_sec.start:apps_sec.end].rstrip().endswith("四、结转下年度继续办理0 0 0 0 0 0 0")
    rows = rec.tables.active_disclosure.rows
    assert rows["normative_documents"] == {"new_made": 2, "new_published": 1, "total_published": 9}
    assert rows["licensing"] == {"previous_items": 5, "change": -2, "decisions": 7}
    assert rows["fees"] == {"previous_items": 2, "change": -1}
    # `41862345.50元` has several splits into 采购项目数量 | 采购总金额: blank and named, never guessed
    assert rows["procurement"] == {"items": None, "amount_wan_yuan": None}
    assert any("procurement" in w for w in rec.warnings)
    apps = rec.tables.applications.rows
    assert [apps["new_received"][c] for c in COLS] == [15, 0, 0, 0, 0, 1, 16]
    assert [apps["rejected_duplicate"][c] for c in COLS] == [2, 0, 0, 0, 0, 0, 2]
    assert [apps["total"][c] for c in COLS] == [15, 0, 0, 0, 0, 1, 16]
    assert not [c.id for c in rec.checks if c.status == "fail"]


def test_heading_glued_to_wan_yuan_cell_and_quote_2021_template() -> None:
    rec = extract(DIR / "glued_2021_template.txt", model=None)
    assert rec.metadata.template == "2021"
    assert [s.key for s in rec.sections] == ORDER
    other = next(s for s in rec.sections if s.key == "other")
    assert _text("glued_2021_template.txt")[other.start:other.end] == "六、其他需要报告的事项本年度未收取信息处理费。"
    rows = rec.tables.active_disclosure.rows
    assert rows["normative_documents"] == {"issued": 2, "abolished": 1, "in_force": 9}
    assert rows["fees"] == {"amount_wan_yuan": 3.6}
    apps = rec.tables.applications.rows
    assert [apps["unable_not_held"][c] for c in COLS] == [2, 1, 0, 0, 0, 0, 3]
    assert [apps["carried_forward"][c] for c in COLS] == [1, 0, 0, 0, 0, 0, 1]
    rl = rec.tables.review_litigation
    assert rl.litigation_direct.upheld == 1 and rl.litigation_direct.total == 1 and rl.review.total == 0
    assert not [c.id for c in rec.checks if c.status == "fail"]
    assert rec.warnings == []


def test_numbering_glued_to_text_needs_a_whole_heading() -> None:
    # `三、四次` after a character is a count, not the third part; only a whole standard heading may be glued
    text = normalise(
        "一、总体情况 本年度召开专题会议三、四次，研究收到和处理政府信息公开申请工作。"
        "二、主动公开政府信息情况 本年主动公开信息120条。"
    ).text
    assert [s.key for s in find_sections(text)] == ["overview", "active_disclosure"]


# the same invented report as a provincial CMS page (make_page.py): chrome around the article, tables with
# merged cells and header cells split over &nbsp;-padded paragraphs; and as the crawler's flattened text dump
CMS_ACTIVE = {
    "regulations": {"issued": 0, "abolished": 0, "in_force": 1},
    "normative_documents": {"issued": 2, "abolished": 1, "in_force": 9},
    "licensing": {"decisions": 314},
    "penalty": {"decisions": 27},
    "coercion": {"decisions": 3},
    "fees": {"amount_wan_yuan": 12.75},
}
CMS_APPS = {
    "new_received": [11, 2, 0, 0, 1, 0, 14],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "granted": [4, 1, 0, 0, 0, 0, 5],
    "partially_granted": [2, 0, 0, 0, 1, 0, 3],
    "denied_third_party": [1, 0, 0, 0, 0, 0, 1],
    "unable_not_held": [3, 1, 0, 0, 0, 0, 4],
    "rejected_complaint": [1, 0, 0, 0, 0, 0, 1],
    "total": [11, 2, 0, 0, 1, 0, 14],
    "carried_forward": [1, 0, 0, 0, 0, 0, 1],
}


@pytest.mark.parametrize("name", ["cms_page_2021_template.html", "cms_page_2021_template.txt"])
def test_cms_page_and_its_text_dump(name: str) -> None:
    rec = extract(DIR / name, model=None)
    assert (rec.metadata.agency, rec.metadata.year, rec.metadata.template) == ("青石县", 2025, "2021")
    # the HTML's date stands only in the chrome and in <meta name="PubDate">; the dump's in its header block
    assert rec.metadata.publish_date == "2026-03-02"
    assert [s.key for s in rec.sections] == ORDER
    assert rec.tables.active_disclosure.rows == CMS_ACTIVE
    apps = rec.tables.applications.rows
    assert len(apps) == 25
    for row, cells in apps.items():
        assert [cells[c] for c in COLS] == CMS_APPS.get(row, [0] * 7), row
    rl = rec.tables.review_litigation
    assert [rl.review.upheld, rl.review.pending, rl.review.total] == [1, 1, 2]
    assert [rl.litigation_direct.corrected, rl.litigation_direct.total, rl.litigation_after_review.total] == [1, 1, 0]
    assert not [c.id for c in rec.checks if c.status == "fail"]
    assert not [w for w in rec.warnings if "blank" in w or "could not" in w or "ambiguous" in w]


def test_page_meta_date_never_overrides_the_reports_own() -> None:
    page = (DIR / "cms_page_2021_template.html").read_text(encoding="utf-8")
    dated = page.replace("2025年，无收取信息处理费情况。", "2025年，无收取信息处理费情况。</p><p>发布日期：2026年1月20日")
    rec = extract(dated.encode("utf-8"), source="dated.html", model=None)
    assert rec.metadata.publish_date == "2026-01-20"
    undeclared = page.replace('<meta name="PubDate" content="2026-03-02 09:30"/>', "")
    assert extract(undeclared.encode("utf-8"), source="undeclared.html", model=None).metadata.publish_date is None
