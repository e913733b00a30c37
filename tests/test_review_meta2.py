"""Independent review (helper `meta2`): agency, publish date and part headings as further real layouts
print them. Fixtures in tests/fixtures/review_meta2/ are hand-written."""

from pathlib import Path

import pytest

from service.pipeline import extract
from service.sections import find_sections

FIX = Path(__file__).parent / "fixtures" / "review_meta2"
ALL = ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]


@pytest.mark.parametrize(
    "name, agency, year, publish",
    [
        ("bracket_prefix.txt", "青禾县农业农村局", 2023, "2024-01-05"),  # 【agency】 column label; 2024-1-5
        # a forwarding notice quoting the report's title: the agency inside 《》, not `XX关于印发《XX`
        ("notice_forwarding.txt", "青禾县财政局", 2023, "2024-01-05"),
        # one body with two names (full-width brackets are normalised to ASCII ones)
        ("two_agencies.txt", "青禾市人民政府办公室(青禾市大数据局)", 2023, "2024-01-26"),
        # signature followed by a crawled page footer longer than the usual tail window
        ("long_footer.txt", "青禾县统计局", 2023, "2024-01-29"),
        # 县政府办公室关于印发县政府…年度报告的通知, no 《》: the report's agency, not `…办公室关于印发…`
        ("notice_no_quotes.txt", "青禾县人民政府", 2023, "2024-01-30"),
        ("about_report_problem_wording.txt", "青禾县发展和改革局", 2023, "2024-01-17"),  # XX局关于2023年度…的报告
    ],
)
def test_metadata_as_printed(name, agency, year, publish):
    rec = extract(FIX / name)
    assert rec.error is None, rec.error
    assert (rec.metadata.agency, rec.metadata.year, rec.metadata.publish_date) == (agency, year, publish)


def test_bracketed_part_that_is_no_name_gives_no_wrong_agency():
    rec = extract(FIX / "unit_in_brackets.txt")
    assert rec.metadata.agency in (None, "青禾县统计局")
    assert rec.metadata.year == 2023


@pytest.mark.parametrize(
    "name, first_title",
    [
        ("part_numbered.txt", "第一部分总体情况"),  # 第一部分 总体情况; 一、 numbers a sub-item
        ("paren_numbered.txt", "(一)总体情况"),  # （一）…（六） as the top level; 1. numbers sub-items
        ("arabic_numbered.txt", "1.总体情况"),  # 1.…6. as the top level; （1） numbers sub-items
    ],
)
def test_other_top_level_numbering(name, first_title):
    rec = extract(FIX / name)
    assert [s.key for s in rec.sections] == ALL
    assert rec.sections[0].title == first_title
    assert rec.metadata.publish_date == "2024-01-22"


def test_subitem_numbering_does_not_replace_the_template_headings():
    """（一）主动公开情况 / 1.依申请公开情况 under 一、总体情况 are sub-items, not parts."""
    text = ("一、总体情况\n（一）主动公开情况\n全年公开152条。\n（二）依申请公开情况\n收到申请4件。\n"
            "1.主动公开情况\n2.依申请公开情况\n二、主动公开政府信息情况\n规章 | 0\n"
            "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n")
    secs = find_sections(text)
    assert [s.key for s in secs] == ALL[:4]
    assert secs[1].title == "二、主动公开政府信息情况"


def test_few_subitems_do_not_make_parts():
    """A text without part headings whose only numbered lines are two sub-items finds no parts."""
    text = "青禾县石桥镇2023年政务公开情况\n（一）主动公开情况\n全年公开152条。\n（二）依申请公开情况\n收到申请4件。\n"
    assert find_sections(text) == []


def test_problems_heading_worded_differently():
    """五、存在的问题及改进措施 is the problems part, its title kept whole."""
    rec = extract(FIX / "about_report_problem_wording.txt")
    assert [s.key for s in rec.sections] == ALL
    assert rec.sections[4].title == "五、存在的问题及改进措施"
