"""Agency and year from the beginnings of real report pages (session 10 ran the extractor over 112 stored
pages of real reports, training/experiments/real_pages.md; the agency was found on 55 of 110, the year on
111 of 112, and five pages got the issuer of the national format notice as their agency). Three layouts
caused it, written here with invented bodies:
- a title ending in 工作报告 (not 年度报告): 青禾市公安局2024年度政府信息公开工作报告;
- the 2019 notice cited in the opening sentence, 《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告
  有关事项的通知》, taken for the report's title;
- no title on the page, the body named in the first sentence (2024年，青禾县自然资源局认真落实…) or after the year
  in a sentence (特向社会公布2025年度青禾市民政局政府信息公开工作年度报告)."""

from __future__ import annotations

import pytest

from service.pipeline import extract

NOTICE_2019 = "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
NOTICE_2021 = "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"


def meta(text: str):
    rec = extract(text.encode("utf-8"), source="page.txt", model=None)
    return rec.metadata, rec.warnings


@pytest.mark.parametrize(
    "title, agency, year",
    [
        ("青禾市公安局2024年度政府信息公开工作报告", "青禾市公安局", 2024),
        ("青禾高新技术产业开发区2021年度政府信息公开工作报告 |", "青禾高新技术产业开发区", 2021),
        ("青禾市东湖风景区管理委员会办公室2023年政府信息公开工作报告", "青禾市东湖风景区管理委员会办公室", 2023),
    ],
)
def test_a_title_ending_in_gongzuo_baogao(title: str, agency: str, year: int) -> None:
    text = f"{title}\n一、总体情况\n{year}年，我局全面贯彻落实《条例》，主动公开政府信息326条。\n"
    m, _ = meta(text)
    assert (m.agency, m.year) == (agency, year)


@pytest.mark.parametrize("notice", [NOTICE_2019, NOTICE_2021])
def test_a_cited_format_notice_is_not_the_title(notice: str) -> None:
    text = (f"首页 > 政务公开 > 政府信息公开年报\n根据《中华人民共和国政府信息公开条例》和{notice}要求，编制本报告。\n"
            "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n2022年，我办主动公开信息58条。\n")
    m, warnings = meta(text)
    assert m.agency is None and m.year == 2022
    assert any(w.startswith("agency:") for w in warnings)


def test_a_title_after_a_cited_notice_is_still_read() -> None:
    text = (f"根据{NOTICE_2019}，特向社会公布2025年度青禾市民族与宗教事务局政府信息公开工作年度报告。\n"
            "一、总体情况\n2025年，我局主动公开政府信息74条。\n")
    m, _ = meta(text)
    assert (m.agency, m.year) == ("青禾市民族与宗教事务局", 2025)


def test_the_body_named_in_the_opening_sentence() -> None:
    text = ("一、总体情况\n2024年，青禾县自然资源局认真落实国、省、市、县关于政府信息公开工作的决策部署，"
            "全年主动公开政府信息412条。\n")
    m, warnings = meta(text)
    assert (m.agency, m.year) == ("青禾县自然资源局", 2024)
    assert any("opening sentence" in w for w in warnings)


@pytest.mark.parametrize("subject", ["市公安局", "我局", "全县各级行政机关"])
def test_a_short_or_relative_subject_is_not_taken_for_the_body(subject: str) -> None:
    text = f"一、总体情况\n2024年，{subject}坚持以公开为常态、不公开为例外，主动公开政府信息96条。\n"
    m, _ = meta(text)
    assert m.agency is None
