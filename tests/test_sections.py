"""The six standard parts of a report found by their headings: `一、概述` forms, lead-ins
(`四、因政府信息公开工作被申请行政复议、提起行政诉讼情况`), headings broken over lines in PDF text,
headings inline in crawled text, parts missing, traditional script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from service.ingest import load_document
from service.normalise import normalise
from service.sections import find_sections

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
MANIFEST = json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))
ALL = ["overview", "active_disclosure", "applications", "review_litigation", "problems", "other"]


def _text(path: Path) -> str:
    return normalise(load_document(path, str(path)).text).text


def _ws(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_fixture_sections(entry):
    text = _text(REPORTS / entry["file"])
    secs = find_sections(text)
    want = [k for k in ALL if not (k == "review_litigation" and entry["variant"] == "missing_part")]
    assert [s.key for s in secs] == want
    # contiguous, in order, each starting at its heading and the last running to the end
    for a, b in zip(secs, secs[1:]):
        assert a.end == b.start
    assert secs[-1].end == len(text)
    for s in secs:
        assert _ws(text[s.start:s.end]).startswith(s.title)
        assert re.match(r"[一二三四五六]、", s.title)
    titles = {s.key: s.title for s in secs}
    if entry["variant"] == "alt_headings":
        assert titles["overview"] == "一、概述"
        assert titles["review_litigation"] == "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
        assert titles["problems"] == "五、政府信息公开工作存在的主要问题及改进情况"
    if entry["variant"] == "missing_part":
        assert titles["problems"] == "四、存在的主要问题及改进情况"
    if entry["layout"] == "space" and entry["variant"] == "base":
        assert titles["applications"] == "三、收到和处理政府信息公开申请情况"  # broken over two lines in the file


def test_table_rows_are_not_headings():
    text = _text(REPORTS / "2021_base_space_simplified.txt")
    secs = find_sections(text)
    starts = {text[s.start:s.start + 12] for s in secs}
    assert not any(s.startswith(("一、本年新收", "二、上年结转", "四、结转下年度")) for s in starts)
    app = next(s for s in secs if s.key == "applications")
    assert "四、结转下年度继续办理" in text[app.start:app.end]


CASES = {
    "inline": (
        "一、总体情况 2022年我局完成各项工作。二、主动公开政府信息情况 第二十条第(一)项 "
        "三、收到和处理政府信息公开申请情况 申请人情况 四、政府信息公开行政复议、行政诉讼情况 "
        "五、存在的主要问题及改进情况 问题。六、其他需要报告的事项 无。",
        ALL,
    ),
    "dot": ("一.总体情况\n文\n二. 主动公开政府信息情况\n表\n三．收到和处理政府信息公开申请情况\n表\n", ALL[:3]),
    "traditional": (
        "一、總體情況\n二、主動公開政府信息情況\n三、收到和處理政府信息公開申請情況\n"
        "四、政府信息公開行政復議、行政訴訟情況\n五、存在的主要問題及改進情況\n六、其他需要報告的事項\n",
        ALL,
    ),
    "broken_lead_in": (
        "一、总体情况\n文\n四、因政府信息公开工作被申\n请行政复议、提起行政诉讼情况\n表\n五、存在的主要问题及改进情况\n文\n",
        ["overview", "review_litigation", "problems"],
    ),
    "only_overview_and_other": ("一、概况\n本机关概况。\n二、其他需要报告的事项\n无。\n", ["overview", "other"]),
    "no_standard_parts": ("一、所做的主要工作\n（一）持续推进政务服务\n二、下一步工作打算\n", []),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_heading_forms(name):
    raw, want = CASES[name]
    text = normalise(raw).text
    assert [s.key for s in find_sections(text)] == want


def test_inline_titles_stop_at_the_heading():
    text = normalise(CASES["inline"][0]).text
    titles = {s.key: s.title for s in find_sections(text)}
    assert titles["active_disclosure"] == "二、主动公开政府信息情况"
    assert titles["review_litigation"] == "四、政府信息公开行政复议、行政诉讼情况"


def test_seed_sections(shared_dir):
    seeds = {p.name[:3]: p for p in (shared_dir / "seeds").glob("*.txt")}
    for prefix in ("001", "004"):
        if prefix in seeds:
            text = normalise(seeds[prefix].read_text(encoding="utf-8")).text
            assert [s.key for s in find_sections(text)] == ALL
    if "003" in seeds:  # a work summary without the six standard parts
        text = normalise(seeds["003"].read_text(encoding="utf-8")).text
        assert find_sections(text) == []
