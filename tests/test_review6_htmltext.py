"""Review 6 (html/text): hand-written pages and crawled texts, numbers chosen by the reviewer.

1. HTML paragraphs that open with a heading in bold (<strong>, <b>, a span styled bold or in 黑体) and go on
   with body text (`<p><strong>一、总体情况</strong>2023年，本局……</p>`, `（一）主动公开情况。本年度……`,
   `…行政诉讼情况：本年度……`): section titles stop at the heading, the body stays in the section.
2. Crawled text with each table flattened onto one line: the 申请人情况 columns and the review/litigation
   groups and columns are read in the order the flattened header prints them; without a header that
   names them, the template's order is used only when the row and group sums bear it out, and otherwise
   the table is left out with a warning (never silently shifted cells)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.ingest import load_document
from service.normalise import normalise
from service.pipeline import extract
from service.sections import find_sections
from service.tables.column_order import TEMPLATE, UNCLEAR, flat_header_cells, printed_order, review_order
from service.tables.digit_runs import split_run
from tests.review_cases import APP_COLS, APP_ROWS_2021, REVIEW_COLS, REVIEW_GROUPS, read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review6_htmltext"
HTML_CASES = sorted(p.stem for p in HERE.glob("*.html"))
TEXT_CASES = sorted(p.stem for p in HERE.glob("*.txt"))



def _cfg(name: str) -> dict:
    from service.config import load_config

    return load_config("tables.yaml")[name]


# ---------------------------------------------------------------- 1. bold headings in HTML paragraphs


@pytest.mark.parametrize("case", HTML_CASES)
def test_bold_heading_pages_give_the_chosen_sections_and_tables(case):
    rec, exp = read_case(HERE / f"{case}.html", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    text = normalise(load_document(HERE / f"{case}.html").text).text
    sections = {s["key"]: s for s in rec["sections"]}
    assert {k: s["title"] for k, s in sections.items()} == exp["section_titles"]
    for key, phrases in exp["section_bodies"].items():
        s = sections[key]
        for phrase in phrases:
            assert phrase in text[s["start"]:s["end"]], (key, phrase)
    claims = {c["metric"]: c["section"] for c in rec["claims"]}
    for metric, key in exp["claims"].items():
        assert claims.get(metric) == key, metric


def _page(*paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><body><h1>某县测绘局2023年政府信息公开工作年度报告</h1>{body}</body></html>".encode("utf-8")


def test_a_bold_sentence_or_an_unnumbered_bold_phrase_is_not_split_from_its_paragraph():
    raw = load_document(_page(
        "<strong>全年主动公开</strong>测绘成果信息26条。",
        "<b>2.加强培训，全年组织业务培训，共培训</b>4次。",
        "<b>一、</b>总体情况",
    ), "p.html").text
    assert "全年主动公开测绘成果信息26条。" in raw
    assert "2.加强培训，全年组织业务培训，共培训4次。" in raw
    assert "一、总体情况" in raw


def test_a_bold_heading_already_on_its_own_line_gets_no_second_break():
    raw = load_document(_page("<strong>一、总体情况</strong><br>本年度公开信息80条。"), "p.html").text
    assert "一、总体情况\n本年度公开信息80条。" in raw


# text path: the same headings with the body glued on (crawled text, HTML without markup)
@pytest.mark.parametrize("line, key, title", [
    ("四、政府信息公开行政复议、行政诉讼情况本年度未发生行政复议案件。", "review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("四、政府信息公开行政复议、行政诉讼情况：本年度无。", "review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况本年度无。", "review_litigation",
     "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    ("五、存在的主要问题及改进措施存在的不足是解读不够。", "problems", "五、存在的主要问题及改进措施"),
    ("一、总体情况本局全面推进公开工作情况。", "overview", "一、总体情况"),
    ("一、总体情况\n一是主动公开情况。全年公开信息30条。", "overview", "一、总体情况"),
    ("六、其他需要报告的事项\n本年度无收取信息处理费情况。", "other", "六、其他需要报告的事项"),
    ("四、 政 府 信 息 公 开 行 政 复 议 、 行 政 诉 讼 情 况\n无。", "review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
], ids=["glued", "colon", "lead_in_glued", "measures_glued", "complete_then_sentence", "complete_then_next_line",
        "other_then_next_line", "letter_spaced"])
def test_heading_with_body_text_glued_on_ends_at_the_heading(line, key, title):
    head = "一、总体情况\n略。\n二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n略。\n"
    text = normalise((head if not line.startswith("一、") else "") + line + "\n").text
    sec = {s.key: s for s in find_sections(text)}[key]
    assert sec.title == title
    assert text[sec.start:].startswith(line.split("\n")[0][:2])


# ---------------------------------------------------------------- 2. flattened tables: column order by header


def _expected_tables(exp: dict) -> dict:
    apps = exp["applications_nonzero"]
    rl = exp["review_litigation"]
    return {
        "applications": None if apps is None else {
            "rows": {k: dict(zip(APP_COLS, apps.get(k, [0] * 7), strict=True)) for k in APP_ROWS_2021}},
        "review_litigation": None if rl is None else {
            g: dict(zip(REVIEW_COLS, rl[g], strict=True)) for g in REVIEW_GROUPS},
        "active_disclosure": None if exp["active_disclosure"] is None else {"rows": exp["active_disclosure"]},
    }


@pytest.mark.parametrize("case", TEXT_CASES)
def test_flattened_tables_are_read_in_the_printed_order_or_left_out(case):
    rec, exp = read_case(HERE / f"{case}.txt", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == _expected_tables(exp)
    for w in exp["warnings"]:
        assert any(w in x for x in rec["warnings"]), w
    # the cells read add up as the table prints them: no check on a recovered table fails
    assert [c["id"] for c in rec["checks"] if c["status"] == "fail"] == []


def test_a_flattened_table_left_out_is_not_replaced_by_zeros_or_a_shifted_reading():
    rec = extract(HERE / "t4_flat_order_unknown_and_unfit_2023.txt")
    assert rec.tables.applications is None and rec.tables.review_litigation is None
    assert not any(c.id.startswith(("applications.", "review_litigation.")) and c.status == "pass" for c in rec.checks)


@pytest.mark.parametrize("pieces, total_at, want", [
    (["3012017"], 6, (3, 0, 1, 2, 0, 1, 7)),       # the total last (the template)
    (["8301202"], 0, (8, 3, 0, 1, 2, 0, 2)),       # the total first: the last count is the total less the others
    (["2027410", "02"], 1, (20, 27, 4, 1, 0, 0, 2)),  # the total second, a 2-digit count before it
])
def test_split_run_with_the_total_at_any_place(pieces, total_at, want):
    splits = split_run(pieces, 7, 6, 7, total_at=total_at)
    assert splits == [want]


def test_split_run_never_makes_a_negative_count_to_balance_the_total():
    # 1|5|0|0|0|0|? with 总计 first: 1 - 5 < 0, so no split
    assert split_run(["150000", "9"], 7, 6, 7, total_at=0) == []


def test_flattened_applicant_header_words_give_the_printed_order():
    cfg, cols = _cfg("applications")["column_headers"], _cfg("applications")["columns"]
    words = [*cfg["top"].values(), *cfg["legal"].values()]
    grouped = flat_header_cells("申请人情况法人或其他组织自然人总计商业企业科研机构社会公益组织法律服务机构其他", words)
    assert grouped[:3] == ["法人或其他组织", "自然人", "总计"]
    assert printed_order([grouped], cols, cfg) == (
        "printed", ["commercial", "research", "social_welfare", "legal_services", "other_org", "natural_person", "total"])
    one_row = flat_header_cells("申请人情况 总计 自然人 商业 企业 科研机构 社会公益组织 法律服务机构 其他", words)
    assert printed_order([one_row], cols, cfg) == ("printed", ["total", *cols[:-1]])
    template = flat_header_cells("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他", words)
    assert printed_order([template], cols, cfg) == (TEMPLATE, None)


def test_review_header_words_give_the_groups_and_columns_or_are_unclear():
    rl = _cfg("review_litigation")
    cfg = rl["column_headers"]
    words = [w for part in ("columns", "top", "litigation") for w in cfg[part].values()]

    def order(header: str):
        return review_order(flat_header_cells(header, words), rl["groups"], rl["columns"], cfg)

    cols5 = "结果维持结果纠正其他结果尚未审结总计"
    assert order("四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼" + cols5 + "未经复议直接起诉复议后起诉") == (TEMPLATE, None)
    how, places = order("四、政府信息公开行政复议、行政诉讼情况 行政诉讼行政复议未经复议直接起诉复议后起诉" + cols5 * 3)
    assert how == "printed" and [g for g, _c in places[::5]] == ["litigation_direct", "litigation_after_review", "review"]
    # a column word missing, or the groups printing their columns in different orders: not clear
    assert order("行政复议行政诉讼结果维持结果纠正尚未审结总计未经复议直接起诉复议后起诉")[0] == UNCLEAR
    assert order("行政复议行政诉讼" + cols5 + "未经复议直接起诉复议后起诉" + cols5 + "总计结果维持结果纠正其他结果尚未审结")[0] == UNCLEAR


def test_headings_inline_with_nothing_between_are_all_found():
    # crawled text: an empty part puts the next heading right after a space
    text = normalise("一、总体情况 二、主动公开政府信息情况 本年度公开信息12条。 三、收到和处理政府信息公开申请情况 无。").text
    assert [(s.key, s.title) for s in find_sections(text)] == [
        ("overview", "一、总体情况"), ("active_disclosure", "二、主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况")]


def test_bold_headings_opening_lines_of_a_block_broken_by_br():
    page = ("<html><body><div class='content'>某区水务局2023年政府信息公开工作年度报告<br>"
            "<strong>一、总体情况</strong>本年度公开信息41条。<br>"
            "<strong>二、主动公开政府信息情况</strong>本年度制发行政规范性文件1件。<br>"
            "本局<strong>三、不是标题</strong>的加粗文字留在句中。</div></body></html>").encode("utf-8")
    raw = load_document(page, "br.html").text
    assert "一、总体情况\n本年度公开信息41条。" in raw
    assert "二、主动公开政府信息情况\n本年度制发行政规范性文件1件。" in raw
    assert "本局三、不是标题的加粗文字留在句中。" in raw
