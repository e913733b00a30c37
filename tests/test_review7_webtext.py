"""Review 7 (web pages saved as text): hand-written reports, numbers chosen by the reviewer.

Combinations the earlier rounds did not cover: the one-cell-per-line layout (`cell |`) with the 2019
template in GBK, and in traditional characters (Taiwan-style converter) with a blank 行政复议 cell; a
tab-separated 2019 table in traditional characters (GB18030, trailing tabs, `278.334万元`); a 街道 report
whose review table is printed as 无 (null, never zeros); and a page run through a Hong Kong-style
converter, which prints the Hong Kong variant 衞 for 衛 (卫): the agency must come out in simplified
script (青禾市卫生健康委员会), which OpenCC t2s alone does not give; and a 乡镇 report whose review table
is printed with every cell 无 (or `/`): the table is there with fifteen blank cells, named in warnings —
as a table of 无 is read for the other two tables — not a missing table."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.normalise import detect_script, normalise
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review7_webtext"
CASES = sorted(p.stem for p in HERE.glob("*.txt"))


@pytest.mark.parametrize("case", CASES)
def test_web_text_reports_give_the_chosen_tables_and_metadata(case):
    rec, exp = read_case(HERE / f"{case}.txt", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]


def test_hong_kong_variant_forms_become_simplified_and_keep_length():
    original = "青禾市衞生健康委員會衹公開一次，敍述"
    norm = normalise(original)
    assert norm.text == "青禾市卫生健康委员会只公开一次,叙述"
    assert len(norm.text) == len(original)
    assert detect_script(norm) == "traditional"
    # simplified text is left as it is (么 stays 么, which a Taiwan-variant table would turn into 幺)
    assert normalise("为什么本局卫生").text == "为什么本局卫生"


def test_review_table_filled_in_with_wu_is_a_table_of_blank_cells():
    from service.pipeline import extract

    for case in ("c16_stream_town_review_cells_all_wu", "c17_pipe_review_slash_marks_hk_bom"):
        rec = extract(HERE / f"{case}.txt", model=None)
        rl = rec.tables.review_litigation
        assert rl is not None, case
        assert rl.review.upheld is None and rl.litigation_after_review.total is None
        blank = [w for w in rec.warnings if w.startswith("review_litigation: blank cell at")]
        assert len(blank) == 15, case
        sums = [c for c in rec.checks if c.id.startswith("review_litigation.sum.")]
        assert sums and all(c.status == "pass" for c in sums)
