"""How `nianbao evaluate` decides a predicted claim is right: the gold VALUE goes through the
same value parser (ranks included) and metrics are compared without layout whitespace."""

from __future__ import annotations

import pytest

from service.record import Claim
from training.evaluate import GoldClaim, claim_correct, claim_error, gold_value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("第5", (5.0, "名", "=")),
        ("第3位", (3.0, "位", "=")),
        ("第一", (1.0, "名", "=")),
        ("第十二名", (12.0, "名", "=")),
        ("6277万余条", (62770000.0, "条", ">")),
        ("50%以上", (50.0, "%", ">=")),
        ("排名", (None, None, None)),
    ],
)
def test_gold_values_parse_like_the_extractor(text: str, expected: tuple) -> None:
    assert gold_value(text) == expected


def _pred(metric: str, value: float, unit: str, comparator: str = "=") -> Claim:
    return Claim(metric=metric, value=value, unit=unit, comparator=comparator, text="x", start=0, end=1,
                 metric_span=(0, 1), value_span=(0, 1), source="rule", confidence=0.9)


def test_a_pdf_line_wrap_inside_a_gold_metric_is_not_a_difference() -> None:
    g = GoldClaim(0, 10, (0, 4), (5, 8), "受理政府信息公开申请", 3119.0, "件", "=")
    assert claim_correct(_pred("受理政府\n信息公开申请", 3119, "件"), g)
    assert not claim_correct(_pred("政府信息公开申请", 3119, "件"), g)
    assert claim_error(_pred("政府信息公开申请", 3119, "件"), g) == "wrong metric"
    assert claim_error(_pred("受理政府信息公开申请", 3119, "件", ">"), g) == "wrong comparator"


def test_a_rank_claim_can_be_right() -> None:
    value, unit, comparator = gold_value("第4")
    g = GoldClaim(0, 6, (0, 2), (2, 4), "排名", value, unit, comparator)
    assert claim_correct(_pred("排名", 4, "名"), g)
    assert not claim_correct(_pred("排名", 5, "名"), g)
