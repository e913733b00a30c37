"""Plain-text layouts found by the independent review (hand-written fixtures in tests/fixtures/review_text/).

- PDF text (`pdftotext -layout`): the single characters of the vertically printed 三、本年度办理结果 sit at
  the start of a line between the two halves of a wrapped row label (`2.其他法律行政` / `度 法规禁止公开 1 0 …`);
- a Word table saved as text (tab-separated, GBK, CRLF): a label cell broken over lines ends on the line that
  carries the row's values (`(二)部分公开(区分处理的,` / `只计这一情形,不计其他情形) <tab> 4 <tab> 1 …`)."""

from __future__ import annotations

from pathlib import Path

from service.pipeline import extract

FIX = Path(__file__).resolve().parent / "fixtures" / "review_text"
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]


def _rows(name: str) -> tuple[dict, list[str], list]:
    rec = extract(FIX / name, model=None)
    assert rec.error is None
    assert rec.tables.applications is not None
    return rec.tables.applications.rows, rec.warnings, rec.checks


def test_vertical_label_characters_between_a_wrapped_label_and_its_numbers():
    rows, warnings, checks = _rows("space_vertical_label_between_wrap.txt")
    assert rows["denied_prohibited_by_law"] == dict(zip(COLS, [1, 0, 0, 0, 0, 0, 1]))
    assert rows["denied_security_stability"] == dict(zip(COLS, [0] * 7))
    assert rows["denied_third_party"] == dict(zip(COLS, [2, 0, 0, 0, 0, 0, 2]))
    assert rows["total"] == dict(zip(COLS, [38, 7, 1, 0, 2, 1, 49]))
    assert not any("denied_prohibited_by_law" in w for w in warnings)
    results = [c for c in checks if c.id.startswith("applications.results_sum.")]
    assert results and all(c.status == "pass" for c in results)


def test_tab_separated_label_cell_broken_over_lines():
    rows, warnings, checks = _rows("tab_cell_broken_over_lines.txt")
    assert rows["partially_granted"] == dict(zip(COLS, [4, 1, 0, 0, 0, 0, 5]))
    assert rows["rejected_confirmation"] == dict(zip(COLS, [2, 0, 0, 0, 0, 0, 2]))
    assert rows["granted"] == dict(zip(COLS, [20, 3, 1, 0, 1, 0, 25]))
    assert rows["carried_forward"] == dict(zip(COLS, [16, 3, 0, 0, 1, 1, 21]))
    assert not any("partially_granted" in w or "rejected_confirmation" in w for w in warnings)
    balance = [c for c in checks if c.id.startswith("applications.balance.")]
    assert balance and all(c.status == "pass" for c in balance)


def test_flattened_2019_signed_change_column():
    """A crawled 2019 table flattened onto one line: the sign of 本年增/减 is a cell boundary, and a signed
    number only fills that column; what the sign does not settle stays blank (never a forced wrong split)."""
    rec = extract(FIX / "flattened_2019_signed_change.txt", model=None)
    assert rec.metadata.template == "2019"
    rows = rec.tables.active_disclosure.rows
    assert rows["fees"] == {"previous_items": 7, "change": -1}
    assert rows["other_services"] == {"previous_items": 0, "change": -5, "decisions": 0}
    assert rows["licensing"] == {"previous_items": 120, "change": None, "decisions": None}
    assert any("licensing" in w and "ambiguously" in w for w in rec.warnings)
    assert rows["coercion"] == {"previous_items": 4, "change": 0, "decisions": 9}
