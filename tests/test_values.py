"""The value normaliser (service/claims/values.py): every form the guidelines list, exact
decimal arithmetic, comparators, units, and a property test that arbitrary text never crashes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.claims.values import cn_to_decimal, find_value_spans, parse_value


@pytest.mark.parametrize(
    "text, value, unit, comparator",
    [
        # Arabic numbers, thousands separators, decimals
        ("273件", "273", "件", "="),
        ("46,106条", "46106", "条", "="),
        ("1,234.5万元", "12345000", "元", "="),
        ("99.9%", "99.9", "%", "="),
        # Chinese numerals (cn2an) and the forms cn2an refuses
        ("两万件", "20000", "件", "="),
        ("一千二百三十四件", "1234", "件", "="),
        ("两万余件", "20000", "件", ">"),
        ("三千余人", "3000", "人", ">"),
        ("十余人", "10", "人", ">"),
        ("百分之九十五", "95", "%", "="),
        ("百分之百", "100", "%", "="),
        # mixed forms
        ("6277万余条", "62770000", "条", ">"),
        ("9.1亿余元", "910000000", "元", ">"),
        ("380余万次", "3800000", "次", ">"),
        ("2.5万余条", "25000", "条", ">"),
        ("278.334万元", "2783340", "元", "="),
        ("4215万元", "42150000", "元", "="),
        ("744.83万元", "7448300", "元", "="),
        ("近百万", "1000000", None, "~"),
        ("逾千", "1000", None, ">"),
        ("700多条", "700", "条", ">"),
        # comparators
        ("50%以上", "50", "%", ">="),
        ("不少于30件", "30", "件", ">="),
        ("超过200人", "200", "人", ">"),
        ("逾3000户", "3000", "户", ">"),
        ("60个工作日以内", "60", "个工作日", "<="),
        ("不超过15个工作日", "15", "个工作日", "<="),
        ("不足10%", "10", "%", "<"),
        ("不到5家", "5", "家", "<"),
        ("约300人", "300", "人", "~"),
        ("近2000篇", "2000", "篇", "~"),
        ("100人左右", "100", "人", "~"),
        # units from the lexicon
        ("25人次", "25", "人次", "="),
        ("3个百分点", "3", "个百分点", "="),
        ("585笔", "585", "笔", "="),
        ("0元", "0", "元", "="),
    ],
)
def test_value_forms(text: str, value: str, unit: str | None, comparator: str) -> None:
    p = parse_value(text)
    assert p is not None, text
    assert p.value == Decimal(value)
    assert p.unit == unit
    assert p.comparator == comparator


def test_decimal_arithmetic_is_exact() -> None:
    p = parse_value("9.1亿余元")
    assert p.value == Decimal("910000000")
    assert p.as_float() == 910000000.0
    assert repr(p.as_float()) == "910000000.0"
    assert parse_value("0.7%").as_float() == 0.7
    assert parse_value("2.5万余条").as_number() == 25000
    assert isinstance(parse_value("45.3%").as_number(), float)


def test_no_number_gives_none() -> None:
    assert parse_value("") is None
    assert parse_value("政府信息") is None
    assert parse_value("   ") is None


def test_cn_numerals() -> None:
    assert cn_to_decimal("两万") == 20000
    assert cn_to_decimal("一万二") == 12000
    assert cn_to_decimal("百万") == 1000000
    assert cn_to_decimal("二〇二一") == 2021
    with pytest.raises(ValueError):
        cn_to_decimal("余")


def test_value_spans_in_running_text() -> None:
    text = "即办率提高至50%以上,为731个企业(项目)配备专职管家428人,入库有效数据6277万余条"
    spans = [(text[v.start : v.end], v.parsed.value) for v in find_value_spans(text)]
    assert spans == [("50%以上", 50), ("731个", 731), ("428人", 428), ("6277万余条", 62770000)]


def test_comparator_word_before_the_number_is_in_the_span() -> None:
    text = "全年接待群众近2000人次,超80.5万人次参加"
    spans = [(text[v.start : v.end], v.parsed.comparator) for v in find_value_spans(text)]
    assert spans == [("近2000人次", "~"), ("超80.5万人次", ">")]


@pytest.mark.parametrize("text", ["2021年", "12月15日", "24小时", "国办公开办函〔2021〕30号", "一是", "两个方面", "5G", "12345热线", "三集中三到位", "第二十条"])
def test_running_text_forms_that_are_not_values(text: str) -> None:
    assert find_value_spans(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,%万亿余多约近逾超以上内下左右不足到少于过千百十两三一二九零〇个件条人元次第年月日号分之工作日 abc“”《》\n")), max_size=40))
def test_parse_value_never_crashes_on_number_like_text(text: str) -> None:
    p = parse_value(text)
    if p is not None:
        assert p.comparator in {"=", ">=", ">", "<=", "<", "~"}
        assert p.value == p.value  # not NaN
        float(p.as_float())
    for v in find_value_spans(text):
        assert 0 <= v.start < v.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_value_never_crashes_on_arbitrary_text(text: str) -> None:
    parse_value(text)
    find_value_spans(text)
