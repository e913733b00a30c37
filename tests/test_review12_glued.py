"""Review round 12 (helper `glued`): crawled/saved pages whose table cells lost their separators at row starts, so
that a row label is glued to the text before it (column headings, the 第二十条 item heading, the previous row's last
number) while the row's own numbers are split off by whitespace. Hand-written cases in tests/fixtures/review12_glued/
(numbers chosen by the reviewer; the expected JSON written from them): spaces (c01, c06, c08, c11), newlines (c02, c07),
a label line then a numbers line (c03, c10, c12), tabs (c05), labels glued to the previous row's last number (c04, c07:
`0 0 2行政规范性文件`, `…1 50二、上年结转…`, `0 0 01.属于国家秘密`, `-1第二十条第（九）项…`), 2019 and 2021 templates,
traditional characters (c08), a row short of a number (c09), a blank one-column cell (c10, c11), a glued header
printing 总计 first (c12). Before:
- labels that must equal their alias (规章, 行政许可, 行政处罚, 行政强制, 3.其他, (七)总计) were not recognised glued to
  headings: with spaces those rows were lost with no warning; with a label line and a numbers line the numbers shifted
  onto the next label (规章's 0 0 2 became 行政规范性文件's, 行政处罚's 35 became 行政强制's) with no warning;
- a number glued to the next label (`17第二十条…行政许可`) was read as part of the label, and its row lost;
- a header flattened onto one cell (`申请人情况自然人法人或其他组织总计商业企业…`) above the rows made the applicant columns'
  order look unclear, and the applications table was left out;
- a label line longer than 60 characters because headings were glued to it was taken for prose;
- a one-column row printed without its number (a blank cell vanished) took the number of the row above or below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.pipeline import extract
from service.tables.cells import logical_rows
from service.tables.glued import glued_number
from service.tables.rows import match_label, row_specs
from service.tables.cells import Cell, LogicalRow
from service.config import load_config
from tests.review_cases import tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review12_glued"
CASES = sorted(p.name[: -len(".expected.json")] for p in FIX.glob("*.expected.json"))


@pytest.mark.parametrize("name", CASES)
def test_case(name: str) -> None:
    exp = json.loads((FIX / f"{name}.expected.json").read_text(encoding="utf-8"))
    rec = extract(FIX / f"{name}.txt").model_dump(mode="json")
    assert rec.get("error") is None
    assert {k: rec["metadata"][k] for k in exp["metadata"]} == exp["metadata"]
    assert tables_without_offsets(rec) == exp["tables"]
    for w in exp.get("warn_contains", []):
        assert any(w in x for x in rec["warnings"]), (w, rec["warnings"])
    for w in exp.get("warn_absent", []):
        assert not any(w in x for x in rec["warnings"]), (w, rec["warnings"])


def test_cases_cover_both_templates_and_all_three_tables() -> None:
    assert len(CASES) >= 8
    exps = [json.loads((FIX / f"{n}.expected.json").read_text(encoding="utf-8")) for n in CASES]
    assert {e["metadata"]["template"] for e in exps} == {"2019", "2021"}
    for t in ("active_disclosure", "applications", "review_litigation"):
        assert any(e["tables"][t] is not None for e in exps)


@pytest.mark.parametrize("token, cut", [
    ("0行政规范性文件", 1), ("17第二十条第(五)项信息内容本年处理决定数量行政许可", 2), ("01.属于国家秘密", 1),
    ("13.危及“三安全一稳定”", 1), ("0(七)总计", 1), ("-1第二十条第(九)项信息内容采购项目数量采购总金额政府集中采购", 2),
    ("1620二、上年结转政府信息公开申请数量", 4),
    # not a number glued to a label: a date, a count with its unit, a list marker, a number before prose
    ("2023年", None), ("3412条", None), ("1.属于国家秘密", None), ("10起行政复议案件", None), ("4.6", None),
])
def test_glued_number(token: str, cut: int | None) -> None:
    assert glued_number(token) == cut


def _match(label: str, specs) -> str | None:
    spec = match_label(LogicalRow(label=[Cell("text", label, 0, len(label))]), specs, 0.72)
    return spec.key if spec else None


def test_glued_labels_name_their_rows_and_headers_stay_headers() -> None:
    cfg = load_config("tables.yaml")
    ad = row_specs(cfg["active_disclosure"]["templates"]["2021"]["rows"])
    app = row_specs(cfg["applications"]["rows"], cfg["applications"]["columns"])
    assert _match("第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章", ad) == "regulations"
    assert _match("本年处理决定数量行政强制", ad) == "coercion"
    assert _match("5(六)其他处理", app) == "other"
    # a longer label is not a glued one, and the header's 总计 is not the (七)总计 row
    assert _match("其他行政强制", ad) is None
    assert _match("规章制度", ad) is None
    assert _match("申请人情况自然人法人或其他组织总计", app) is None


def test_number_glued_to_next_label_is_the_previous_rows_cell() -> None:
    text = "规章 0 0 2行政规范性文件 3 1 17行政许可 88"
    rows = logical_rows(text, 0, len(text))
    assert [([c.text for c in r.label], [c.text for c in r.values]) for r in rows] == [
        (["规章"], ["0", "0", "2"]), (["行政规范性文件"], ["3", "1", "17"]), (["行政许可"], ["88"])]
