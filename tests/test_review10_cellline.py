"""Review round 10 (cellline): reports written by tests/fixtures/review10_cellline/make_cases.py from numbers chosen by
hand (the expected JSON beside it holds the same numbers, not the parser's output).

1. One cell per line (web pages saved as text) with a spacer cell in the review/litigation table: the sixteen or
   seventeen cells were trimmed at their ends, so a blank value at an end was dropped instead of the spacer and the
   fifteen values shifted, with only a 'taken as stray' warning (s02 复议 结果维持 blank, s03 a spacer before 复议后起诉
   and 总计 blank at the end, s04 two spacers: left out). Now (`spacer_cells.choose_review_cells`) the empty cells
   that may be dropped are tried: the reading the header tells (an empty cell printed between two groups' headings,
   beyond the merged cells written out: s02, s03, s04; a header printing the groups side by side: no spacer), else
   the one reading whose groups add up (s15, with a warning), else no table and a warning naming it (s05). The
   applications table's spacer column between 自然人 and 法人或其他组织 in this layout (a position empty in every row
   one value wider than the columns) is dropped (s06 zeros left blank: rows were left out; s16 a blank last value:
   the spacer was read as 商业企业, silently).
2. Transposed tables: the review table printed with 结果维持 … 总计 as rows and the three groups as columns was read in
   printed order into the wrong cells, silently (w08 PDF text, h17 `|` grid); it is read by its header
   (`review_transposed`), or left out with a warning when a column or the groups' header is missing. The applications
   table printed transposed in whitespace-aligned PDF text is read when its columns are clearly aligned
   (`transposed.read_transposed_space`, w10), else still left out with the 'looks transposed' warning.
3. The review table printed twice: the copy whose heading names the report's year (`（二）2023年度情况`, `本年度`) while
   the other's names another (`2022年…（供对比）`, `上年度`) is read (d11 `|` text, d12 one cell per line); 本级 and 汇总
   keep the first copy with the warning (d13).
Also pinned: s01 (a spacer and no blank value), w09 (fifteen label/value lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.pipeline import extract
from tests.review_cases import assert_case, build_generated_cases, read_case, tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review10_cellline"
CASES = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_generated_cases(FIX, tmp_path_factory.mktemp("review10_cellline"))


def _case(built: Path, case: str) -> tuple[dict, dict]:
    return read_case(built / f"{case}.txt", FIX / f"{case}.expected.json")


@pytest.mark.parametrize("case", CASES)
def test_report_gives_the_chosen_tables_and_says_what_it_left_out(built, case):
    rec, exp = _case(built, case)
    assert_case(rec, exp)


@pytest.mark.parametrize("case", ["s02_stream_review_spacer_first_blank_nospace",
                                  "s03_stream_review_spacer_before_after_review_blank_end",
                                  "s04_stream_review_two_spacers_colspan_fill"])
def test_a_stream_review_spacer_the_header_shows_is_dropped_and_the_sums_hold(built, case):
    rec, _exp = _case(built, case)
    assert all(c["status"] == "pass" for c in rec["checks"] if c["id"].startswith("review_litigation.sum"))
    assert not any("taken as stray" in x for x in rec["warnings"])


def test_a_spacer_nothing_tells_apart_leaves_no_table_and_names_it(built):
    rec, _exp = _case(built, "s05_stream_review_spacer_unknowable")
    assert rec["tables"]["review_litigation"] is None
    assert any(x.startswith("review_litigation:") and "not clear" in x and "left out" in x for x in rec["warnings"])


def test_the_same_values_read_by_the_sums_say_so(built):
    rec, _exp = _case(built, "s15_stream_review_spacer_sums_decide")
    assert rec["tables"]["review_litigation"]["review"] == {"upheld": None, "corrected": 2, "other": 0, "pending": 0, "total": 2}
    assert any("the only ones that leave each group" in x for x in rec["warnings"])


def test_applications_spacer_column_keeps_blank_last_values_in_place(built):
    rec, _exp = _case(built, "s16_stream_applications_spacer_blank_last_values")
    row = rec["tables"]["applications"]["rows"]["denied_state_secret"]
    assert (row["commercial"], row["other_org"], row["total"]) == (0, None, None)
    assert all(c["status"] == "pass" for c in rec["checks"] if c["id"].startswith("applications"))


@pytest.mark.parametrize("case", ["w08_pdftext_review_transposed_5x3", "h17_pipe_review_transposed_grid"])
def test_a_transposed_review_table_is_read_by_its_header(built, case):
    rec, _exp = _case(built, case)
    assert any("printed transposed" in x for x in rec["warnings"])
    assert all(c["status"] == "pass" for c in rec["checks"] if c["id"].startswith("review_litigation.sum"))


def test_a_transposed_review_table_without_its_group_header_is_left_out(built, tmp_path):
    text = (built / "w08_pdftext_review_transposed_5x3.txt").read_text(encoding="utf-8")
    doc = tmp_path / "no_groups.txt"
    doc.write_text(text.replace("未经复议直接起诉", "").replace("复议后起诉", ""), encoding="utf-8")
    rec = extract(doc).model_dump(mode="json")
    assert rec["tables"]["review_litigation"] is None
    assert any("printed transposed" in x and "left out" in x for x in rec["warnings"])


def test_a_transposed_pdf_text_table_missing_a_number_keeps_the_warning(built, tmp_path):
    text = (built / "w10_pdftext_applications_transposed_aligned.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("科研机构"))
    lines[at] = lines[at].rstrip()[:-1].rstrip()  # the last number (a blank cell PDF text drops) is gone
    doc = tmp_path / "missing.txt"
    doc.write_text("\n".join(lines), encoding="utf-8")
    rec = extract(doc).model_dump(mode="json")
    assert rec["tables"]["applications"] is None
    assert any("looks transposed" in x for x in rec["warnings"])


def test_the_copy_under_the_reports_year_is_read_and_named(built):
    rec, exp = _case(built, "d11_pipe_review_previous_year_first")
    assert tables_without_offsets(rec)["review_litigation"] == exp["tables"]["review_litigation"]
    assert any("(the report's year) is read" in x and "2023年" in x for x in rec["warnings"])
