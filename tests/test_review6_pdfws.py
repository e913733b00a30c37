"""Review round 6 (PDF, whitespace tables and headings): tables drawn with no ruling line at all whose
blank cells leave no trace in the text layer, and letter-spaced or wrapped section headings
(tests/fixtures/review6_pdfws, drawn by make_cases.py there from hand-chosen numbers; the expected JSON
comes from the same numbers). A blank cell becomes null in its own column with a warning; a row whose
columns cannot be told is left out with a warning, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.ingest import load_document
from service.ingest.pdf_blanks import mark_blank_cells
from service.pipeline import extract
from service.sections import find_sections
from tests.review_cases import read_case, tables_without_offsets

FIX = Path(__file__).parent / "fixtures" / "review6_pdfws"
CASES = sorted(p.stem for p in FIX.glob("*.pdf"))


def _nulls(tables: dict) -> list[tuple[str, str, str]]:
    out = []
    for name, t in tables.items():
        if t is None:
            continue
        if "rows" in t:
            out += [(name, r, c) for r, cols in t["rows"].items() for c, v in cols.items() if v is None]
        else:
            out += [(name, g, c) for g, cols in t.items() for c, v in cols.items() if v is None]
    return out


def test_fixture_set_is_present() -> None:
    assert {"w01_noline_2021_centred", "w02_noline_2019_right", "w03_spaced_headings", "w04_wrapped_headings",
            "w05_noline_unplaceable"} <= set(CASES)


@pytest.mark.parametrize("stem", CASES)
def test_review6_pdfws_case(stem: str) -> None:
    rec, exp = read_case(FIX / f"{stem}.pdf", FIX / f"{stem}.expected.json")
    assert tables_without_offsets(rec) == exp["tables"]
    for name, row, col in _nulls(exp["tables"]):
        assert f"{name}: blank cell at {row}.{col} (counted as 0 in checks)" in rec["warnings"], (row, col)
    for name, row in exp.get("left_out", []):
        assert any(w.startswith(f"{name}: row {row} ") and "left out" in w for w in rec["warnings"]), row
    if "titles" in exp:
        assert [s["title"] for s in rec["sections"]] == exp["titles"]
    # no other blank is reported than the ones printed
    blanks = [w for w in rec["warnings"] if "blank cell" in w]
    assert len(blanks) == len(_nulls(exp["tables"]))


def test_blank_tokens_stand_in_their_columns() -> None:
    """The text layer of a rule-less table: a blank token where the cell is blank, full rows unchanged."""
    lines = load_document(str(FIX / "w01_noline_2021_centred.pdf"), "w01").text.splitlines()
    assert "行政规范性文件 3 — 27" in lines
    assert "二、上年结转政府信息公开申请数量 — 0 0 1 0 0 1" in lines
    assert "4.保护第三方合法权益 0 0 0 0 0 0 —" in [line.split(" ", 1)[-1] for line in lines]
    assert "— 2 1 0 3 0 1 0 0 1 0 0 0 0 —" in lines
    assert "规章 0 1 4" in lines and "行政处罚 38" in lines


def test_unplaceable_rows_and_prose_are_left_as_printed() -> None:
    """Numbers typed into one cell stand under no column; a prose line under the table ending in numbers
    is not a row: all stay as printed, and the rows are left out (review table null) with warnings."""
    doc = load_document(str(FIX / "w05_noline_unplaceable.pdf"), "w05")
    lines = doc.text.splitlines()
    assert "2.重复申请 1 0 0 0 0 1" in lines
    assert "0 0 0 1 1 0 0 0 0 0 0 0 0 0" in lines
    assert "咨询电话 0556 4112 3090" in lines
    assert "—" not in doc.text
    rec = extract(str(FIX / "w05_noline_unplaceable.pdf")).model_dump(mode="json")
    assert rec["tables"]["review_litigation"] is None
    assert any(w.startswith("review_litigation:") and "left out" in w for w in rec["warnings"])


# ---------------------------------------------------------------- mark_blank_cells on lines without rules

def _text_line(top: float, words: list[tuple[str, float]]) -> dict:
    """A pdfplumber text line: each word (text, x0) drawn with 6 pt wide characters."""
    chars = [{"text": ch, "x0": x0 + 6 * i, "x1": x0 + 6 * i + 6} for text, x0 in words for i, ch in enumerate(text)]
    return {"text": " ".join(t for t, _ in words), "top": top, "chars": chars}


CFG = {"table_settings": {"snap_tolerance": 3}, "blank_cell_tolerance": 0.15, "blank_cell_max_shift": 0.45}
PROSE = "本机关持续推进政务公开工作各项任务落实到位取得实效"  # 26 chars: x 50..206 and beyond


def test_unruled_table_rows_get_blanks_under_their_columns() -> None:
    lines = [
        _text_line(80, [(PROSE + "公开质量进一步提升", 50)]),  # prose across the whole width
        _text_line(100, [("信息内容", 60), ("上年", 200), ("本年", 300), ("决定", 400)]),
        _text_line(118, [("行政许可", 60), ("46", 203), ("7", 306), ("1502", 400)]),
        _text_line(136, [("行政处罚", 60), ("9", 206), ("64", 403)]),  # blank in the middle column
        _text_line(154, [("行政强制", 60), ("3", 306), ("5", 406)]),  # blank in the first column
        _text_line(190, [(PROSE + "全年共 3", 50), ("12", 350)]),  # prose ending in numbers
    ]
    assert mark_blank_cells(lines, [], CFG) == {3: "行政处罚 9 — 64", 4: "行政强制 — 3 5"}


def test_prose_above_a_header_gives_no_column() -> None:
    """Without a full row the header cells tell the columns; a short line of prose above the header
    (words right of the labels) is not taken for header cells."""
    header = [_text_line(100, [("信息内容", 60), ("上年", 200), ("本年", 300), ("决定", 400)])]
    rows = [_text_line(118, [("行政许可", 60), ("46", 203), ("1502", 400)]),
            _text_line(136, [("行政处罚", 60), ("9", 306), ("64", 403)])]
    assert mark_blank_cells(header + rows, [], CFG) == {1: "行政许可 46 — 1502", 2: "行政处罚 — 9 64"}
    # a paragraph above the header: a line across the columns, and a line whose words stand right of the
    # labels, one beyond the last column (page furniture, a date): neither gives header cells
    prose = [_text_line(46, [(PROSE * 2, 50)]), _text_line(64, [(PROSE, 50), ("12", 280)]),
             _text_line(82, [("附件", 50), ("第一", 250), ("2023年1月", 530)])]
    assert mark_blank_cells(prose + header + rows, [], CFG) == {4: "行政许可 46 — 1502", 5: "行政处罚 — 9 64"}


def test_one_line_of_numbers_without_header_makes_no_columns() -> None:
    """Two lines ending in numbers with nothing above them (a contact block): no table."""
    lines = [_text_line(100, [(PROSE * 2, 50)]),
             _text_line(118, [("电话", 60), ("0556", 200), ("4112", 300)]),
             _text_line(136, [("传真", 60), ("4113", 300)])]
    assert mark_blank_cells(lines, [], CFG) == {}


def test_numbers_between_columns_are_not_placed() -> None:
    lines = [
        _text_line(100, [("信息内容", 60), ("上年", 200), ("本年", 300), ("决定", 400)]),
        _text_line(118, [("行政许可", 60), ("46", 203), ("7", 306), ("1502", 400)]),
        _text_line(136, [("行政处罚", 60), ("9", 256), ("64", 403)]),  # the 9 half-way between two columns
    ]
    assert mark_blank_cells(lines, [], CFG) == {}


def test_a_page_number_is_no_row() -> None:
    cfg = dict(CFG, _page_number_res=[__import__("re").compile(r"^[-—]\s*\d+\s*[-—]$")])
    lines = [
        _text_line(100, [("信息内容", 60), ("上年", 200), ("本年", 300), ("决定", 400)]),
        _text_line(118, [("行政许可", 60), ("46", 203), ("7", 306), ("1502", 400)]),
        _text_line(136, [("-", 300), ("3", 306), ("-", 312)]),
    ]
    assert mark_blank_cells(lines, [], cfg) == {}


# ---------------------------------------------------------------- section headings

@pytest.mark.parametrize("heading, title", [
    ("四 、 政 府 信 息 公 开 行 政 复 议 、 行 政 诉 讼 情 况", "四、政府信息公开行政复议、行政诉讼情况"),
    ("四、政府信息公开行政复议、行政诉讼 情况", "四、政府信息公开行政复议、行政诉讼情况"),
    ("四、政府信息公开行政复议、行政诉讼情\n况", "四、政府信息公开行政复议、行政诉讼情况"),
    ("四、因政府信息公开工作被申请行政复议\n、提起行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    ("五 、 存 在 的 主 要 问 题 和 改 进 情 况", "五、存在的主要问题和改进情况"),
    ("五、存在的主要问题和改进情\n况", "五、存在的主要问题和改进情况"),
    ("六、其他需要报告的事 项", "六、其他需要报告的事项"),
    # a heading that ends in 情况/事项 takes nothing from the next line
    ("三、收到和处理政府信息公开申请情况\n申请人情况", "三、收到和处理政府信息公开申请情况"),
    ("六、其他需要报告的事项\n本年度未收取信息处理费情况", "六、其他需要报告的事项"),
    ("一、总体情况\n一是主动公开情况。", "一、总体情况"),
])
def test_heading_titles_keep_their_ending(heading: str, title: str) -> None:
    sections = find_sections(heading + "\n正文内容。\n")
    assert [s.title for s in sections] == [title]


def test_heading_without_its_ending_takes_no_prose() -> None:
    text = "四、政府信息公开行政复议、行政诉讼\n五、存在的主要问题及改进情况\n文字。\n"
    assert [s.title for s in find_sections(text)] == ["四、政府信息公开行政复议、行政诉讼", "五、存在的主要问题及改进情况"]
    inline = "正文。四、政府信息公开行政复议、行政诉讼情况 本机关未发生。五、存在的主要问题及改进情况 无。"
    assert [s.title for s in find_sections(inline)] == ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"]


# ---------------------------------------------------------------- one-column rows printed as a label alone

_ACTIVE = """某县审计局2022年政府信息公开工作年度报告
一、总体情况
本机关做好公开工作。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 1 0 5
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 38
行政强制
{after}第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 0
三、收到和处理政府信息公开申请情况
"""


def test_one_column_row_printed_as_its_label_alone_is_blank() -> None:
    rec = extract(_ACTIVE.format(after="").encode(), "a.txt").model_dump(mode="json")
    assert rec["tables"]["active_disclosure"]["rows"]["coercion"] == {"decisions": None}
    assert "active_disclosure: blank cell at coercion.decisions (counted as 0 in checks)" in rec["warnings"]
    # its number on the next line (a wrapped row) is its value
    rec = extract(_ACTIVE.format(after="7\n").encode(), "b.txt").model_dump(mode="json")
    assert rec["tables"]["active_disclosure"]["rows"]["coercion"] == {"decisions": 7}
    assert not any("coercion" in w for w in rec["warnings"])
