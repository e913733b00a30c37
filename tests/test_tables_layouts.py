"""The statistical-table parser reads every text layout of the family (issue 2, item 5).

Fixtures: `tests/fixtures/reports/` (one invented report rendered by `make_reports.py` into each
layout, script and template; the expected tables are written by the generator from the invented
numbers, not from the parser)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from service.normalise import normalise
from service.pipeline import extract
from service.sections import find_sections
from service.tables import parse_tables

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
MANIFEST = json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))


def _without_offsets(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _without_offsets(v) for k, v in obj.items() if k not in ("start", "end")}
    return obj


def _expected(entry: dict) -> dict:
    return json.loads((REPORTS / entry["expected"]).read_text(encoding="utf-8"))


_records: dict[str, Any] = {}


def _record(name: str):
    if name not in _records:
        _records[name] = extract(REPORTS / name)
    return _records[name]


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_tables_equal_expected(entry):
    rec = _record(entry["file"])
    assert rec.error is None, rec.error
    got = _without_offsets(rec.tables.model_dump())
    want = _expected(entry)
    for table in ("active_disclosure", "applications", "review_litigation"):
        if want[table] is None:
            assert got[table] is None, f"{table} should be null"
            continue
        assert got[table] is not None, f"{table} not found"
        if table == "review_litigation":
            assert got[table] == want[table]
            continue
        assert list(got[table]["rows"]) == list(want[table]["rows"]), f"rows of {table}"
        for row, cells in want[table]["rows"].items():
            assert got[table]["rows"][row] == cells, f"{table}.{row}"
    assert rec.metadata.template == entry["metadata_template"]


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_checks_and_warnings(entry):
    rec = _record(entry["file"])
    checks = {c.id: c for c in rec.checks}
    failing = {cid for cid, c in checks.items() if c.status == "fail" and not cid.startswith("narrative")}
    table_failing = {cid for cid in failing if cid.split(".")[0] in ("applications", "review_litigation")}
    assert table_failing == set(entry["failing_checks"])
    for w in entry["warnings"]:
        assert any(w in x and "blank" in x for x in rec.warnings), f"no warning names the blank cell {w}: {rec.warnings}"
    if not entry["warnings"]:
        assert not [x for x in rec.warnings if "blank cell" in x]
    # nothing of the tables may be left unplaced or doubted in these well-formed fixtures
    assert not [x for x in rec.warnings if "could not be placed" in x or "left out" in x], rec.warnings
    not_found = [x for x in rec.warnings if "rows not found" in x]
    if entry["variant"] == "missing_row":  # the deleted row is named, nothing else
        assert not_found == ["applications: rows not found: denied_security_stability"]
    else:
        assert not not_found


def test_traditional_and_simplified_give_the_same_tables():
    pairs = [e for e in MANIFEST if e["script"] == "traditional"]
    assert pairs
    for e in pairs:
        simp = e["file"].replace("_traditional", "_simplified")
        assert _without_offsets(_record(e["file"]).tables.model_dump()) == _without_offsets(_record(simp).tables.model_dump())
    assert "規範性文件" in (REPORTS / "2019_base_pipe_traditional.txt").read_text(encoding="utf-8")
    assert "結轉下年度繼續辦理" in (REPORTS / "2021_base_stream_traditional.txt").read_text(encoding="utf-8")


def test_failing_sum_keeps_printed_values_and_says_why():
    rec = _record("2021_broken_sum_pipe_simplified.txt")
    assert rec.tables.applications.rows["total"]["natural_person"] == 40  # printed, not corrected
    assert rec.tables.review_litigation.review.total == 6
    checks = {c.id: c for c in rec.checks}
    c = checks["applications.results_sum.natural_person"]
    assert c.status == "fail" and c.expected == 40 and c.actual == 39
    assert "39" in c.message and "40" in c.message and "总计" in c.message
    r = checks["review_litigation.sum.review"]
    assert r.status == "fail" and "5" in r.message and "6" in r.message


def test_missing_row_shifts_nothing():
    full = _record("2021_base_space_simplified.txt").tables.applications.rows
    for name in ("2021_missing_row_pipe_simplified.txt", "2021_missing_row_space_simplified.txt", "2021_missing_row_stream_simplified.txt"):
        rows = _record(name).tables.applications.rows
        assert "denied_security_stability" not in rows
        assert {k: v for k, v in full.items() if k != "denied_security_stability"} == rows
        assert "coercion" not in _record(name).tables.active_disclosure.rows


def test_blank_cell_is_null_and_named():
    rec = _record("2021_blank_cell_stream_simplified.txt")
    assert rec.tables.applications.rows["rejected_publication"]["research"] is None
    assert rec.tables.applications.rows["rejected_publication"]["total"] == 0
    assert rec.tables.active_disclosure.rows["penalty"] == {"decisions": None}
    assert rec.tables.review_litigation.litigation_direct.other is None
    assert any("rejected_publication.research" in w for w in rec.warnings)


def test_2019_template_columns_and_money():
    rec = _record("2019_base_space_simplified.txt")
    rows = rec.tables.active_disclosure.rows
    assert rows["procurement"] == {"items": 17, "amount_wan_yuan": 278.334}
    assert rows["licensing"]["change"] == -3
    assert rows["other_services"] == {"previous_items": 35, "change": 2, "decisions": 640}
    assert "other" in rec.tables.applications.rows and "other_other" not in rec.tables.applications.rows
    assert rec.metadata.template == "2019"


# ---------------------------------------------------------------- the seeds

def test_seed_004_every_cell(shared_dir):
    seed = next((shared_dir / "seeds").glob("004_*.txt"), None)
    if seed is None:
        pytest.skip("seed 004 absent")
    want = json.loads((shared_dir / "spec" / "example-record-004.json").read_text(encoding="utf-8"))["tables"]
    got = _without_offsets(extract(seed).tables.model_dump())
    assert got == _without_offsets(want)


@pytest.mark.parametrize("prefix", ["001", "003"])
def test_seeds_without_tables_give_null(shared_dir, prefix):
    seed = next((shared_dir / "seeds").glob(f"{prefix}_*.txt"), None)
    if seed is None:
        pytest.skip(f"seed {prefix} absent")
    rec = extract(seed)
    assert rec.error is None
    assert rec.tables.active_disclosure is None
    assert rec.tables.applications is None
    assert rec.tables.review_litigation is None
    # the absent tables' checks are there, skipped (never failed), and a warning names each absent table
    table_checks = [c for c in rec.checks if c.id.startswith(("applications.", "review_litigation."))]
    assert table_checks and {c.status for c in table_checks} == {"skipped"}
    assert sorted(w.split(":")[0] for w in rec.warnings if "table not found" in w) == [
        "active_disclosure", "applications", "review_litigation"]
    assert rec.metadata.template is None


# ---------------------------------------------------------------- real PDFs through the raw text layer

PDF_SLUGS = ["huaian_city_2024", "huaian_hongze_2023", "huaian_hongze_2024"]


def _raw_text_layer(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize("slug", PDF_SLUGS)
def test_pdf_text_layer_gives_the_grid_cells(shared_dir, slug):
    """The whitespace (`space`) layout on real data: the pdfplumber text layer, without ruling lines,
    must give the cells the ruled grid gives (where the text layer holds them)."""
    path = shared_dir / "corpus" / "pdf" / f"{slug}.pdf"
    if not path.exists():
        pytest.skip(f"{path} absent")
    grid = _without_offsets(extract(path).tables.model_dump())
    text = normalise(_raw_text_layer(path)).text
    assert "|" not in text
    res = parse_tables(text, find_sections(text))
    got = _without_offsets(res.tables.model_dump())
    for table in ("active_disclosure", "applications", "review_litigation"):
        assert grid[table] is not None
        assert got[table] == grid[table], f"{slug}: {table} from the text layer differs from the grid"
    assert res.warnings == []


@pytest.mark.parametrize("slug", PDF_SLUGS)
def test_pdftotext_layout_gives_the_grid_cells(shared_dir, slug, tmp_path):
    """The other whitespace flavour: poppler's `pdftotext -layout` (wrapped labels above their numbers)."""
    import shutil
    import subprocess

    path = shared_dir / "corpus" / "pdf" / f"{slug}.pdf"
    if not path.exists() or shutil.which("pdftotext") is None:
        pytest.skip("PDF or pdftotext absent")
    out = tmp_path / "layout.txt"
    subprocess.run(["pdftotext", "-layout", str(path), str(out)], check=True)
    grid = _without_offsets(extract(path).tables.model_dump())
    text = normalise(out.read_text(encoding="utf-8")).text
    res = parse_tables(text, find_sections(text))
    assert _without_offsets(res.tables.model_dump()) == grid
    assert res.warnings == []


def test_page_footer_is_not_a_table_row():
    text = normalise((REPORTS / "2021_base_space_simplified.txt").read_text(encoding="utf-8")).text
    assert re.search(r"^- 3 -$", text, re.M)
    res = parse_tables(text, find_sections(text))
    assert res.warnings == []  # the footer's 3 is neither placed nor reported as an unplaced number
    assert res.tables.applications.rows["unable_unclear"]["natural_person"] == 1
    assert res.tables.applications.rows["unable_needs_creation"]["natural_person"] == 1


# ---------------------------------------------------------------- the space layout, quirks drawn at random

def _generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_reports", REPORTS / "make_reports.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _random_space_applications(rep, rng) -> str:
    """The applications table as PDF text, each row printed with a quirk drawn at random: numbers
    on the label's line, on the line before or after it, a label wrapped around its numbers or with
    the numbers on either half, stray spaces inside the label, vertical single characters between rows."""
    lines = ["申请人情况", "自然人   商业   科研   社会   法律   其他   总计", "企业   机构   公益   服务", "组织   机构"]
    quirks = ["inline", "before", "after", "wrap_between", "wrap_first", "wrap_second", "wrap_above", "wrap_below", "spaces"]
    for key, groups, label, cells in rep.app_rows():
        nums = "  ".join(c for c in cells)
        full = "".join(groups) + " " + label if groups and rng.random() < 0.5 else label
        q = rng.choice(quirks)
        cut = rng.randint(4, max(4, len(label) - 2))
        head, tail = label[:cut], label[cut:]
        if q.startswith("wrap") and (len(label) < 8 or not tail):
            q = "inline"
        if q == "inline":
            lines.append(f"{full}   {nums}")
        elif q == "before":
            lines += [f"          {nums}", full]
        elif q == "after":
            lines += [full, f"          {nums}"]
        elif q == "wrap_between":
            lines += [head, f"          {nums}", tail]
        elif q == "wrap_first":
            lines += [f"{head}   {nums}", tail]
        elif q == "wrap_second":
            lines += [head, f"{tail}   {nums}"]
        elif q == "wrap_above":  # both label lines above the numbers (pdftotext -layout)
            lines += [head, tail, f"          {nums}"]
        elif q == "wrap_below":
            lines += [f"          {nums}", head, tail]
        else:
            lines.append(" ".join(label[i:i + 2] for i in range(0, len(label), 2)) + f"   {nums}")
        if rng.random() < 0.2:
            lines.append(rng.choice(["、", "本", "年", "- 2 -", "结"]))
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(60))
def test_space_layout_random_quirks(seed):
    import random

    gen = _generator()
    rng = random.Random(seed)
    template = "2021" if seed % 2 == 0 else "2019"
    rep = gen.Report(template, "base")
    body = _random_space_applications(rep, rng)
    text = normalise(f"三、收到和处理政府信息公开申请情况\n{body}\n四、政府信息公开行政复议、行政诉讼情况\n本年度无。\n").text
    res = parse_tables(text, find_sections(text))
    assert res.tables.applications is not None, body
    assert res.tables.applications.rows == rep.apps, body


def _random_space_active(rep, rng) -> str:
    """The 第二十条 table as PDF text with a quirk per row (these labels carry no list markers)."""
    lines = []
    for heading, header, rows in rep.active_blocks():
        lines += [heading, "   ".join(header)]
        for label, cells in rows:
            nums = "   ".join(c for c in cells)
            q = rng.choice(["inline", "before", "after", "wrap_between", "wrap_first", "wrap_second", "wrap_above", "wrap_below"])
            if len(label) < 4 and q.startswith("wrap"):
                q = "inline"
            cut = rng.randint(2, len(label) - 2) if len(label) >= 4 else 0
            head, tail = label[:cut], label[cut:]
            if q == "inline":
                lines.append(f"{label}   {nums}")
            elif q == "before":
                lines += [f"        {nums}", label]
            elif q == "after":
                lines += [label, f"        {nums}"]
            elif q == "wrap_between":
                lines += [head, f"        {nums}", tail]
            elif q == "wrap_first":
                lines += [f"{head}   {nums}", tail]
            elif q == "wrap_second":
                lines += [head, f"{tail}   {nums}"]
            elif q == "wrap_above":
                lines += [head, tail, f"        {nums}"]
            else:
                lines += [f"        {nums}", head, tail]
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(60))
def test_space_layout_random_quirks_active_disclosure(seed):
    import random

    gen = _generator()
    rng = random.Random(1000 + seed)
    template = "2021" if seed % 2 == 0 else "2019"
    rep = gen.Report(template, "base")
    body = _random_space_active(rep, rng)
    text = normalise(f"二、主动公开政府信息情况\n{body}\n三、收到和处理政府信息公开申请情况\n无。\n").text
    res = parse_tables(text, find_sections(text))
    assert res.tables.active_disclosure is not None, body
    assert res.tables.active_disclosure.rows == rep.active, body
    assert res.template == template


# ---------------------------------------------------------------- no section headings at all

BASE = [e for e in MANIFEST if e["variant"] == "base"]


@pytest.mark.parametrize("entry", BASE, ids=[e["file"] for e in BASE])
def test_tables_found_without_headings(entry):
    """With every part heading removed, each table is found from its own anchor phrases and ends
    where the next table begins: same cells, no stray warnings."""
    from service.ingest import load_document

    gen = _generator()
    text = normalise(load_document(REPORTS / entry["file"]).text).text
    for heading in gen.HEADINGS.values():
        text = re.sub(r"\s*".join(map(re.escape, heading)) + r"\n", "", text)
    assert find_sections(text) == []
    res = parse_tables(text, [])
    assert _without_offsets(res.tables.model_dump()) == _expected(entry)
    assert res.warnings == []


def test_committed_fixtures_are_the_generator_output(tmp_path):
    """The fixtures are generated, never edited by hand: regenerating gives the same files."""
    _generator().main(tmp_path)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert made
    for rel in made:
        assert (REPORTS / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


# ---------------------------------------------------------------- a DOCX report with merged cells

@pytest.mark.parametrize("template", ["2021", "2019"])
def test_docx_with_merged_cells(tmp_path, template):
    """Word tables merge the group labels vertically (三、本年度办理结果, (三)不予公开 ...) and the
    row labels of 一、/二、/四、 horizontally; the DOCX reader renders the grid as `|` rows."""
    docx = pytest.importorskip("docx")
    gen = _generator()
    rep = gen.Report(template, "blank_cell")
    doc = docx.Document()
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = rep.app_rows()
    table = doc.add_table(rows=len(rows) + 1, cols=10)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "信息内容"
    for j, head in enumerate(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]):
        table.cell(0, 3 + j).text = head
    results = [i for i, (key, *_rest) in enumerate(rows, start=1) if key not in ("new_received", "carried_over", "carried_forward")]
    table.cell(results[0], 0).merge(table.cell(results[-1], 0)).text = "三、本年度办理结果"
    for prefix, group in (("denied_", "（三）不予公开"), ("unable_", "（四）无法提供"), ("rejected_", "（五）不予处理"), ("other_", "（六）其他处理")):
        members = [i for i, (key, *_rest) in enumerate(rows, start=1) if key.startswith(prefix)]
        if members:
            table.cell(members[0], 1).merge(table.cell(members[-1], 1)).text = group
    for i, (key, groups, label, cells) in enumerate(rows, start=1):
        if key in ("new_received", "carried_over", "carried_forward"):
            table.cell(i, 0).merge(table.cell(i, 2)).text = label
        elif any(key.startswith(p) for p in ("denied_", "unable_", "rejected_", "other_")):
            table.cell(i, 2).text = label
        else:
            table.cell(i, 1).merge(table.cell(i, 2)).text = label
        for j, c in enumerate(cells):
            table.cell(i, 3 + j).text = c or ""
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    doc.add_paragraph("本年度未发生行政复议、行政诉讼。")
    path = tmp_path / "report.docx"
    doc.save(path)
    rec = extract(path)
    assert rec.error is None, rec.error
    assert rec.tables.applications.rows == rep.apps
    assert rec.tables.active_disclosure is None and rec.tables.review_litigation is None
    assert any("denied_internal_affairs.total" in w for w in rec.warnings)
