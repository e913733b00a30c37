"""Pathological long lines in a report's prose (a table flattened by a crawler, the OCR layer of a number
strip): the whole pipeline reads them in about linear time, takes no claim and no narrative figure from them,
and leaves the rest of the report's record as it was. A 20,000-digit line once took ~25 s (the narrative
phrasings that begin with their number retried the run from each digit), a comma-grouped run as long again
(the fraction pattern of the value finder rescanned it from each group), and a 20,000-digit figure before
件行政复议 made the record fail (Python prints no int of more than 4300 digits)."""
from __future__ import annotations

from pathlib import Path

import pytest

from service.pipeline import extract

REPORT = Path(__file__).parent / "fixtures" / "reports" / "2019_base_space_simplified.txt"
HEADING = "一、总体情况\n"

# each shape is sized so that the old code ran far beyond the test's time limit (24 s for 20,000 digits)
SHAPES = {
    "digits": "".join(str(i % 10) for i in range(50_000)),
    "comma_groups": ",".join(["1", *["234"] * 25_000]),
    "chinese_comma_groups": "，".join(["1", *["234"] * 25_000]),
    "dot_groups": ".".join(str(i % 10) for i in range(20_000)),
    "counts_with_enumeration_commas": "12件、" * 5_000,
    "percent_signs": "123" + "%" * 10_000,
    "chinese_with_a_digit_every_three": "".join(("政府信" if i % 2 else "公开申") + str(i % 10) for i in range(50_000)),
    "fullwidth_digits": "１２３４５６７８９０" * 5_000,
    "digits_then_review_words": "1" * 20_000 + "件行政复议",
    "comma_groups_then_litigation_words": ",".join(["1", *["234"] * 7_000]) + "件行政诉讼",
    "comma_groups_then_fraction": ",".join(["1", *["234"] * 25_000]) + "分之1",
}


def _report_with(line: str) -> bytes:
    text = REPORT.read_text(encoding="utf-8")
    at = text.index(HEADING) + len(HEADING)  # first line of the narrative
    return (text[:at] + line + "\n" + text[at:]).encode("utf-8")


def _summary(rec) -> tuple[list, list]:
    claims = sorted((c.metric, c.value, c.unit) for c in rec.claims)
    checks = sorted((c.id, c.status, c.expected, c.actual) for c in rec.checks)
    return claims, checks


@pytest.fixture(scope="module")
def plain() -> tuple[list, list]:
    rec = extract(REPORT)
    assert rec.error is None and rec.claims and rec.checks
    return _summary(rec)


@pytest.mark.timeout(20)  # a guard against the quadratic rescans coming back (24 s to minutes), not a speed figure
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_long_line_in_the_prose_changes_nothing(shape: str, plain: tuple[list, list]) -> None:
    data = _report_with(SHAPES[shape])
    rec = extract(data, source=f"{shape}.txt")
    assert rec.error is None
    start = data.decode("utf-8").index(HEADING) + len(HEADING)
    end = start + len(SHAPES[shape])
    assert not [c.text for c in rec.claims if c.start < end and c.end > start]  # no claim from the long line
    assert _summary(rec) == plain  # the report's own claims and checks are read as without it


def test_a_figure_of_thousands_of_digits_is_no_narrative_figure() -> None:
    # `123…件行政复议`: the review phrasing matches, but a 20,000-digit figure is no count (the record failed)
    rec = extract(_report_with("1" * 20_000 + "件行政复议"), source="r.txt")
    assert rec.error is None
    review = [c for c in rec.checks if c.id == "narrative.review.total"]
    assert all(c.actual is None or c.actual < 10**12 for c in review)


def test_a_figure_with_thousands_separators_is_still_read_whole() -> None:
    # the phrasings that begin with their number still take the whole 1,234 (not 234) after a comma
    rec = extract(_report_with("本年度发生行政复议案件，其中1,234件行政复议尚在办理。"), source="r.txt")
    review = [c for c in rec.checks if c.id == "narrative.review.total"]
    assert [c.actual for c in review] == [1234]
