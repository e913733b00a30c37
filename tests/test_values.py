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
        ("2966篇次", "2966", "篇次", "="),
        ("4种", "4", "种", "="),
        # counting words met in the blind set: characters, calls, boards, tenths (成 is not 成员)
        ("1500字以内", "1500", "字", "<="),
        ("8.6万余通", "86000", "通", ">"),
        ("12块", "12", "块", "="),
        ("超过六成", "6", "成", ">"),
        ("不足三成", "3", "成", "<"),
        ("974.39分", "974.39", "分", "="),
        # Chinese decimals (点 + digits read one by one)
        ("百分之九十七点五", "97.5", "%", "="),
        ("三点五万元", "35000", "元", "="),
        # 内 is a limit only after a time unit (NOTES §10: 3个工作日内 keeps 内)
        ("3个工作日内", "3", "个工作日", "<="),
        ("五天内", "5", "天", "<="),
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


def test_limit_word_after_a_time_unit_is_in_the_span_but_not_after_a_count() -> None:
    text = "一般诉求3个工作日内办结,整理10件内容"
    spans = [(text[v.start : v.end], v.parsed.comparator) for v in find_value_spans(text)]
    assert spans == [("3个工作日内", "<="), ("10件", "=")]


def test_a_score_is_a_value_but_clock_minutes_are_excluded() -> None:
    from service.claims.exclusions import exclusion_spans

    text = "绩效考评得分974.39分,发布时间10时25分,用时30分钟"
    spans = [text[v.start : v.end] for v in find_value_spans(text)]
    assert spans == ["974.39分", "25分"]
    minutes = text.index("25分")
    assert any(x.start <= minutes < x.end for x in exclusion_spans(text))
    assert not any(x.start <= text.index("974") < x.end for x in exclusion_spans(text))


def test_bare_number_after_a_count_noun_is_a_value_only_at_the_end_of_its_clause() -> None:
    text = "公众号订阅量1108。文号1108,订阅量1108人次以上"
    spans = [(v.start, text[v.start : v.end]) for v in find_value_spans(text)]
    assert spans == [(6, "1108"), (text.rindex("1108"), "1108人次以上")]


def test_comparator_word_before_the_number_is_in_the_span() -> None:
    text = "全年接待群众近2000人次,超80.5万人次参加"
    spans = [(text[v.start : v.end], v.parsed.comparator) for v in find_value_spans(text)]
    assert spans == [("近2000人次", "~"), ("超80.5万人次", ">")]


@pytest.mark.parametrize("text", ["2021年", "12月15日", "24小时", "国办公开办函〔2021〕30号", "一是", "两个方面", "5G", "12345热线", "三集中三到位", "第二十条", "设立30成员单位联席会议", "共3通过审核"])
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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("局领导小组召开专题会议两次", [("两次", 2, "次", "=")]),
        ("办公室指定一名工作人员负责答复", [("一名", 1, "名", "=")]),
        ("其中予以公开十二件,部分公开三件,不予处理一件", [("十二件", 12, "件", "="), ("三件", 3, "件", "="), ("一件", 1, "件", "=")]),
        ("新建便民服务站四个", [("四个", 4, "个", "=")]),
        ("平均答复时间约九个工作日", [("约九个工作日", 9, "个工作日", "~")]),
        ("响应时间不超过一个工作日", [("不超过一个工作日", 1, "个工作日", "<=")]),
    ],
)
def test_single_chinese_numeral_with_a_counting_word_is_a_value(text: str, expected: list) -> None:
    spans = [(text[v.start : v.end], v.parsed.value, v.parsed.unit, v.parsed.comparator) for v in find_value_spans(text)]
    assert spans == expected


@pytest.mark.parametrize(
    "text",
    [
        "坚持两条腿走路",
        "落实一次性告知制度",
        "推进一件事一次办改革",
        "实行一事一审",
        "公布第一批清单",
        "开展一期数据比对",
        "举行二期系统操作培训",
        "推行三集中三到位",
        "建立一户一档",
        "县、乡、村三级全覆盖",
        "推出三大举措",
        "每月开展一次检查",
        "确保每一个文件合法有效",
        "办事最多跑一次",
        "报告分为六个方面",
        "四个季度的检查",
        "没有出现一起投诉",
        "和企业一起研究",
        "落实行政执法三项制度",
        "探索一种新模式",
        "坚持十六字方针",
    ],
)
def test_single_chinese_numerals_in_fixed_expressions_are_not_values(text: str) -> None:
    assert find_value_spans(text) == []


@pytest.mark.parametrize(
    "text, value, comparator",
    [("约三分之一", "33.33", "~"), ("三分之二以上", "66.67", ">="), ("3分之1", "33.33", "="), ("近半数", "50", "~"),
     ("超过半数", "50", ">")],
)
def test_a_share_written_as_a_fraction_or_half_is_a_percentage(text: str, value: str, comparator: str) -> None:
    """三分之一 used to read as the value 1 (the numeral after 分之), silently wrong; 半数 was no value."""
    p = parse_value(text)
    assert (p.value, p.unit, p.comparator) == (Decimal(value), "%", comparator)


def test_fractions_in_running_text() -> None:
    text = "答复占比达到约三分之一,近半数问题已整改,得分3分之后排名第2"
    spans = [(text[v.start : v.end], v.parsed.value, v.parsed.unit) for v in find_value_spans(text)]
    assert spans[:2] == [("约三分之一", Decimal("33.33"), "%"), ("近半数", 50, "%")]
    assert "3分" not in [s for s, _, _ in spans]
