"""Review round 9 (which table is which, its orientation, and the template): hand-written reports, numbers chosen by
the reviewer and the expected JSON written from them (tests/fixtures/review9_tablekind/).

1. An applications table printed transposed (applicant types 自然人 … 总计 as rows, the template's rows as columns, as
   some sites and Excel exports print it): in a grid whose header names every row of one template once and whose
   rows name the seven applicant columns once, it is read by its header (`tables.transposed`): `|` text with one
   header line (c01), HTML with a two-level header and 法人或其他组织 as a rowspan label column (c02), the 2019
   template's single （六）其他处理 (c16). Before, c01 was left out with a generic "not found" warning and c02 was
   read as a table of blank rows (the header's rowspan cells taken for rows printed blank). A transposed table
   that is not unambiguous — PDF text (c03), a header that leaves a row out (c15) — is left out with a warning that
   says it looks transposed, never read into shifted cells.
2. `metadata.template` when only the review/litigation table (the same in both templates) was found: before,
   always "2021"; now the template notice the report cites (国办公开办函〔2019〕60号 / 〔2021〕30号, c07), else the
   report's year (record.md: the 2019 template is that of the reports for 2019 and 2020, c05), else null, with a
   warning saying which.
3. Tables not where their heading says: headings of 二 and 三 swapped by the author (c11) gave two null tables
   "not found"; a table whose own section holds none of its anchors is read in another table's section that holds
   its anchors and none of the others' (`regions.find_region`), with a warning naming the heading. Two whole review
   tables one after the other, each under its own header (本级 and 全区汇总, c09; last year's quoted for comparison,
   c12): the first is read, with a warning (before, left out as "30 cells where 15 were expected"); the other two
   tables printed twice keep their first rows, each named in the warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.metadata import template_from_text
from service.pipeline import extract
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review9_tablekind"
CASES = sorted(p.name for p in HERE.iterdir() if p.suffix in (".txt", ".html"))


@pytest.mark.parametrize("case", CASES)
def test_reports_give_the_chosen_tables_and_template(case):
    doc = HERE / case
    rec, exp = read_case(doc, HERE / f"{doc.stem}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    for pattern in exp.get("warnings_contain", []):
        assert any(re.search(pattern, w) for w in rec["warnings"]), pattern


def test_transposed_table_read_says_so_and_its_checks_pass():
    rec = extract(HERE / "c02_html_transposed_two_level.html")
    assert any("printed transposed" in w for w in rec.warnings)
    app_checks = [c for c in rec.checks if c.id.startswith("applications.")]
    assert app_checks and all(c.status == "pass" for c in app_checks)


@pytest.mark.parametrize("name", ["c03_pdftext_transposed.txt", "c15_tabs_transposed_missing_column.txt"])
def test_unreadable_transposed_table_is_left_out_with_its_own_warning(name):
    rec = extract(HERE / name)
    assert rec.tables.applications is None
    assert any(w.startswith("applications: the table looks transposed") for w in rec.warnings)
    # its own warning says why: no generic "not found", and no other reader guesses it
    assert not any(w.startswith("applications: table not found") for w in rec.warnings)


def test_template_without_a_telling_table():
    assert template_from_text("按照国办公开办函〔2021〕30号要求", 2020)[0] == "2021"  # the cited notice wins
    assert template_from_text("按照国办公开办函[2019]60号要求", None)[0] == "2019"
    assert template_from_text("", 2020)[0] == "2019"
    assert template_from_text("", 2019)[0] == "2019"
    assert template_from_text("", 2024)[0] == "2021"
    tpl, why = template_from_text("", None)
    assert tpl is None and "left null" in why
    both = "国办公开办函〔2019〕60号 … 国办公开办函〔2021〕30号"
    assert template_from_text(both, 2022)[0] == "2021"  # both cited: the year decides
    assert template_from_text(both, None)[0] is None


def test_review_only_report_without_year_or_notice_has_no_template():
    text = (HERE / "c05_pipe_only_review_2020.txt").read_text(encoding="utf-8").replace("2020年", "")
    rec = extract(text.encode("utf-8"), source="no_year.txt")
    assert rec.tables.review_litigation is not None and rec.metadata.year is None
    assert rec.metadata.template is None
    assert any(w.startswith("template:") and "left null" in w for w in rec.warnings)


def test_table_under_another_tables_heading_is_named_in_the_warnings():
    rec = extract(HERE / "c11_tabs_headings_swapped.txt")
    assert any(w.startswith("applications: the table stands under the heading «二、主动公开政府信息情况»") for w in rec.warnings)
    assert any(w.startswith("active_disclosure: the table stands under the heading «三、") for w in rec.warnings)
