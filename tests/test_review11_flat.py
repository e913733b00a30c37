"""Review round 11 (helper `flat`): crawled text with each table flattened onto one line, written by hand
(tests/fixtures/review11_flat/, numbers chosen by the reviewer; the expected JSON written from them, and which cells
the identities pin down worked out with the reviewer's own brute-force solver, not the parser).

The family: both templates, header text flattened in front of the values or dropped by the crawler (c02, c13),
traditional characters (c03, c11), full-width digits (c04, c11), zero-heavy (c06), thousands beside ones (c01, c12),
rows the sums pin down (c01, c03, c12) and cells no identity decides (c07), and tables the crawler cut off. Before:
- a page cut off inside a table (c08, c09) gave wrong cells with no warning: the last digits were read as complete
  (`1100001`, the start of `110000112`, forced into 1|1|0|0|0|0|1; a review run cut to 15 digits that happen to add up).
  Now a run the text ends inside keeps only the cells every reading of it as the start of a longer run prints alike;
- a fee column headed 本年收费金额（单位：元） was read as 万元 (c12: 1563820.5 元 became 1563820.5 万元); a
  procurement row (政府集中采购) was never split (its amount has decimals and more than six digits, c13);
- a table without its column headings was lost (c02: the active-disclosure line was taken for one blank fees row, the
  review digits after the bare section heading were not read), and so was a review run the next paragraph's year ran
  into when the crawler lost the heading between them (c10: `…0001000002023年，我局…`).
Narrative claims never come from the flattened table text (every case)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.normalise import normalise
from service.pipeline import extract
from service.sections import find_sections
from service.tables.digit_runs import cut_cells, read_run, split_cut
from service.tables.flattened import parse_flattened
from tests.review_cases import APP_COLS, APP_ROWS_2021, REVIEW_COLS, REVIEW_GROUPS, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review11_flat"
CASES = sorted(p.stem for p in HERE.glob("*.txt"))
APP_ROWS_2019 = APP_ROWS_2021[:20] + ["other", "total", "carried_forward"]


def _expected_tables(exp: dict) -> dict:
    apps, rl = exp["applications"], exp["review_litigation"]
    printed = apps["printed"] if apps else []
    keys = {"2021": APP_ROWS_2021, "2019": APP_ROWS_2019}[printed] if isinstance(printed, str) else printed
    return {
        "active_disclosure": exp["active_disclosure"],
        "applications": None if apps is None else {
            "rows": {k: dict(zip(APP_COLS, apps["nonzero"].get(k, [0] * 7), strict=True)) for k in keys}},
        "review_litigation": None if rl is None else {g: dict(zip(REVIEW_COLS, rl[g], strict=True)) for g in REVIEW_GROUPS},
    }


def _null_cells(tables: dict) -> list[tuple[str, str]]:
    out = []
    for name, t in tables.items():
        if t is None:
            continue
        if name == "review_litigation":
            out += [(name, g) for g in REVIEW_GROUPS if None in t[g].values()]
        else:
            out += [(name, r) for r, cells in t["rows"].items() if None in cells.values()]
    return out


@pytest.mark.parametrize("case", CASES)
def test_flattened_case(case):
    exp = json.loads((HERE / f"{case}.expected.json").read_text(encoding="utf-8"))
    rec = extract(HERE / f"{case}.txt").model_dump(mode="json")
    assert rec["error"] is None
    assert {k: rec["metadata"][k] for k in exp["metadata"]} == exp["metadata"]
    assert [s["key"] for s in rec["sections"]] == exp["sections"]
    tables = tables_without_offsets(rec)
    assert tables == _expected_tables(exp["tables"])
    warnings = rec["warnings"]
    for w in exp.get("warn_contains", []):
        assert any(w in x for x in warnings), w
    for w in exp.get("no_warning_for", []):
        assert not any(w in x for x in warnings), w
    # a cell left null is named in a warning of its table (never a silent blank)
    for name, row in _null_cells(tables):
        assert any(x.startswith(name) and (row in x or name == "review_litigation") for x in warnings), (name, row)
    assert sorted(c["id"] for c in rec["checks"] if c["status"] == "fail") == sorted(exp.get("failing_checks", []))
    # narrative claims never come from the flattened tables; the prose figures are still found
    text = normalise((HERE / f"{case}.txt").read_text(encoding="utf-8")).text
    for a, b in exp["table_text"]:
        start = text.index(normalise(a).text)
        end = text.index(normalise(b).text, start) + len(b)
        assert not [c["text"] for c in rec["claims"] if c["start"] < end and c["end"] > start]
    for c in exp.get("claims_present", []):
        assert any(c in x["text"] for x in rec["claims"]), c


def test_a_cut_run_keeps_only_the_cells_every_reading_prints():
    # `1100001` cut from `110000112` (11|0|0|0|0|1|12): read whole it would be 1|1|0|0|0|0|1 (a wrong row)
    assert cut_cells(split_cut(["1100001"], 7, 6, 7), 7) == [None] * 7
    # zeros cannot start a longer number: fifteen zeros are the whole review table even at the end of the text
    assert cut_cells(split_cut(["000000000000000"], 15, 6, 5), 15) == [0] * 15
    assert cut_cells(split_cut(["0", "1", "1", "0", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"], 15, 6, 5), 15) \
        == [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    # `200020001110315` (the first 15 digits of 2|0|0|0|2, 0|0|0|1|1, 1|0|3|15|19) adds up as a whole run, but read as
    # the start of a longer one even its first group has other readings (2000|2000|11|1031|…)
    readings = split_cut(["200020001110315"], 15, 6, 5)
    assert (2, 0, 0, 0, 2, 0, 0, 0, 1, 1, 1, 0, 3) in readings and cut_cells(readings, 15) == [None] * 15


def test_a_year_that_runs_into_the_digits_is_no_cell():
    text = "总计0000010001000002023年，我局"
    run = read_run(text, 2, len(text))
    assert run.pieces == ["000001000100000"] and text[run.end:].startswith("2023年")
    text = "继续办理0000000 2022年度"
    assert read_run(text, 4, len(text)).pieces == ["0000000"]
    assert read_run("共2023年", 1, 6).pieces == ["2023"]  # a year alone is left to the caller


def _parse(body: str):
    text = normalise(body).text
    warnings: list[str] = []
    return parse_flattened(text, find_sections(text), warnings), warnings


def test_without_column_headings_prose_is_no_table():
    # the labels stand in sentences (件 and commas between them and the next label): prose, not a headless table
    body = ("一、总体情况 略。 二、主动公开政府信息情况 本年制发规章0件，行政规范性文件3件，行政许可120件。"
            " 三、收到和处理政府信息公开申请情况 本年新收申请5件。 四、政府信息公开行政复议、行政诉讼情况 2023年，未发生行政复议。"
            " 五、存在的主要问题及改进情况 无。")
    assert _parse(body)[0] is None


def test_procurement_amount_in_yuan_and_ambiguous_without_space():
    head = ("一、总体情况 略。 二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000"
            "规范性文件000第二十条第（九）项信息内容采购项目数量采购总金额（元）政府集中采购")
    tail = " 三、收到和处理政府信息公开申请情况 无。"
    (tables, _t), _w = _parse(head + "12 75394432.52" + tail)
    assert tables.active_disclosure.rows["procurement"] == {"items": 12, "amount_wan_yuan": 7539.443252}
    (tables, _t), warnings = _parse(head + "1275394432.52" + tail)
    assert tables.active_disclosure.rows["procurement"] == {"items": None, "amount_wan_yuan": None}
    assert any("procurement" in w and "ambiguously" in w for w in warnings)
