"""Review round 11 (whole): complete reports as a records office receives them — title with agency and year, a
date line, the six parts, narrative with figures, the three tables — in layouts mixed the way sites mix them. Written
by hand from chosen numbers (tests/fixtures/review11_whole/; the Word reports are built by make_cases.py there at test
time); each expected JSON holds the metadata, the section keys, every table cell, the prose figures' checks, and the
strings (dates, phone numbers, 文号, postcodes, 备案号) no claim may come from.

Cases: `|` active table with a one-cell-per-line applications table (c01, c07 on the 2019 template for 2020); Word
tables with merged cells and a narrative naming their totals (c02, c10 in traditional script, c13 on the 2019 template
with a two-line title, c16 with unmerged one-value rows); a portal page with navigation, breadcrumbs, an info bar and a
备案号/电话/地址 footer around `<div class="article">`, rowspan/colspan tables and `&nbsp;` blanks (c03, c09 on the 2019
template, c15 in GB18030 with unmerged cells, c12 with WPS spans splitting the prose figures); traditional script with
full-width digits throughout (c04); GB18030 tab-separated CRLF (c05); UTF-8 with BOM and a broken 予以公开 sum (c06); a
crawled page whose 收到申请 figure contradicts the table (c08; c12 for 行政复议/行政诉讼, c15 for 结转).

Defects found and fixed:
1. A web page saved as text with blanks after each line's closing `|` (`规章 |  `, ` | `): the text reader kept the
   blank after the `|` as a cell of its own, which the grid readers' convention (`a | ` = an empty last cell) reads as
   an empty cell, so every line of the one-cell-per-line layout gained an empty cell: a table with a printed blank
   cell lost rows or the whole table (review table null, 规范性文件 row gone). The text reader now drops blanks after
   the one closing `|` of a line (`ingest.text`); grid lines (`a | b | `) keep their empty last cell.
2. The date printed on a line of its own under the title (`2024年1月15日`, `（2024年1月18日）`, a crawled page's
   `2024-01-15 10:12` or `日期：2024-01-31  来源：…`, `二〇二四年一月十五日`) was not read: publish_date came out null
   when no 发布日期 label or signature was printed (`metadata._head_date`).
3. An HTML page whose title `<h1>` stands above `<div class="article">` with no 发布时间 box beside it lost its title,
   so the agency came out null (c20): the article's opening sentence, which cites 《…政府信息公开工作年度报告格式》,
   passed for the title, so the container was not widened to the title above it (configs/ingest.yaml
   `html.title_pattern` no longer matches 年度报告格式).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from service.ingest.text import decode_text
from service.normalise import normalise
from service.pipeline import extract
from tests.review_cases import APP_COLS, REVIEW_COLS, build_generated_cases, tables_without_offsets

HERE = Path(__file__).parent / "fixtures" / "review11_whole"
CASES = sorted(p.name[: -len(".expected.json")] for p in HERE.glob("*.expected.json"))
RESULTS_EXCLUDED = {"new_received", "carried_over", "total", "carried_forward"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_generated_cases(HERE, tmp_path_factory.mktemp("review11_whole"))


def _document(case: str, built: Path) -> Path:
    for folder in (HERE, built):
        found = [p for p in folder.glob(case + ".*") if not p.name.endswith(".json")]
        if found:
            return found[0]
    raise FileNotFoundError(case)


def _z(v):
    return 0 if v is None else v


def _identity_statuses(tables: dict) -> dict[str, str]:
    """The 勾稽 checks' statuses that the chosen numbers give (a blank counts as 0, record.md)."""
    out: dict[str, bool] = {}
    app = tables["applications"]
    if app:
        r = app["rows"]
        for c in APP_COLS:
            out[f"applications.balance.{c}"] = (_z(r["new_received"][c]) + _z(r["carried_over"][c])
                                                == _z(r["total"][c]) + _z(r["carried_forward"][c]))
            out[f"applications.results_sum.{c}"] = (sum(_z(r[k][c]) for k in r if k not in RESULTS_EXCLUDED)
                                                    == _z(r["total"][c]))
        for k, row in r.items():
            out[f"applications.row_sum.{k}"] = sum(_z(row[c]) for c in APP_COLS[:6]) == _z(row["total"])
    rl = tables["review_litigation"]
    if rl:
        for g, cols in rl.items():
            out[f"review_litigation.sum.{g}"] = sum(_z(cols[c]) for c in REVIEW_COLS[:4]) == _z(cols["total"])
    return {k: "pass" if v else "fail" for k, v in out.items()}


def _check_record(rec: dict, exp: dict, text: str) -> None:
    assert rec.get("error") is None
    assert rec["metadata"] == {**rec["metadata"], **exp["metadata"]}
    assert [s["key"] for s in rec["sections"]] == exp["sections"]
    assert tables_without_offsets(rec) == exp["tables"]
    statuses = {c["id"]: c["status"] for c in rec["checks"]}
    want = {**_identity_statuses(exp["tables"]), **exp["narrative_checks"]}
    assert {k: statuses.get(k) for k in want} == want
    # every prose figure the record compares is one the case states (no check from a table cell or a date)
    assert sorted(k for k in statuses if k.startswith("narrative.")) == sorted(exp["narrative_checks"])
    # no claim from a table, a date, a phone number, a 文号, a postcode or a 备案号
    spans = [(t["start"], t["end"]) for t in rec["tables"].values() if t and t.get("start") is not None]
    for s in exp["no_claim_in"]:
        ns = normalise(s).text
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(ns), text)]
    bad = [c["text"] for c in rec["claims"] if any(c["start"] < e and s < c["end"] for s, e in spans)]
    assert bad == []


@pytest.mark.parametrize("case", CASES)
def test_whole_report_gives_the_chosen_record(case, built):
    doc = _document(case, built)
    exp = json.loads((HERE / f"{case}.expected.json").read_text(encoding="utf-8"))
    record = extract(doc, model=None)
    _check_record(record.model_dump(mode="json"), exp, normalise(record_text(doc)).text)


def record_text(doc: Path) -> str:
    from service.ingest import load_document

    return load_document(doc, str(doc)).text


@pytest.mark.parametrize("tail", [" ", "  ", "\t", "\u3000"], ids=["space", "two_spaces", "tab", "ideographic_space"])
def test_blanks_after_the_closing_bar_of_one_cell_per_line_text(tail, tmp_path):
    """c11 (every table one cell per line, printed blanks in all three) saved with blanks after each `|`: the same
    tables, blank cells in place."""
    case = "c11_webtext_all_cellline_broken_cells"
    text = (HERE / f"{case}.txt").read_text(encoding="utf-8")
    doc = tmp_path / f"{case}.txt"
    doc.write_text(re.sub(r"\|\n", "|" + tail + "\n", text), encoding="utf-8")
    exp = json.loads((HERE / f"{case}.expected.json").read_text(encoding="utf-8"))
    rec = extract(doc, model=None).model_dump(mode="json")
    assert tables_without_offsets(rec) == exp["tables"]
    assert rec["tables"]["review_litigation"]["review"]["pending"] is None


def test_a_grid_line_keeps_its_empty_last_cell():
    """Only a line that is one cell closed by `|` loses the blanks after it; `a | b | ` (a grid whose last cell is
    empty) and text lines are left as they are."""
    raw = "规章 |  \n | \n0 |\u200b \u3000\n规章 | 0 | \n正文  \n"
    assert decode_text(raw.encode("utf-8"), "x.txt") == "规章 |\n |\n0 |\n规章 | 0 | \n正文  \n"


@pytest.mark.parametrize("head, date", [
    ("青川县人民政府青坪乡\n2023年政府信息公开工作年度报告\n2024年1月15日\n", "2024-01-15"),
    ("青川县青坪乡人民政府2023年政府信息公开工作年度报告\n（2024年1月16日）\n", "2024-01-16"),
    ("青川县青坪乡人民政府2023年政府信息公开工作年度报告\n2024-01-17 10:12\n", "2024-01-17"),
    ("2024/01/18\n青川县青坪乡人民政府2023年政府信息公开工作年度报告\n", "2024-01-18"),
    ("青川县青坪乡人民政府2023年政府信息公开工作年度报告\n二〇二四年一月十九日\n", "2024-01-19"),
    ("青川县青坪乡人民政府2023年政府信息公开工作年度报告\n日期：2024-01-21　来源：青坪乡党政办　浏览次数：86\n", "2024-01-21"),
    # a labelled date wins over a bare one; no date line, no signature: null
    ("青川县青坪乡人民政府2023年政府信息公开工作年度报告\n2024年1月15日\n发布日期：2024-01-20\n", "2024-01-20"),
    ("青川县青坪乡人民政府2023年政府信息公开工作年度报告\n", None),
], ids=["bare_under_two_line_title", "bracketed", "iso_with_time", "slashes_over_title", "chinese_numerals",
        "info_line_with_source", "label_wins", "none"])
def test_date_line_under_the_title_is_the_publish_date(head, date, tmp_path):
    case = "c14_text_two_line_title_md_pipes"
    text = (HERE / f"{case}.txt").read_text(encoding="utf-8")
    old = "青川县人民政府青坪乡\n2023年政府信息公开工作年度报告\n2024年1月15日\n"
    assert text.startswith(old)
    doc = tmp_path / "head.txt"
    doc.write_text(head + text[len(old):], encoding="utf-8")
    md = extract(doc, model=None).metadata
    assert md.year == 2023 and md.agency is not None
    assert md.publish_date == date


def test_a_batch_of_the_reports_checks_each_agencys_carry_over_across_years(built, tmp_path):
    """The cases as one batch: c17/c18/c19 are the next year's reports of c04/c02/c07 (traditional → simplified, Word →
    text, 2019 → 2021 template); each later year's 上年结转 is checked against the earlier year's 结转下年度."""
    import shutil

    from service import batch

    folder = tmp_path / "in"
    folder.mkdir()
    for case in CASES:
        doc = _document(case, built)
        shutil.copy(doc, folder / doc.name)
    out = tmp_path / "out.jsonl"
    batch.run_batch(batch.collect_inputs(str(folder)), out, workers=1, no_model=True, progress=False)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(CASES)
    for rec in records:
        case = Path(rec["document"]["source"]).name.rsplit(".", 1)[0]
        exp = json.loads((HERE / f"{case}.expected.json").read_text(encoding="utf-8"))
        got = {c["id"].rsplit(".", 1)[1]: c["status"] for c in rec["checks"] if c["id"].startswith("cross_year.")}
        assert got == exp.get("cross_year", {}), case


@pytest.mark.parametrize("page_date, publish", [(None, "2024-01-29"), ("2024-01-30", "2024-01-30")],
                         ids=["signature_only", "date_line_under_title"])
def test_title_above_the_article_is_kept_without_an_info_box(page_date, publish, tmp_path):
    """c03 without its 发布时间 box: the <h1> above <div class="article"> still gives the agency; the date is the one
    printed under the title, else the signature's."""
    page = (HERE / "c03_html_portal_article.html").read_text(encoding="utf-8")
    page = re.sub(r'<div class="info">.*?</div>', "" if page_date is None else f'<div class="date">{page_date}</div>',
                  page, count=1, flags=re.S)
    doc = tmp_path / "page.html"
    doc.write_text(page, encoding="utf-8")
    md = extract(doc, model=None).metadata
    assert (md.agency, md.year, md.publish_date) == ("青川县青溪镇人民政府", 2023, publish)
