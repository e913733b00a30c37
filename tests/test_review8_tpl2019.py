"""Review round 8 (helper `tpl2019`): reports on the 2019 template (国办公开办函〔2019〕60号) written by hand,
numbers chosen by the reviewer and the expected JSON written from them (tests/fixtures/review8_tpl2019/).

- 本年增/减 printed in words, as many 2019 and 2020 reports do: `增加2` is +2, `减少3` is -3 — in a `|`
  table in traditional characters (c12), in whitespace-aligned PDF text (c11), and in a crawled table
  flattened without separators (`行政许可21减少3164`, c14: the word opens the signed cell as `-` does;
  what the digits cannot decide stays null). Before, such a row (or the whole flattened table) was lost.
- A money column whose heading states its unit: `采购总金额（元）` over a plain `2783340` is 278.334 万元
  (c05, tab-separated, with a full-width minus `－2`); before, it was read as 2783340 万元.
- A 2020 report already on the 2021 template gives template "2021" (c03); 勾稽 checks on a 2019 table
  count the single (六)其他处理 row in the results sum and report the printed wrong sums (c10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.tables import parse_tables
from service.tables.cells import classify
from tests.review_cases import read_case, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review8_tpl2019"
CASES = sorted(p.name[: -len(".expected.json")] for p in HERE.glob("*.expected.json"))


@pytest.mark.parametrize("case", CASES)
def test_hand_written_2019_template_report(case):
    rec, exp = read_case(HERE / f"{case}.txt", HERE / f"{case}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    checks = {c["id"]: c for c in rec["checks"]}
    for cid, (status, words) in exp.get("checks", {}).items():
        assert checks[cid]["status"] == status, checks[cid]
        for w in words:
            assert re.search(w, checks[cid]["message"]), (w, checks[cid]["message"])
    if exp.get("all_checks_pass"):
        bad = [c for cid, c in checks.items() if cid.startswith(("applications.", "review_litigation.")) and c["status"] != "pass"]
        assert not bad, bad
    for w in exp.get("warnings", []):
        assert any(w in x for x in rec["warnings"]), (w, rec["warnings"])


@pytest.mark.parametrize("text, value", [("增加2", 2), ("减少3", -3), ("减1", -1), ("增4", 4), ("+2", 2), ("－2", None)])
def test_change_cell_in_words(text, value):
    c = classify(text, 0, len(text))
    if value is None:  # full-width forms are normalised before cells are read, not here
        assert c.kind == "text"
    else:
        assert (c.kind, c.value) == ("num", value)


def test_fee_heading_in_yuan_converts_plain_numbers():
    # 2021 template: a report that changed the printed unit of 本年收费金额 to 元
    text = ("二、主动公开政府信息情况\n第二十条第（一）项 | | |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
            "规章 | 0 | 0 | 0\n行政规范性文件 | 1 | 0 | 6\n第二十条第（八）项 |\n信息内容 | 本年收费金额（单位：元）\n"
            "行政事业性收费 | 36000\n三、收到和处理政府信息公开申请情况\n")
    t = parse_tables(text, []).tables.active_disclosure
    assert t.rows["fees"] == {"amount_wan_yuan": 3.6}
    assert t.rows["normative_documents"] == {"issued": 1, "abolished": 0, "in_force": 6}
