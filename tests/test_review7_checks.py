"""Third review round, 勾稽 checks on reports whose own numbers are wrong (hand-written reports, expected values
written from the numbers chosen, not from the parser's output; fixtures in tests/fixtures/review7_checks/).

- A blank cell counts as 0 in a check (record.md); the check's message names the blank cells it counted, pass or
  fail — a failing identity may be a blank holding the missing figure (printed blanks in a pipe table, blank
  行政复议 cells, and flattened cells that no split of the digit run could decide).
- A wrong sum with every cell printed still fails and the message names the row/column and both figures.
- Prose figures with thousands separators (共收到政府信息公开申请1,256件) are compared with the table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from service.checks import run_checks
from service.claims.narrative_checks import narrative_checks
from service.pipeline import extract
from service.record import ReviewGroup, ReviewLitigationTable, Table, Tables

HERE = Path(__file__).parent / "fixtures" / "review7_checks"
CASES = sorted(p.name[: -len(".expected.json")] for p in HERE.glob("*.expected.json"))


def _strip(t):
    return None if t is None else {k: v for k, v in t.items() if k not in ("start", "end")}


@pytest.mark.parametrize("case", CASES)
def test_checks_on_reports_with_wrong_sums(case):
    exp = json.loads((HERE / f"{case}.expected.json").read_text(encoding="utf-8"))
    rec = json.loads(extract(HERE / f"{case}.txt").model_dump_json())
    for name, want in exp["tables"].items():
        assert _strip(rec["tables"][name]) == want, name
    for w in exp["warnings"]:
        assert any(w in x for x in rec["warnings"]), w
    checks = {c["id"]: c for c in rec["checks"]}
    for cid, (status, words) in exp["checks"].items():
        assert cid in checks, cid
        assert checks[cid]["status"] == status, checks[cid]
        for w in words:
            assert re.search(w, checks[cid]["message"]), (w, checks[cid]["message"])
    # every other table check passes: one wrong cell does not spread
    others = [c for cid, c in checks.items() if cid.startswith(("applications.", "review_litigation.")) and cid not in exp["checks"]]
    assert others and all(c["status"] == "pass" for c in others), [c for c in others if c["status"] != "pass"]


def _apps(rows: dict[str, list]) -> Table:
    cols = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
    return Table(rows={r: dict(zip(cols, v)) for r, v in rows.items()})


def test_a_blank_that_fits_as_zero_passes_and_is_named():
    t = Tables(applications=_apps({"granted": [2, None, 0, 0, 0, 0, 2]}))
    c = {c.id: c for c in run_checks(t)}["applications.row_sum.granted"]
    assert c.status == "pass" and "granted.commercial" in c.message


def test_a_printed_wrong_sum_without_blanks_still_fails():
    g = ReviewGroup(upheld=1, corrected=1, other=0, pending=0, total=3)
    z = ReviewGroup(upheld=0, corrected=0, other=0, pending=0, total=0)
    t = Tables(review_litigation=ReviewLitigationTable(review=g, litigation_direct=z, litigation_after_review=z))
    c = {c.id: c for c in run_checks(t)}["review_litigation.sum.review"]
    assert c.status == "fail" and c.expected == 3 and c.actual == 2


@pytest.mark.parametrize("prose, status", [("共收到政府信息公开申请1,256件", "pass"), ("共收到政府信息公开申请1，265件", "fail")])
def test_prose_figure_with_thousands_separator(prose, status):
    from service.normalise import normalise

    text = normalise(f"2023年,{prose}。").text
    t = Tables(applications=_apps({"new_received": [1200, 56, 0, 0, 0, 0, 1256]}))
    c = {c.id: c for c in narrative_checks(text, [], t, [])}["narrative.applications.new_received.total"]
    assert c.status == status and c.expected == 1256


def _year_record(year: int, row: str, cells: list) -> "Record":
    from service.record import Record

    return Record.model_validate({
        "document": {"id": str(year), "source": f"{year}.txt"},
        "metadata": {"agency": "青石县自然资源局", "year": year},
        "tables": {"applications": {"rows": {row: dict(zip(
            ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"], cells))}}},
    })


def test_cross_year_blank_cell_cannot_decide_a_difference():
    from service.cross_document import cross_year_checks

    prev = _year_record(2022, "carried_forward", [2, 1, 0, 0, 0, 0, 3])
    cur = _year_record(2023, "carried_over", [2, None, None, 0, 0, 0, 2])
    got = {c.id: c for c in cross_year_checks([prev, cur])[1]}
    assert got["cross_year.carried_over.commercial"].status == "fail"      # blank (as 0) vs 1, and the message says so
    assert "空白" in got["cross_year.carried_over.commercial"].message
    assert got["cross_year.carried_over.research"].status == "pass"        # blank vs 0
    assert got["cross_year.carried_over.total"].status == "fail"           # 2 vs 3, both printed
